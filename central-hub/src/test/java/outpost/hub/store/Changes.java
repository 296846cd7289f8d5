package outpost.hub.store;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import outpost.common.merge.ChangeOp;
import outpost.hub.config.Catalog;
import outpost.hub.config.CollectionRule;
import outpost.hub.config.CollectionRule.Scope;
import outpost.hub.config.CollectionRule.Writers;

/** Builders for the changes and the catalog the store tests use. */
public final class Changes {
  /** notes: shared, anyone writes; items: shared, hub only; patients: per site, owner writes. */
  public static final Catalog CATALOG = new Catalog(List.of(
      new CollectionRule("notes", Scope.SHARED, Writers.ANY),
      new CollectionRule("items", Scope.SHARED, Writers.HUB),
      new CollectionRule("patients", Scope.SITE, Writers.OWNER)));

  private Changes() {}

  public static JsonObject obj(Object... keyValues) {
    JsonObject json = new JsonObject();
    for (int i = 0; i < keyValues.length; i += 2) {
      json.put((String) keyValues[i], keyValues[i + 1]);
    }
    return json;
  }

  /** A put that changed the given fields (all of the value's fields when none are named). */
  public static IncomingChange put(long seq, String collection, String id, long base, JsonObject data,
      String... changed) {
    return new IncomingChange(seq, collection, id, ChangeOp.PUT, data,
        changed.length == 0 ? data.fieldNames() : Set.of(changed), base, "", "");
  }

  /** A new record that claims an owner (site-scoped collections). */
  public static IncomingChange putOwned(long seq, String collection, String id, String owner, JsonObject data) {
    return new IncomingChange(seq, collection, id, ChangeOp.PUT, data, data.fieldNames(), 0, owner, "");
  }

  public static IncomingChange delete(long seq, String collection, String id, long base) {
    return new IncomingChange(seq, collection, id, ChangeOp.DELETE, null, Set.of(), base, "", "");
  }
}
