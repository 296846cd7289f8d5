package outpost.system.convergence;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reference model of the hub's side of docs/conflicts.md §1, written from the design and the issue, not
 * from the production classes (it never calls them). Per record it keeps the value, the hub sequence and
 * origin site of the last change of every top-level field, the deletion, and the open conflicts.
 *
 * <p>The rule, as stated in the design: a hub field is <em>concurrent</em> with an edge change when it
 * changed after the change's base version at another site. A put conflicts on every changed field that is
 * concurrent and differs from the hub's value; a delete conflicts with any concurrent field; a put on a
 * record deleted concurrently conflicts. A deletion changes every field the record had (to "absent").
 */
final class ModelHub {
  static final String DELETED = "_deleted";

  /** When a field (or the record's deletion) last changed: hub sequence and origin site. */
  record Stamp(long seq, String site) {}

  /** The hub's state of one record as an edge sees it in an answer or a pull. */
  record View(long version, boolean deleted, JsonObject data) {}

  /** A change as an edge sends it; {@code resolution} is "" for ordinary changes. */
  record Change(long seq, boolean delete, JsonObject data, Set<String> fields, long base, String resolution) {}

  /** What the hub answers: accepted (applied, merged or nothing to do), conflict, or already resolved. */
  enum Kind { ACCEPTED, CONFLICT, ALREADY_RESOLVED }

  record Answer(Kind kind, View view, List<String> fields) {}

  static final class Rec {
    long version;
    boolean deleted;
    JsonObject data = new JsonObject();
    final Map<String, Stamp> stamps = new HashMap<>();
    Stamp deletion;
    boolean resolves;
    /** Site to the fields of its open conflict (one per site, the latest). */
    final Map<String, List<String>> open = new TreeMap<>();

    View view() {
      return new View(version, deleted, deleted ? new JsonObject() : data.copy());
    }
  }

  final Map<String, Rec> records = new TreeMap<>();
  long head;
  long conflictsFlagged;
  /** Per record, what happened to it (writes, pushes and answers): printed when a check fails. */
  private final Map<String, List<String>> trace = new HashMap<>();

  void note(String id, String event) {
    trace.computeIfAbsent(id, k -> new ArrayList<>()).add(event);
  }

  String trace(String id) {
    return id + ":\n  " + String.join("\n  ", trace.getOrDefault(id, List.of()));
  }

  Answer push(String site, String id, Change c) {
    Answer a = decide(site, id, c);
    note(id, "push " + site + " " + c + " -> " + a.kind() + " " + a.view() + " " + a.fields() + " stamps="
        + (records.containsKey(id) ? records.get(id).stamps + " del=" + records.get(id).deletion : "-"));
    return a;
  }

  private Answer decide(String site, String id, Change c) {
    Rec rec = records.get(id);
    if (!c.resolution().isEmpty() && (rec == null || rec.open.isEmpty())) {
      // Resolved before: the same choice is nothing to do; another choice flags the record again.
      List<String> differing = rec == null ? List.of() : differing(rec, c);
      if (differing.isEmpty()) {
        return new Answer(Kind.ALREADY_RESOLVED, rec == null ? new View(0, false, null) : rec.view(), List.of());
      }
      conflictsFlagged++;
      rec.open.put(site, differing);
      return new Answer(Kind.CONFLICT, rec.view(), differing);
    }
    if (rec == null) {
      if (c.delete()) {
        return new Answer(Kind.ACCEPTED, new View(0, false, null), List.of());
      }
      rec = new Rec();
      rec.deleted = true; // a record the hub never had is re-created like a tombstone nobody saw
      records.put(id, rec);
    }
    List<String> conflicting = conflicts(rec, site, c);
    if (!conflicting.isEmpty()) {
      conflictsFlagged++;
      rec.open.put(site, conflicting);
      return new Answer(Kind.CONFLICT, rec.view(), conflicting);
    }
    boolean changes = changes(rec, c);
    if (!changes && c.resolution().isEmpty()) {
      return new Answer(Kind.ACCEPTED, rec.view(), List.of());
    }
    apply(rec, site, c);
    return new Answer(Kind.ACCEPTED, rec.view(), List.of());
  }

  /** The fields on which a late resolution's value differs from the record's (sorted). */
  private static List<String> differing(Rec rec, Change c) {
    if (rec.deleted || c.delete()) {
      return rec.deleted == c.delete() ? List.of() : List.of(DELETED);
    }
    TreeSet<String> names = new TreeSet<>(rec.data.fieldNames());
    names.addAll(c.data().fieldNames());
    return names.stream().filter(f -> !same(rec.data, c.data(), f)).toList();
  }

  /** The fields on which the change collides with what other sites did since its base. */
  private static List<String> conflicts(Rec rec, String site, Change c) {
    if (rec.deleted) {
      return !c.delete() && concurrent(rec.deletion, site, c.base()) ? List.of(DELETED) : List.of();
    }
    if (c.delete()) {
      boolean updated = rec.stamps.values().stream().anyMatch(s -> concurrent(s, site, c.base()));
      return updated ? List.of(DELETED) : List.of();
    }
    List<String> out = new ArrayList<>();
    for (String f : new TreeSet<>(c.fields())) {
      if (concurrent(rec.stamps.get(f), site, c.base()) && !same(rec.data, c.data(), f)) {
        out.add(f);
      }
    }
    return out;
  }

  private static boolean concurrent(Stamp s, String site, long base) {
    return s != null && s.seq() > base && !s.site().equals(site);
  }

  /** Whether accepting the change alters the record. */
  private static boolean changes(Rec rec, Change c) {
    if (c.delete() || rec.deleted) {
      return c.delete() != rec.deleted;
    }
    return c.fields().stream().anyMatch(f -> !same(rec.data, c.data(), f));
  }

  private void apply(Rec rec, String site, Change c) {
    Stamp stamp = new Stamp(++head, site);
    rec.version = stamp.seq();
    rec.resolves = !c.resolution().isEmpty();
    if (rec.resolves) {
      rec.open.clear();
    }
    if (c.delete()) {
      rec.data.fieldNames().forEach(f -> rec.stamps.put(f, stamp));
      rec.data = new JsonObject();
      rec.deleted = true;
      rec.deletion = stamp;
      return;
    }
    if (rec.deleted) {
      rec.data = c.data().copy();
      rec.data.fieldNames().forEach(f -> rec.stamps.put(f, stamp));
      rec.deleted = false;
      return;
    }
    for (String f : c.fields()) {
      if (!same(rec.data, c.data(), f)) {
        rec.stamps.put(f, stamp);
        if (c.data().containsKey(f)) {
          rec.data.put(f, c.data().getValue(f));
        } else {
          rec.data.remove(f);
        }
      }
    }
  }

  /** Same presence and same JSON value of one top-level field. */
  static boolean same(JsonObject x, JsonObject y, String f) {
    return x.containsKey(f) == y.containsKey(f) && Objects.equals(x.getValue(f), y.getValue(f));
  }

  boolean hasOpenConflict(String id, String site) {
    Rec rec = records.get(id);
    return rec != null && rec.open.containsKey(site);
  }

  /** Open conflicts as "id site [fields]" lines, sorted. */
  List<String> openConflicts() {
    List<String> out = new ArrayList<>();
    records.forEach((id, rec) -> rec.open.forEach((site, fields) -> out.add(id + " " + site + " " + fields)));
    return out;
  }
}
