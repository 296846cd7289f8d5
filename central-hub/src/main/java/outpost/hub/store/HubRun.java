package outpost.hub.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hub's record of one sync run of a site: what it pushed and pulled, how it ended as the hub saw it, and how
 * it ended for the site once the site confirmed it (docs/protocol.md, ReportRun).
 *
 * @param status the run's status: the site's confirmed one ({@code edge}) when there is one, else
 *     {@code hubStatus}
 * @param counts changes per operation and collection, keyed {@code operation/collection} (operations {@code push}
 *     and {@code pull}, the edge's words), for filtering runs by collection and operation
 * @param items the run's refused and conflicting changes, at most {@link #MAX_ITEMS}
 */
public record HubRun(String syncId, String site, long startedAtMillis, long finishedAtMillis, String status,
    long pushed, long applied, long conflicts, long rejected, long duplicates, long pulled, String error,
    Map<String, Long> counts, List<RunItem> items, String hubStatus, RunConfirmation edge) {

  /** A run that refuses thousands of changes keeps the first ones; its counts still say how many. */
  public static final int MAX_ITEMS = 100;

  /**
   * @param hubStatus the worst status of the run's calls as the hub saw them; null: {@code status}
   * @param edge the site's report of how the run ended for it, or null while the site has not confirmed it
   */
  public HubRun {
    hubStatus = hubStatus == null ? status : hubStatus;
    status = edge == null ? hubStatus : edge.status();
    error = error == null ? "" : error;
    counts = counts == null ? Map.of() : Map.copyOf(counts);
    items = items == null ? List.of() : List.copyOf(items.size() > MAX_ITEMS ? items.subList(0, MAX_ITEMS) : items);
  }

  /** The hub's own view of a run (or a part of one), not confirmed by its site. */
  public HubRun(String syncId, String site, long startedAtMillis, long finishedAtMillis, String status,
      long pushed, long applied, long conflicts, long rejected, long duplicates, long pulled, String error,
      Map<String, Long> counts, List<RunItem> items) {
    this(syncId, site, startedAtMillis, finishedAtMillis, status, pushed, applied, conflicts, rejected, duplicates,
        pulled, error, counts, items, status, null);
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
        .put("items", new JsonArray(items.stream().map(RunItem::toJson).toList()))
        .put("hubStatus", hubStatus).put("confirmed", confirmed()).put("edge", edge == null ? null : edge.toJson());
  }

  /** Whether the site reported how the run ended for it; otherwise the run is as the hub saw it. */
  public boolean confirmed() {
    return edge != null;
  }

  /** This run as its site reported it ended: the site's status becomes the run's; the hub's counts stay. */
  public HubRun confirmedBy(RunConfirmation report) {
    return new HubRun(syncId, site, startedAtMillis, finishedAtMillis, hubStatus, pushed, applied, conflicts, rejected,
        duplicates, pulled, error, counts, items, hubStatus, report);
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
   * worse of the hub's statuses wins, the part's error when it has one, and a site's confirmation stays (a part
   * may land after the site's report). The PostgreSQL store applies the same rules in SQL
   * ({@code outpost_merge_run}, db/migration/V2, V3 and V5).
   */
  public HubRun plus(HubRun part) {
    String hub = worse(hubStatus, part.hubStatus());
    return new HubRun(part.syncId(), part.site(), Math.min(startedAtMillis, part.startedAtMillis()),
        Math.max(finishedAtMillis, part.finishedAtMillis()), hub, pushed + part.pushed(),
        applied + part.applied(), conflicts + part.conflicts(), rejected + part.rejected(),
        duplicates + part.duplicates(), pulled + part.pulled(), part.error().isEmpty() ? error : part.error(),
        sum(counts, part.counts()), concat(items, part.items()), hub, part.edge() != null ? part.edge() : edge);
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

  /** Reads {@link #toJson}, and runs stored before confirmations (their status is the hub's). */
  public static HubRun fromJson(JsonObject j) {
    JsonObject edge = j.getValue("edge") instanceof JsonObject e ? e : null;
    return new HubRun(j.getString("id"), j.getString("site"), j.getLong("startedAt", 0L),
        j.getLong("finishedAt", 0L), j.getString("status"), j.getLong("pushed", 0L), j.getLong("applied", 0L),
        j.getLong("conflicts", 0L), j.getLong("rejected", 0L), j.getLong("duplicates", 0L),
        j.getLong("pulled", 0L), j.getString("error"), countsOf(j.getJsonObject("counts")),
        j.getJsonArray("items", new JsonArray()).stream().map(o -> RunItem.fromJson((JsonObject) o)).toList(),
        j.getString("hubStatus", j.getString("status")), edge == null ? null : RunConfirmation.fromJson(edge));
  }

  private static Map<String, Long> countsOf(JsonObject counts) {
    Map<String, Long> out = new TreeMap<>();
    if (counts != null) {
      counts.forEach(e -> out.put(e.getKey(), ((Number) e.getValue()).longValue()));
    }
    return out;
  }
}
