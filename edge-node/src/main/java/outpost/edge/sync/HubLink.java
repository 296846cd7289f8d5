package outpost.edge.sync;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.proto.v1.SyncGrpc;

/** The gRPC channel to one hub, with the site's credentials and protocol version on every call. */
final class HubLink implements AutoCloseable {
  static final int PROTOCOL_VERSION = 1;
  static final Metadata.Key<String> SITE = Metadata.Key.of("x-outpost-site", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> TOKEN = Metadata.Key.of("x-outpost-token", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> PROTOCOL =
      Metadata.Key.of("x-outpost-protocol", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel channel;
  private final Channel authed;

  HubLink(HubTarget hub, String site, int protocolVersion) {
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget(hub.address())
        .maxInboundMessageSize(hub.maxMessageBytes())
        .keepAliveTime(30, TimeUnit.SECONDS)
        .keepAliveTimeout(10, TimeUnit.SECONDS)
        .idleTimeout(5, TimeUnit.MINUTES);
    if (hub.caFile() != null) {
      try {
        builder.sslContext(GrpcSslContexts.forClient().trustManager(hub.caFile().toFile()).build());
      } catch (SSLException e) {
        throw new OutpostException(ErrorCode.CONNECTION_ERROR, "cannot load CA " + hub.caFile(), e);
      }
    } else {
      builder.usePlaintext();
    }
    channel = builder.build();
    authed = ClientInterceptors.intercept(channel, new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            headers.put(SITE, site);
            headers.put(TOKEN, hub.token() == null ? "" : hub.token());
            headers.put(PROTOCOL, Integer.toString(protocolVersion));
            super.start(listener, headers);
          }
        };
      }
    });
  }

  SyncGrpc.SyncStub async() {
    return SyncGrpc.newStub(authed);
  }

  SyncGrpc.SyncBlockingStub blocking() {
    return SyncGrpc.newBlockingStub(authed);
  }

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
