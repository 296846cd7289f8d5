package outpost.system.browser;

import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;
import outpost.proto.v1.SyncGrpc;

/** A site that speaks the protocol by hand (an older edge, or one doing only some calls): its own channel. */
final class SiteStub implements AutoCloseable {
  private final ManagedChannel channel;
  final SyncGrpc.SyncBlockingStub calls;

  SiteStub(Nodes nodes, String site, String token) {
    channel = NettyChannelBuilder.forTarget("127.0.0.1:" + nodes.hub.grpcPort()).usePlaintext().build();
    Metadata headers = new Metadata();
    headers.put(key("x-outpost-site"), site);
    headers.put(key("x-outpost-token"), token);
    headers.put(key("x-outpost-protocol"), "1");
    calls = SyncGrpc.newBlockingStub(ClientInterceptors.intercept(channel,
        MetadataUtils.newAttachHeadersInterceptor(headers))).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
