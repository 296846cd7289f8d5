package outpost.edge.store;

import io.vertx.core.json.JsonObject;

/**
 * A record state received in a pull, free of wire types. {@code inConflict}: the hub holds an open conflict
 * on the record (of any site).
 */
public record RemoteRecord(String collection, String id, String owner, long version, boolean deleted,
    JsonObject data, String originSite, boolean resolvesConflict, boolean inConflict) {

  public RemoteRecord(String collection, String id, String owner, long version, boolean deleted, JsonObject data,
      String originSite, boolean resolvesConflict) {
    this(collection, id, owner, version, deleted, data, originSite, resolvesConflict, true); // unknown: assume open
  }
}
