package outpost.edge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.proto.v1.HelloRequest;
import outpost.proto.v1.SyncGrpc;

/**
 * The edge reads a hub's error code from the trailer, and from the status text of a hub that sends none; a transport
 * failure reads as the code's sentence with the transport's words a person can use.
 */
class StatusMappingTest {
  private static final Metadata.Key<String> CODE =
      Metadata.Key.of("outpost-error-code", Metadata.ASCII_STRING_MARSHALLER);

  @Test
  void aRefusedCallsCodeArrivesThroughTheTrailer() throws Exception {
    // The status text names no code and its gRPC status would map to another one: only the trailer says AUTH_ERROR.
    Metadata trailers = new Metadata();
    trailers.put(CODE, "AUTH_ERROR");
    OutpostException e = StatusMapping.from(refusedHello(Status.INTERNAL.withDescription("site unknown"), trailers));
    assertEquals(ErrorCode.AUTH_ERROR, e.code());
    assertEquals("site unknown", e.getMessage());
  }

  @Test
  void anOldStyleStatusTextStillNamesTheCode() throws Exception {
    OutpostException e = StatusMapping.from(refusedHello(
        Status.INVALID_ARGUMENT.withDescription("BAD_REQUEST: batch 3 has 900 changes"), new Metadata()));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertEquals("batch 3 has 900 changes", e.getMessage());
  }

  @Test
  void theTrailerDecidesWhenTheStatusTextNamesAnotherCode() {
    Metadata trailers = new Metadata();
    trailers.put(CODE, "PERMISSION_DENIED");
    OutpostException e = StatusMapping.from(
        Status.INTERNAL.withDescription("INTERNAL_ERROR: refused").asRuntimeException(trailers));
    assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
  }

  /** Calls Hello on a real gRPC server that refuses every call with {@code status} and {@code trailers}. */
  private static StatusRuntimeException refusedHello(Status status, Metadata trailers) throws Exception {
    ServerInterceptor refuse = new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
          ServerCallHandler<Q, A> next) {
        call.close(status, trailers);
        return new ServerCall.Listener<>() {};
      }
    };
    Server server = NettyServerBuilder.forPort(0)
        .addService(ServerInterceptors.intercept(new SyncGrpc.SyncImplBase() {}, refuse)).build().start();
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    try {
      return assertThrows(StatusRuntimeException.class,
          () -> SyncGrpc.newBlockingStub(channel).hello(HelloRequest.getDefaultInstance()));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aDeadlineReadsAsHowLongTheHubGaveNoAnswerWithoutTheChannelsInternals() {
    OutpostException e = StatusMapping.from(Status.DEADLINE_EXCEEDED.withDescription("CallOptions deadline exceeded"
        + " after 5.892946606s. Name resolution delay 0.039332980 seconds. [closed=[], open=[[connecting_and_lb_delay"
        + "=5899394629ns, was_still_waiting]]]").asRuntimeException());
    assertEquals(ErrorCode.TIMEOUT, e.code());
    assertEquals("The hub stopped answering (no answer for 6 s)", e.getMessage());
  }

  @Test
  void aConnectionFailureKeepsTheTransportsFirstSentenceOnly() {
    assertEquals("The hub could not be reached (io exception)", StatusMapping.from(Status.UNAVAILABLE
        .withDescription("io exception").asRuntimeException()).getMessage());
    assertEquals("The hub could not be reached (Connection refused)", StatusMapping.from(Status.UNAVAILABLE
        .withDescription("Connection refused. Details follow [a=b]").asRuntimeException()).getMessage());
  }
}
