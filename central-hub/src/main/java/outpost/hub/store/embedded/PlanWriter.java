package outpost.hub.store.embedded;

import java.util.Map;
import org.h2.mvstore.MVMap;
import outpost.common.RecordKey;
import outpost.hub.store.AuditEntry;
import outpost.hub.store.BatchPlan;
import outpost.hub.store.ConflictEntry;
import outpost.hub.store.SiteRecord;
import outpost.hub.store.StoredRecord;

/**
 * Writes a {@link BatchPlan} into the maps: records, feed entries, digests, conflicts, audit, head, the
 * site's processed sequence and the digests of the changes it processed. Runs on the worker inside one task; the worker's commit makes it durable
 * as a whole. Everything is encoded before the first put, so a failure cannot leave half a batch.
 */
final class PlanWriter {
  private final HubMaps maps;

  PlanWriter(HubMaps maps) {
    this.maps = maps;
  }

  /** Persists the plan; {@code site} is null for hub writes (no processed sequence to advance). */
  void write(BatchPlan plan, SiteRecord site) {
    Map<String, String> encoded = new java.util.LinkedHashMap<>();
    plan.writes().forEach((key, rec) -> encoded.put(key.encode(), rec.toJson().encode()));
    java.util.List<BatchPlan.DigestDelta> digests = plan.digestDeltas();
    Map<String, String> conflictJson = new java.util.LinkedHashMap<>();
    for (ConflictEntry c : plan.conflictUpserts()) {
      conflictJson.put(HubMaps.conflictKey(c.key(), c.site()), c.toJson().encode());
    }

    for (Map.Entry<RecordKey, StoredRecord> w : plan.writes().entrySet()) {
      StoredRecord old = plan.before().get(w.getKey()); // what the map holds: nothing is written yet
      StoredRecord next = w.getValue();
      moveFeed(old, next);
      maps.records.put(w.getKey().encode(), encoded.get(w.getKey().encode()));
    }
    for (BatchPlan.DigestDelta d : digests) {
      maps.putDigest(d.owner(), d.collection(), maps.digest(d.owner(), d.collection()).combine(d.delta()));
    }
    plan.conflictClears().forEach(maps::clearConflicts);
    maps.conflicts.putAll(conflictJson);
    long auditSeq = maps.metaLong("auditSeq");
    for (AuditEntry entry : plan.audit()) {
      auditSeq++;
      String key = HubMaps.feedKey(new RecordKey(entry.collection(), entry.id()).encode(), auditSeq);
      maps.audit.put(key, entry.toJson().encode());
    }
    if (!plan.audit().isEmpty()) {
      maps.meta.put("auditSeq", Long.toString(auditSeq));
    }
    if (plan.head() != maps.head()) {
      maps.meta.put("head", Long.toString(plan.head()));
    }
    if (site != null) {
      plan.origins().forEach((seq, digest) -> maps.origins.put(HubMaps.originKey(site.id(), seq), Long.toString(digest)));
    }
    if (site != null && plan.siteLastSeq() > site.lastSeq()) {
      maps.putSite(site.withLastSeq(plan.siteLastSeq()));
    }
  }

  /** A record sits in its partition's feed once, at its current version; a flag-only rewrite stays put. */
  private void moveFeed(StoredRecord old, StoredRecord next) {
    if (old != null && old.version() == next.version() && old.owner().equals(next.owner())) {
      return;
    }
    if (old != null) {
      MVMap<String, String> feed = maps.feed(old.owner(), false);
      if (feed != null) {
        feed.remove(HubMaps.feedKey(old.collection(), old.version()));
      }
    }
    maps.feed(next.owner(), true).put(HubMaps.feedKey(next.collection(), next.version()), next.key().encode());
  }
}
