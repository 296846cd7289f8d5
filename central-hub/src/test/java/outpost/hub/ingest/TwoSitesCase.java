package outpost.hub.ingest;

import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh real hub with two registered sites, clinic-a and clinic-b, and a gRPC channel to it. */
abstract class TwoSitesCase extends TestHubCase {
  ManagedChannel channel;
  String tokenA;
  String tokenB;

  @BeforeEach
  void openChannelAndAddSites() throws Exception {
    channel = hub.channel();
    tokenA = hub.addSite("clinic-a");
    tokenB = hub.addSite("clinic-b");
  }

  @AfterEach
  void closeChannel() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
