package outpost.common.merge;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Set;

/**
 * An edge's proposed change as the merge rules need it.
 *
 * @param op put or delete
 * @param data the whole record after the change (ignored for delete)
 * @param changedFields the top-level fields the edge set or removed since its base
 * @param baseVersion the hub version the edge's copy was based on (0 for a new record)
 * @param site the site that made the change
 */
public record EdgeChange(ChangeOp op, JsonObject data, Set<String> changedFields, long baseVersion,
    String site) {
  public EdgeChange {
    Objects.requireNonNull(op, "op");
    data = data == null ? new JsonObject() : data;
    changedFields = Set.copyOf(changedFields);
    site = site == null ? "" : site;
  }
}
