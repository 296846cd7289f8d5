package outpost.system.protocol;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import outpost.proto.v1.HelloReply;
import outpost.proto.v1.HelloRequest;
import outpost.proto.v1.PushAck;
import outpost.proto.v1.PushBatch;
import outpost.proto.v1.SyncGrpc;
import outpost.system.fixture.RawBytes;

/**
 * A gRPC client that speaks to the hub below the edge's sync engine, to send what a correct edge never
 * would: data bytes that are not JSON, or bytes that are not a protobuf message at all.
 */
public final class RawClient implements AutoCloseable {
  private static final Metadata.Key<String> SITE = Metadata.Key.of("x-outpost-site", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> TOKEN = Metadata.Key.of("x-outpost-token", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> PROTOCOL =
      Metadata.Key.of("x-outpost-protocol", Metadata.ASCII_STRING_MARSHALLER);

  /** How a push call ended: the acks received, and the status it closed with. */
  public record Outcome(List<PushAck> acks, Status status) {}

  private final ManagedChannel channel;
  private final io.grpc.Channel authed;

  public RawClient(String address, String site, String token) {
    channel = NettyChannelBuilder.forTarget(address).usePlaintext().maxInboundMessageSize(64 << 20).build();
    Metadata headers = new Metadata();
    headers.put(SITE, site);
    headers.put(TOKEN, token);
    headers.put(PROTOCOL, "1");
    authed = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  HelloReply hello() {
    return SyncGrpc.newBlockingStub(authed).withDeadlineAfter(10, TimeUnit.SECONDS)
        .hello(HelloRequest.getDefaultInstance());
  }

  /** A response observer that hands each message to {@code onNext} and completes {@code done} with how the call ended. */
  private static <T> StreamObserver<T> endingIn(CompletableFuture<Status> done, Consumer<T> onNext) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        onNext.accept(value);
      }

      @Override
      public void onError(Throwable t) {
        done.complete(Status.fromThrowable(t));
      }

      @Override
      public void onCompleted() {
        done.complete(Status.OK);
      }
    };
  }

  /** Sends the batches, half-closes, and waits for the end of the call. */
  public Outcome push(List<PushBatch> batches) {
    List<PushAck> acks = new ArrayList<>();
    CompletableFuture<Status> done = new CompletableFuture<>();
    StreamObserver<PushBatch> out = SyncGrpc.newStub(authed).withDeadlineAfter(30, TimeUnit.SECONDS)
        .push(endingIn(done, ack -> {
          synchronized (acks) {
            acks.add(ack);
          }
        }));
    batches.forEach(out::onNext);
    out.onCompleted();
    Status status = get(done);
    synchronized (acks) {
      return new Outcome(List.copyOf(acks), status);
    }
  }

  /** Sends these bytes as the one message of a Push call and answers how the call ended. */
  Status pushBytes(byte[] message) {
    MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
        .setFullMethodName(SyncGrpc.getPushMethod().getFullMethodName())
        .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    ClientCall<byte[], byte[]> call = authed.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
    CompletableFuture<Status> done = new CompletableFuture<>();
    StreamObserver<byte[]> out = ClientCalls.asyncBidiStreamingCall(call, endingIn(done, value -> {
      // an ack would mean the hub took the bytes as a batch; the status says more
    }));
    out.onNext(message);
    out.onCompleted();
    return get(done);
  }

  private static Status get(CompletableFuture<Status> done) {
    try {
      return done.get(40, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the push call did not end", e);
    }
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = RawBytes.MARSHALLER;

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
