package outpost.edge.sync;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * After a connection failure, watches each hub's address with a gRPC channel of its own (gRPC's
 * reconnect backoff does the retrying) and calls back once when any becomes READY: the scheduler's
 * reconnect trigger. Event-driven: no thread waits.
 */
final class ReachabilityProbe implements AutoCloseable {
  private final List<HubTarget> hubs;
  private final Runnable reachable;
  private final List<ManagedChannel> channels = new ArrayList<>();

  ReachabilityProbe(List<HubTarget> hubs, String site, Runnable reachable) {
    this.hubs = hubs;
    this.reachable = reachable;
  }

  synchronized void watch() {
    if (!channels.isEmpty()) {
      return;
    }
    for (HubTarget hub : hubs) {
      NettyChannelBuilder builder = NettyChannelBuilder.forTarget(hub.address());
      if (hub.caFile() == null) {
        builder.usePlaintext();
      } else {
        // Trust what the sync link trusts: with the JVM's default CAs a hub certified by a private CA
        // would never look reachable, and no reconnect run would ever start.
        try {
          builder.sslContext(GrpcSslContexts.forClient().trustManager(hub.caFile().toFile()).build());
        } catch (SSLException | IllegalArgumentException e) {
          continue; // the sync run reports the unreadable CA; without it there is nothing to watch
        }
      }
      ManagedChannel channel = builder.build();
      channels.add(channel);
      observe(channel, channel.getState(true));
    }
  }

  private void observe(ManagedChannel channel, ConnectivityState state) {
    if (state == ConnectivityState.READY) {
      close();
      reachable.run();
      return;
    }
    if (state == ConnectivityState.SHUTDOWN) {
      return;
    }
    channel.notifyWhenStateChanged(state, () -> observe(channel, channel.getState(true)));
  }

  @Override
  public synchronized void close() {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
      try {
        channel.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    channels.clear();
  }
}
