package outpost.system.fault;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the clients were told, as a reference for the final state. Two kinds of records:
 *
 * <ul>
 *   <li><b>single-writer</b> records (a site's patients, a site's own notes, the hub's items): one writer
 *       writes them one request at a time, so the final value must be the state after the last
 *       acknowledged operation, or after an operation whose answer was lost later than that;</li>
 *   <li><b>round</b> records (shared notes created by the hub): left alone except in one round, in which
 *       2 or 3 edges edit them from the same synced base version. A conflict round changes the same field
 *       (exactly one edit is applied and each other one is a conflict); a merge round changes a field per
 *       edge (all are merged, no conflict).</li>
 * </ul>
 * A state is a JSON object, or null for absent or deleted.
 */
final class Model {
  /** An operation's outcome as its client saw it. */
  enum Ack { ACKED, UNKNOWN }

  record Op(JsonObject value, Ack ack) {}

  /** A record one writer owns. {@code writer} is a site id or "hub"; {@code site} owns a site-scoped record. */
  static final class Single {
    final String collection;
    final String id;
    final String writer;
    final String ownerSite;
    final List<Op> ops = new ArrayList<>();

    Single(String collection, String id, String writer, String ownerSite) {
      this.collection = collection;
      this.id = id;
      this.writer = writer;
      this.ownerSite = ownerSite;
    }

    /** The state after the last acknowledged operation (null: absent). */
    JsonObject lastAcked() {
      for (int i = ops.size() - 1; i >= 0; i--) {
        if (ops.get(i).ack() == Ack.ACKED) {
          return ops.get(i).value();
        }
      }
      return null;
    }

    /** Whether the model believes the record is live (for choosing a delete). */
    boolean live() {
      return !ops.isEmpty() && ops.get(ops.size() - 1).value() != null;
    }

    /** Every final state the record may have: the last acknowledged one and any unknown one after it. */
    List<JsonObject> allowed() {
      List<JsonObject> out = new ArrayList<>();
      int last = -1;
      for (int i = ops.size() - 1; i >= 0; i--) {
        if (ops.get(i).ack() == Ack.ACKED) {
          last = i;
          break;
        }
      }
      out.add(last < 0 ? null : ops.get(last).value());
      for (int i = last + 1; i < ops.size(); i++) {
        out.add(ops.get(i).value());
      }
      return out;
    }

    long writes() {
      return ops.size();
    }
  }

  enum RoundKind { UNUSED, CONFLICT, MERGE }

  /** One edge's edit in a round; {@code value} null is a delete; {@code baseOk}: the edit was based on v0. */
  record Edit(String site, JsonObject value, Ack ack, boolean baseOk) {}

  /** A shared note the hub created for one round. */
  static final class Round {
    final String id;
    final JsonObject setup;
    long setupVersion;
    RoundKind kind = RoundKind.UNUSED;
    final List<Edit> edits = new ArrayList<>();
    /** The value the first accepted resolution chose (set during the resolution phase). */
    JsonObject resolved;
    boolean resolvedSet;
    /** Resolutions made on the hub and, per site, on the edges: each is a change the hub may apply. */
    int hubResolutions;
    final java.util.Map<String, Integer> resolutions = new java.util.concurrent.ConcurrentHashMap<>();

    Round(String id, JsonObject setup) {
      this.id = id;
      this.setup = setup;
    }

    /** Edits that surely reached the edge's store, and those that may have. */
    long acked() {
      return edits.stream().filter(e -> e.ack() == Ack.ACKED).count();
    }

    long unknown() {
      return edits.stream().filter(e -> e.ack() == Ack.UNKNOWN).count();
    }

    /** Exact when every edit was acknowledged and based on the setup version. */
    boolean exact() {
      return edits.stream().allMatch(e -> e.ack() == Ack.ACKED && e.baseOk());
    }

    /** Conflicts this round must leave: one per committed edit but the first applied. */
    long minConflicts() {
      long concurrent = edits.stream().filter(e -> e.ack() == Ack.ACKED && e.baseOk()).count();
      return kind == RoundKind.CONFLICT ? Math.max(0, concurrent - 1) : 0;
    }

    long maxConflicts() {
      return kind == RoundKind.CONFLICT ? Math.max(0, acked() + unknown() - 1) : 0;
    }

    Edit edit(String site) {
      return edits.stream().filter(e -> e.site().equals(site)).findFirst().orElse(null);
    }
  }

  final Map<String, Single> singles = new LinkedHashMap<>();
  final Map<String, Round> rounds = new LinkedHashMap<>();

  static String key(String collection, String id) {
    return collection + "/" + id;
  }

  synchronized Single single(String collection, String id, String writer, String ownerSite) {
    return singles.computeIfAbsent(key(collection, id), k -> new Single(collection, id, writer, ownerSite));
  }

  Round round(String id) {
    return rounds.get(key("notes", id));
  }

  /** Every state a round record may end in, after the resolution phase. */
  List<JsonObject> roundAllowed(Round r) {
    List<JsonObject> out = new ArrayList<>();
    switch (r.kind) {
      case UNUSED -> out.add(r.setup);
      case CONFLICT -> {
        if (r.resolvedSet && r.exact()) {
          out.add(r.resolved);
        } else {
          // Uncertain (an answer was lost, or a base moved): any edit, the setup value, or a resolution.
          out.add(r.setup);
          r.edits.forEach(e -> out.add(e.value()));
          if (r.resolvedSet) {
            out.add(r.resolved);
          }
        }
      }
      case MERGE -> {
        // Each edge changed its own field: the result has each committed edit's field, whatever the order.
        List<JsonObject> values = new ArrayList<>();
        values.add(r.setup.copy());
        for (Edit e : r.edits) {
          String field = e.site();
          List<JsonObject> next = new ArrayList<>();
          for (JsonObject v : values) {
            if (e.ack() == Ack.UNKNOWN || !e.baseOk()) {
              next.add(v.copy());
            }
            next.add(v.copy().put(field, e.value().getString(field)));
            if (!e.baseOk()) {
              next.addAll(revertedByStaleCopy(r.setup, v, field, e.value().getString(field)));
            }
          }
          values = next;
        }
        out.addAll(values);
      }
    }
    return out;
  }

  /**
   * The states an edit with a moved base may leave. It was made on a copy that already held some of the other
   * edges' edits (pulled meanwhile), but its value was built from the set-up record: it puts those edges'
   * fields back to their set-up values, a real change the hub applies, since nothing changed them after that
   * base. Which of the edits already applied were on the copy is not known (one may have been pulled, another
   * not yet pushed when the copy was taken): any subset of them is put back, and the edit's own field is set.
   */
  private static List<JsonObject> revertedByStaleCopy(JsonObject setup, JsonObject before, String field, String value) {
    List<String> moved = new ArrayList<>();
    for (String f : before.fieldNames()) {
      if (!f.equals(field) && !Objects.equals(before.getValue(f), setup.getValue(f))) {
        moved.add(f);
      }
    }
    List<JsonObject> out = new ArrayList<>();
    for (int mask = 1; mask < 1 << moved.size(); mask++) {
      JsonObject state = before.copy().put(field, value);
      for (int i = 0; i < moved.size(); i++) {
        if ((mask & 1 << i) != 0) {
          state.put(moved.get(i), setup.getValue(moved.get(i)));
        }
      }
      out.add(state);
    }
    return out;
  }

  static boolean sameState(JsonObject a, JsonObject b) {
    return Objects.equals(a, b);
  }

  /** How many writes the model holds (acknowledged or not), for the figures. */
  long writes(Ack ack) {
    long n = 0;
    for (Single s : singles.values()) {
      n += s.ops.stream().filter(o -> o.ack() == ack).count();
    }
    for (Round r : rounds.values()) {
      n += r.edits.stream().filter(e -> e.ack() == ack).count();
    }
    return n;
  }
}
