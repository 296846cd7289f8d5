package outpost.system.convergence;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import outpost.system.convergence.ModelHub.Answer;
import outpost.system.convergence.ModelHub.Change;
import outpost.system.convergence.ModelHub.View;

/**
 * The reference model of one edge: what its apps see, what it sends, and how it takes the hub's answers.
 * The rules, from the design and the issue:
 * <ul>
 *   <li>A local write records the top-level fields it changes against the local value and the hub version
 *       the local copy is based on. Writes between two pushes coalesce: the union of fields, the oldest
 *       base, the latest value.</li>
 *   <li>A record in conflict keeps the local value (the edge's proposal and any later local edits); new
 *       edits stay based on the conflict's base, and nothing but a resolution clears the flag.</li>
 *   <li>A sync pushes every pending change in write order, then pulls every record the hub changed since
 *       the edge's cursor. Outside a conflict, an accepted push or a pull leaves the edge holding the hub's
 *       value at the answered version.</li>
 *   <li>A resolution is an ordinary change of the whole record, based on the hub version the conflict
 *       shows. The flag clears when the hub accepts it; when the hub answers that the conflict was resolved
 *       elsewhere (to the resolution itself, or to a later ordinary change of the record); or when a pull
 *       brings a resolution made after the conflict was flagged, or a record on which the hub holds no open
 *       conflict at all. The edge then holds the hub's value.</li>
 * </ul>
 */
final class ModelEdge {
  /** An open conflict as the edge shows it. */
  static final class Conflict {
    final long base;
    View hub;
    List<String> fields;

    Conflict(long base, View hub, List<String> fields) {
      this.base = base;
      this.hub = hub;
      this.fields = fields;
    }
  }

  static final class Rec {
    /** The value apps read; null when there is none (never had it, or deleted). */
    JsonObject value;
    /** The hub version the local copy is based on (the last hub state received for the record). */
    long base;
    Change pending;
    Conflict conflict;
  }

  final String site;
  private final ModelHub hub;
  final Map<String, Rec> records = new TreeMap<>();
  private long seq;
  private long cursor;

  ModelEdge(String site, ModelHub hub) {
    this.site = site;
    this.hub = hub;
  }

  JsonObject value(String id) {
    Rec r = records.get(id);
    return r == null || r.value == null ? null : r.value.copy();
  }

  Conflict conflict(String id) {
    Rec r = records.get(id);
    return r == null ? null : r.conflict;
  }

  /** A local put; answers whether it created the record, or null when it changed nothing. */
  Boolean put(String id, JsonObject value) {
    Rec r = records.computeIfAbsent(id, k -> new Rec());
    Set<String> changed = r.value == null ? new LinkedHashSet<>(value.fieldNames()) : changedFields(r.value, value);
    if (r.value != null && changed.isEmpty()) {
      return null;
    }
    boolean created = r.value == null;
    hub.note(id, "put " + site + " " + value.encode() + " changed=" + changed);
    log(r, false, value.copy(), changed);
    r.value = value.copy();
    return created;
  }

  /** A local delete; answers false when there was nothing to delete. */
  boolean delete(String id) {
    Rec r = records.get(id);
    if (r == null || r.value == null) {
      return false;
    }
    hub.note(id, "delete " + site);
    // A deletion names the fields it removes: a recreate coalesced with it removes them on the hub too.
    log(r, true, new JsonObject(), new LinkedHashSet<>(r.value.fieldNames()));
    r.value = null;
    return true;
  }

  private void log(Rec r, boolean delete, JsonObject data, Set<String> fields) {
    seq++;
    if (r.pending != null) {
      Set<String> union = new LinkedHashSet<>(r.pending.fields());
      union.addAll(fields);
      r.pending = new Change(seq, delete, data, union, r.pending.base(), r.pending.resolution());
    } else {
      long base = r.conflict != null ? r.conflict.base : r.base;
      r.pending = new Change(seq, delete, data, fields, base, "");
    }
  }

  /** Resolves a conflict by "hub", "local" or "merged" (with {@code merged}). */
  void resolve(String id, String keep, JsonObject merged) {
    Rec r = records.get(id);
    Conflict c = r.conflict;
    JsonObject value;
    boolean delete;
    switch (keep) {
      case "hub" -> {
        delete = c.hub.deleted();
        value = delete ? new JsonObject() : c.hub.data().copy();
      }
      case "local" -> {
        delete = r.value == null;
        value = delete ? new JsonObject() : r.value.copy();
      }
      default -> {
        delete = false;
        value = merged.copy();
      }
    }
    Set<String> fields = new LinkedHashSet<>(value.fieldNames());
    if (!c.hub.deleted()) {
      fields.addAll(c.hub.data().fieldNames());
    }
    if (r.value != null) {
      fields.addAll(r.value.fieldNames());
    }
    r.pending = new Change(++seq, delete, value, fields, c.hub.version(), keep);
    hub.note(id, "resolve " + site + " keep " + keep);
    r.value = delete ? null : value;
  }

  /** One sync cycle: push, then pull. Answers the number of conflicts the hub flagged on this push. */
  int sync() {
    int conflicts = 0;
    List<Map.Entry<String, Rec>> queue = new ArrayList<>();
    records.entrySet().stream().filter(e -> e.getValue().pending != null).forEach(queue::add);
    queue.sort(Comparator.comparingLong(e -> e.getValue().pending.seq()));
    for (Map.Entry<String, Rec> e : queue) {
      Rec r = e.getValue();
      Change sent = r.pending;
      r.pending = null;
      Answer a = hub.push(site, e.getKey(), sent);
      switch (a.kind()) {
        case CONFLICT -> {
          conflicts++;
          r.conflict = new Conflict(sent.base(), a.view(), a.fields());
          r.base = a.view().version();
        }
        case ALREADY_RESOLVED -> {
          r.conflict = null;
          takeHub(r, a.view());
        }
        case ACCEPTED -> {
          if (!sent.resolution().isEmpty() || !hub.hasOpenConflict(e.getKey(), site)) {
            r.conflict = null;
          }
          if (r.conflict == null) {
            takeHub(r, a.view());
          } else {
            r.base = a.view().version();
          }
        }
      }
    }
    for (Map.Entry<String, ModelHub.Rec> e : hub.records.entrySet()) {
      ModelHub.Rec h = e.getValue();
      if (h.version <= cursor) {
        continue;
      }
      Rec r = records.computeIfAbsent(e.getKey(), k -> new Rec());
      boolean resolvedSince = h.open.isEmpty()
          || h.resolves && r.conflict != null && r.conflict.hub.version() < h.version;
      if (r.conflict != null && !resolvedSince) {
        r.conflict.hub = h.view();
        r.base = h.version;
        continue;
      }
      r.conflict = null;
      takeHub(r, h.view());
    }
    cursor = hub.head;
    return conflicts;
  }

  private static void takeHub(Rec r, View v) {
    r.base = v.version();
    r.value = v.deleted() || v.data() == null ? null : v.data().copy();
  }

  boolean hasPending() {
    return records.values().stream().anyMatch(r -> r.pending != null);
  }

  /** Top-level fields added, removed or changed. */
  static Set<String> changedFields(JsonObject before, JsonObject after) {
    Set<String> out = new LinkedHashSet<>();
    for (String f : after.fieldNames()) {
      if (!ModelHub.same(before, after, f)) {
        out.add(f);
      }
    }
    for (String f : before.fieldNames()) {
      if (!after.containsKey(f)) {
        out.add(f);
      }
    }
    return out;
  }
}
