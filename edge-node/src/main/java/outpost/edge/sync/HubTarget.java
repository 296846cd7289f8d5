package outpost.edge.sync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One hub as the sync engine needs it.
 *
 * @param collections the collections routed to this hub; empty means "every collection not routed elsewhere"
 * @param otherHubsCollections collections routed to other hubs (excluded when this hub takes the rest)
 * @param caFile a CA certificate to verify the hub with (TLS), or null for plaintext
 */
public record HubTarget(String name, String address, String token, List<String> collections,
    List<String> otherHubsCollections, Path caFile, Duration idleTimeout, int maxMessageBytes) {
  public HubTarget {
    collections = collections == null ? List.of() : List.copyOf(collections);
    otherHubsCollections = List.copyOf(otherHubsCollections);
  }
}
