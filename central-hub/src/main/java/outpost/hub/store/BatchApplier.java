package outpost.hub.store;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import outpost.common.OriginSeq;
import outpost.common.RecordKey;
import outpost.common.error.ErrorCode;
import outpost.common.json.JsonValues;
import outpost.common.merge.ChangeOp;
import outpost.common.merge.EdgeChange;
import outpost.common.merge.FieldStamp;
import outpost.common.merge.HubRecordState;
import outpost.common.merge.MergeOutcome;
import outpost.common.merge.MergeRules;
import outpost.common.sync.ChangeOutcome;
import outpost.hub.config.Catalog;
import outpost.hub.config.CollectionRule;

/**
 * Decides every change of a batch against the records the store loaded, and plans what to persist.
 * Pure: the store loads, calls {@link #plan}, and persists the plan in one transaction while holding
 * its version lock. Changes in one batch see each other's effects in order.
 */
public final class BatchApplier {
  private final Catalog catalog;

  public BatchApplier(Catalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Input of one planning step; {@code conflicts} holds the open conflicts of the loaded keys.
   *
   * @param origins the digests ({@link ChangeDigest}) the store keeps for the batch's origin sequences, by
   *     sequence
   * @param originsSince the first sequence of the site whose digest the store kept: a number below it was
   *     processed before this hub version kept digests, so its content cannot be compared
   */
  public record Input(String site, String syncId, long siteLastSeq, long head, long nowMillis,
      List<IncomingChange> changes, Map<RecordKey, StoredRecord> records,
      Map<RecordKey, List<ConflictEntry>> conflicts, Map<Long, Long> origins, long originsSince) {

    /** A hub write (or a caller that loads no digests): nothing to compare. */
    public Input(String site, String syncId, long siteLastSeq, long head, long nowMillis,
        List<IncomingChange> changes, Map<RecordKey, StoredRecord> records,
        Map<RecordKey, List<ConflictEntry>> conflicts) {
      this(site, syncId, siteLastSeq, head, nowMillis, changes, records, conflicts, Map.of(), 0);
    }
  }

  public BatchPlan plan(Input in) {
    Map<RecordKey, StoredRecord> current = new HashMap<>(in.records());
    Map<RecordKey, List<ConflictEntry>> conflicts = new HashMap<>();
    in.conflicts().forEach((k, v) -> conflicts.put(k, new ArrayList<>(v)));
    Map<RecordKey, StoredRecord> writes = new LinkedHashMap<>();
    Map<RecordKey, StoredRecord> before = new HashMap<>();
    Map<String, ConflictEntry> conflictUpserts = new LinkedHashMap<>();
    Set<RecordKey> clears = new HashSet<>();
    List<AuditEntry> audit = new ArrayList<>();
    List<ChangeOutcome> outcomes = new ArrayList<>(in.changes().size());
    long head = in.head();
    long lastSeq = in.siteLastSeq();
    boolean hubWrite = in.site().isEmpty();

    Map<Long, Long> origins = new HashMap<>(in.origins());
    Map<Long, Long> newOrigins = new LinkedHashMap<>();

    for (IncomingChange change : in.changes()) {
      RecordKey key = change.key();
      StoredRecord rec = current.get(key);
      if (!hubWrite) {
        long seq = change.originSeq();
        if (!OriginSeq.valid(seq)) {
          // Stored, a number near Long.MAX_VALUE would stop the site for good: every later number is below it.
          outcomes.add(rejected(seq, ErrorCode.BAD_REQUEST.name(), "origin sequence " + seq
              + " is outside 1.." + OriginSeq.MAX + " (docs/protocol.md); the change was not applied", rec));
          continue;
        }
        long digest = ChangeDigest.of(change);
        Long known = origins.get(seq);
        if (known != null || seq <= lastSeq && seq < in.originsSince()) {
          outcomes.add(known == null || known == digest ? duplicate(change, rec, conflicts.get(key), in.site())
              : reused(change, rec, in.site()));
          continue;
        }
        // Above the processed sequence, or a number the site skipped (its log folds rewrites of a record into
        // one change): either way no change was processed under it, so this one is new.
        origins.put(seq, digest);
        newOrigins.put(seq, digest);
        lastSeq = Math.max(lastSeq, seq);
      }
      String denial = hubWrite ? null : permission(change, rec, in.site());
      if (denial != null) {
        ErrorCode code = catalog.rule(change.collection()).isEmpty()
            ? ErrorCode.NOT_SUPPORTED : ErrorCode.PERMISSION_DENIED;
        outcomes.add(rejected(change.originSeq(), code.name(), denial, rec));
        continue;
      }
      List<ConflictEntry> open = conflicts.getOrDefault(key, List.of());
      if (change.resolves() && open.isEmpty()) {
        List<String> differing = hubWrite ? List.of() : SecondResolution.differingFields(rec, change);
        if (differing.isEmpty()) {
          // Resolved elsewhere first, to the value this resolution chose too: nothing is lost.
          outcomes.add(rejected(change.originSeq(), ErrorCode.ALREADY_RESOLVED.name(),
              "the conflict on " + key.collection() + "/" + key.id() + " was already resolved", rec));
          continue;
        }
        // Two people resolved the conflict differently: dropping the later choice would leave the record with
        // a value this site's person rejected. The record is flagged again with both choices (docs/conflicts.md).
        outcomes.add(flag(in, change, rec, differing, SecondResolution.describe(rec, change), conflicts,
            conflictUpserts, current, writes, before));
        continue;
      }
      HubRecordState state = rec == null ? HubRecordState.ABSENT : rec.mergeState();
      // A site that holds an open conflict on the record cannot get past it with an ordinary change based on a
      // later version (a change re-sent after the CONFLICT answer, or an edge that lost the flag): the change is
      // judged from the conflict's base, as the edge itself bases it, so a re-sent change is a CONFLICT again.
      long base = hubWrite || change.resolves() ? change.baseVersion()
          : SecondResolution.conflictBase(open, in.site(), change.baseVersion());
      MergeOutcome decision = MergeRules.decide(state, new EdgeChange(change.op(), change.data(),
          change.changedFields(), base, in.site()));

      if (decision.kind() == MergeOutcome.Kind.CONFLICT && !hubWrite) {
        outcomes.add(flag(in, change, rec, decision.conflictFields(), null, conflicts, conflictUpserts, current,
            writes, before));
        continue;
      }
      boolean resolving = change.resolves();
      boolean unchanged = decision.kind() == MergeOutcome.Kind.UNCHANGED
          || decision.kind() == MergeOutcome.Kind.CONFLICT;
      if (unchanged && !resolving) {
        long version = rec == null ? 0 : rec.version();
        // Nothing to change, yet the hub's value may differ in fields the edge did not touch: MERGED tells
        // the edge to take it (at this same version a pull would not bring it again).
        boolean differs = rec != null && !rec.deleted() && change.op() == ChangeOp.PUT
            && !JsonValues.same(rec.data(), change.data());
        outcomes.add(new ChangeOutcome(change.originSeq(),
            differs ? ChangeOutcome.Status.MERGED : ChangeOutcome.Status.APPLIED, version, "", "",
            rec == null ? null : rec.data(), rec != null && rec.deleted(), List.of(),
            closed(conflicts, key, in.site())));
        continue;
      }
      long version = ++head;
      // Only a hub write over a conflict takes the sent value whole; a resolution that changes nothing keeps
      // the hub's value (fields it did not name may have moved on since the person looked).
      boolean override = decision.kind() == MergeOutcome.Kind.CONFLICT;
      JsonObject result = override ? change.data().copy() : decision.result();
      boolean delete = override ? change.op() == ChangeOp.DELETE : decision.delete();
      // A resolution is an ordinary change: it stamps only the fields whose value it changes (a hub write
      // over a conflict sets all of them).
      Set<String> touched = decision.kind() == MergeOutcome.Kind.CONFLICT ? change.changedFields()
          : decision.touchedFields();
      StoredRecord next = nextRecord(rec, change, in.site(), version, result, delete, touched,
          resolving, in.nowMillis());
      boolean asSent = next.deleted() ? change.op() == ChangeOp.DELETE : JsonValues.same(next.data(), change.data());
      next = next.withAsSent(asSent && !hubWrite);
      before.putIfAbsent(key, rec);
      current.put(key, next);
      writes.put(key, next);
      if (resolving) {
        audit.add(new AuditEntry(in.nowMillis(), hubWrite ? "hub" : "site:" + in.site(), key.collection(),
            key.id(), change.resolution(), state.data(), change.data(), next.data(), version));
        conflicts.remove(key);
        clears.add(key);
        conflictUpserts.keySet().removeIf(k -> k.startsWith(key.encode() + RecordKey.SEP));
      }
      ChangeOutcome.Status status = asSent ? ChangeOutcome.Status.APPLIED : ChangeOutcome.Status.MERGED;
      outcomes.add(new ChangeOutcome(change.originSeq(), status, version, "", "", next.data(), next.deleted(),
          List.of(), closed(conflicts, key, in.site())));
    }
    return new BatchPlan(outcomes, writes, before, List.copyOf(conflictUpserts.values()), clears, audit,
        head, lastSeq, newOrigins);
  }

  /** Opens (or replaces) the site's conflict on the record, flags the record, and answers CONFLICT. */
  private static ChangeOutcome flag(Input in, IncomingChange change, StoredRecord rec, List<String> fields,
      JsonObject resolvedTwice, Map<RecordKey, List<ConflictEntry>> conflicts,
      Map<String, ConflictEntry> conflictUpserts, Map<RecordKey, StoredRecord> current,
      Map<RecordKey, StoredRecord> writes, Map<RecordKey, StoredRecord> before) {
    RecordKey key = change.key();
    ConflictEntry entry = new ConflictEntry(key.collection(), key.id(), in.site(), change.baseVersion(),
        rec.data(), rec.deleted(), rec.version(), change.data(), change.op() == ChangeOp.DELETE, fields,
        in.nowMillis(), in.syncId(), change.originSeq(), resolvedTwice);
    replaceConflict(conflicts, entry);
    conflictUpserts.put(key.encode() + RecordKey.SEP + in.site(), entry);
    if (!rec.inConflict()) {
      before.putIfAbsent(key, rec);
      StoredRecord flagged = rec.withConflictFlag(true);
      current.put(key, flagged);
      writes.put(key, flagged);
    }
    return new ChangeOutcome(change.originSeq(), ChangeOutcome.Status.CONFLICT, rec.version(), "", "", rec.data(),
        rec.deleted(), fields);
  }

  private String permission(IncomingChange change, StoredRecord rec, String site) {
    CollectionRule rule = catalog.rule(change.collection()).orElse(null);
    if (rule == null) {
      return "the hub does not know collection '" + change.collection() + "'";
    }
    if (rule.writers() == CollectionRule.Writers.HUB) {
      return "collection '" + change.collection() + "' can only be changed on the hub";
    }
    if (rule.scope() == CollectionRule.Scope.SITE && rule.writers() == CollectionRule.Writers.OWNER) {
      String owner = rec != null ? rec.owner() : (change.owner().isEmpty() ? site : change.owner());
      if (!owner.equals(site)) {
        return "record " + change.collection() + "/" + change.id() + " belongs to site '" + owner + "'";
      }
    }
    return null;
  }

  private StoredRecord nextRecord(StoredRecord rec, IncomingChange change, String site, long version,
      JsonObject result, boolean delete, Set<String> touched, boolean resolving, long now) {
    Map<String, FieldStamp> fields = new HashMap<>(rec == null ? Map.of() : rec.fields());
    FieldStamp stamp = new FieldStamp(version, site);
    if (rec != null && rec.deleted() != delete) {
      // A deletion changes every field it removes, a re-creation every field it sets; the stamps outlive a
      // re-creation, so an update based on a copy older than the deletion still collides with it.
      (delete ? rec.data() : result).fieldNames().forEach(f -> fields.put(f, stamp));
    }
    touched.forEach(f -> fields.put(f, stamp));
    String owner = rec != null && !rec.owner().isEmpty() ? rec.owner()
        : catalog.partitionOwner(change.collection(), change.owner().isEmpty() ? site : change.owner());
    boolean stillConflicted = rec != null && rec.inConflict() && !resolving;
    return new StoredRecord(change.collection(), change.id(), owner, version, delete,
        delete ? new JsonObject() : result, fields, delete ? stamp : null, site, change.originSeq(),
        stillConflicted, resolving, now);
  }

  private static ChangeOutcome duplicate(IncomingChange change, StoredRecord rec, List<ConflictEntry> open,
      String site) {
    if (open != null) {
      // While the site's conflict on the record is open, the change it proposed, sent again, is answered with that
      // conflict (under this number, or with the same content after a later number replaced the entry): never as
      // a change that went through. Another change re-sent after a lost ack is the DUPLICATE below.
      ConflictEntry same = open.stream().filter(c -> c.site().equals(site) && (c.originSeq() == change.originSeq()
          || SecondResolution.sameProposal(c, change))).findFirst().orElse(null);
      if (same != null) {
        return new ChangeOutcome(change.originSeq(), ChangeOutcome.Status.CONFLICT, same.hubVersion(), "", "",
            same.hubData(), same.hubDeleted(), same.fields());
      }
    }
    return new ChangeOutcome(change.originSeq(), ChangeOutcome.Status.DUPLICATE, rec == null ? 0 : rec.version(),
        "", "", rec == null ? null : rec.data(), rec != null && rec.deleted(), List.of());
  }

  /**
   * A change under a number the hub already processed with different content: another device is sending as
   * this site (a cloned data folder, or a restore that missed changes already pushed). Answering DUPLICATE
   * would make the edge count its change as synced while the hub never applied it.
   */
  /** A REJECTED answer that carries the record as the hub holds it, so the site can show what it ran into. */
  private static ChangeOutcome rejected(long originSeq, String code, String reason, StoredRecord current) {
    return new ChangeOutcome(originSeq, ChangeOutcome.Status.REJECTED, current == null ? 0 : current.version(), code,
        reason, current == null ? null : current.data(), current != null && current.deleted(), List.of());
  }

  private static ChangeOutcome reused(IncomingChange change, StoredRecord rec, String site) {
    return rejected(change.originSeq(), ErrorCode.ORIGIN_REUSED.name(), "origin sequence "
        + change.originSeq() + " of site '" + site + "' was already used by a different change: another device"
        + " (a cloned data folder or a restored backup) sends as this site; " + change.collection() + "/"
        + change.id() + " was not applied (retry it to send it under a new number)", rec);
  }

  /** Whether the site holds no open conflict on the record (an edge still flagging it then clears the flag). */
  private static boolean closed(Map<RecordKey, List<ConflictEntry>> conflicts, RecordKey key, String site) {
    return conflicts.getOrDefault(key, List.of()).stream().noneMatch(c -> c.site().equals(site));
  }

  private static void replaceConflict(Map<RecordKey, List<ConflictEntry>> conflicts, ConflictEntry entry) {
    List<ConflictEntry> list = conflicts.computeIfAbsent(entry.key(), k -> new ArrayList<>());
    list.removeIf(c -> c.site().equals(entry.site()));
    list.add(entry);
  }
}
