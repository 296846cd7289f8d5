package outpost.hub.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hub's view of one sync run of a site: what it pushed and pulled, and how it ended.
 *
 * @param counts changes per operation and collection, keyed {@code operation/collection} (operations {@code push}
 *     and {@code pull}, the edge's words), for filtering runs by collection and operation
 * @param items the run's refused and conflicting changes, at most {@link #MAX_ITEMS}
 */
public record HubRun(String syncId, String site, long startedAtMillis, long finishedAtMillis, String status,
    long pushed, long applied, long conflicts, long rejected, long duplicates, long pulled, String error,
    Map<String, Long> counts, List<RunItem> items) {

  /** A run that refuses thousands of changes keeps the first ones; its counts still say how many. */
  public static final int MAX_ITEMS = 100;

  public HubRun {
    error = error == null ? "" : error;
    counts = counts == null ? Map.of() : Map.copyOf(counts);
    items = items == null ? List.of() : List.copyOf(items.size() > MAX_ITEMS ? items.subList(0, MAX_ITEMS) : items);
  }

  /** A run without per-collection counts or items. */
  public HubRun(String syncId, String site, long startedAtMillis, long finishedAtMillis, String status,
      long pushed, long applied, long conflicts, long rejected, long duplicates, long pulled, String error) {
    this(syncId, site, startedAtMillis, finishedAtMillis, status, pushed, applied, conflicts, rejected, duplicates,
        pulled, error, Map.of(), List.of());
  }

  /** The key of {@link #counts}. */
  public static String countKey(String operation, String collection) {
    return operation + "/" + collection;
  }

  public JsonObject toJson() {
    JsonObject counted = new JsonObject();
    new TreeMap<>(counts).forEach(counted::put);
    return new JsonObject().put("id", syncId).put("site", site).put("startedAt", startedAtMillis)
        .put("finishedAt", finishedAtMillis).put("status", status).put("pushed", pushed).put("applied", applied)
        .put("conflicts", conflicts).put("rejected", rejected).put("duplicates", duplicates)
        .put("pulled", pulled).put("error", error).put("counts", counted)
        .put("items", new JsonArray(items.stream().map(RunItem::toJson).toList()));
  }

  /** Whether the run moved changes of {@code collection} by {@code operation} (either may be null: any). */
  public boolean touched(String collection, String operation) {
    return counts.keySet().stream().anyMatch(k -> {
      int slash = k.indexOf('/');
      return (operation == null || operation.equals(k.substring(0, slash)))
          && (collection == null || collection.equals(k.substring(slash + 1)));
    });
  }

  /**
   * This run with a later part of it added: counts add up, the earliest start and the latest finish win, the
   * worse status wins, and the part's error when it has one. The PostgreSQL store applies the same rules in SQL
   * ({@code outpost_merge_run}, db/migration/V2).
   */
  public HubRun plus(HubRun part) {
    return new HubRun(part.syncId(), part.site(), Math.min(startedAtMillis, part.startedAtMillis()),
        Math.max(finishedAtMillis, part.finishedAtMillis()), worse(status, part.status()), pushed + part.pushed(),
        applied + part.applied(), conflicts + part.conflicts(), rejected + part.rejected(),
        duplicates + part.duplicates(), pulled + part.pulled(), part.error().isEmpty() ? error : part.error(),
        sum(counts, part.counts()), concat(items, part.items()));
  }

  private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> out = new TreeMap<>(a);
    b.forEach((k, v) -> out.merge(k, v, Long::sum));
    return out;
  }

  private static List<RunItem> concat(List<RunItem> a, List<RunItem> b) {
    List<RunItem> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static String worse(String a, String b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(String status) {
    return switch (status) {
      case "FAILED" -> 3;
      case "PARTIAL" -> 2;
      case "COMPLETE" -> 1;
      default -> 0;
    };
  }

  public static HubRun fromJson(JsonObject j) {
    return new HubRun(j.getString("id"), j.getString("site"), j.getLong("startedAt", 0L),
        j.getLong("finishedAt", 0L), j.getString("status"), j.getLong("pushed", 0L), j.getLong("applied", 0L),
        j.getLong("conflicts", 0L), j.getLong("rejected", 0L), j.getLong("duplicates", 0L),
        j.getLong("pulled", 0L), j.getString("error"), countsOf(j.getJsonObject("counts")),
        j.getJsonArray("items", new JsonArray()).stream().map(o -> RunItem.fromJson((JsonObject) o)).toList());
  }

  private static Map<String, Long> countsOf(JsonObject counts) {
    Map<String, Long> out = new TreeMap<>();
    if (counts != null) {
      counts.forEach(e -> out.put(e.getKey(), ((Number) e.getValue()).longValue()));
    }
    return out;
  }
}
