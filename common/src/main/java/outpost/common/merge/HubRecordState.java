package outpost.common.merge;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The hub's copy of a record as the merge rules need it.
 *
 * @param exists whether the hub ever had the record (a tombstone exists too)
 * @param deleted whether the current version is a deletion
 * @param version the hub sequence of the record's last change
 * @param data the current value (empty when deleted)
 * @param fields per top-level field, including removed ones, the stamp of its last change
 * @param deleteStamp the stamp of the deletion when deleted, else null
 */
public record HubRecordState(boolean exists, boolean deleted, long version, JsonObject data,
    Map<String, FieldStamp> fields, FieldStamp deleteStamp) {

  public static final HubRecordState ABSENT =
      new HubRecordState(false, false, 0, new JsonObject(), Map.of(), null);

  public HubRecordState {
    data = data == null ? new JsonObject() : data;
    fields = Map.copyOf(fields);
  }
}
