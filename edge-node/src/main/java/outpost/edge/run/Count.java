package outpost.edge.run;

import java.util.List;

/** Items of one collection moved with one hub in one operation (push, pull, repair), by result. */
public record Count(String hub, String collection, String operation, long created, long updated, long deleted,
    long failed, long skipped, long conflicts) {

  /** The JSON names of the results, in the order of the fields. */
  public static final List<String> KINDS = List.of("new", "updated", "deleted", "failed", "skipped", "conflicts");

  public static Count of(String hub, String collection, String operation, long[] byKind) {
    return new Count(hub, collection, operation, byKind[0], byKind[1], byKind[2], byKind[3], byKind[4], byKind[5]);
  }

  public long[] values() {
    return new long[] {created, updated, deleted, failed, skipped, conflicts};
  }

  public Count plus(Count o) {
    long[] a = values();
    long[] b = o.values();
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return of(hub, collection, operation, a);
  }

  /** Changes of this collection the hub refused or found in conflict: the collection is not COMPLETE. */
  public boolean refusals() {
    return failed + conflicts > 0;
  }
}
