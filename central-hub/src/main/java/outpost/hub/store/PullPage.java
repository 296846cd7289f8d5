package outpost.hub.store;

import java.util.List;
import java.util.Map;
import outpost.common.ScopeDigest;

/**
 * One page of a pull: records in ascending version order, the cursor after them, how many remain, and
 * on the last page the scope digest per requested collection, read in the same snapshot.
 */
public record PullPage(List<StoredRecord> records, long cursorAfter, long remaining, boolean last,
    Map<String, ScopeDigest> digests) {
  public PullPage {
    records = List.copyOf(records);
    digests = Map.copyOf(digests);
  }
}
