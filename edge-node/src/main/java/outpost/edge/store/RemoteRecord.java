package outpost.edge.store;

import io.vertx.core.json.JsonObject;

/** A record state received in a pull, free of wire types. */
public record RemoteRecord(String collection, String id, String owner, long version, boolean deleted,
    JsonObject data, String originSite, boolean resolvesConflict) {}
