package outpost.system.convergence;

import io.vertx.core.json.JsonObject;
import java.util.SplittableRandom;

/**
 * Random offline writes over small values, so that equal values, overlapping fields, nested objects,
 * removed fields and deletes all happen often. Half the writes go to a small hot set of ids so that
 * edges collide on the same records between their syncs.
 */
final class Workload {
  static final int RECORDS = 500;
  static final int HOT = 40;
  static final String[] FIELDS = {"a", "b", "c", "n"};

  /** What to do: a put of {@code value}, or a delete when {@code value} is null. */
  record Write(String id, JsonObject value) {}

  private final SplittableRandom rnd;

  Workload(SplittableRandom rnd) {
    this.rnd = rnd;
  }

  static String id(int i) {
    return String.format("n%03d", i);
  }

  String pickId() {
    return id(rnd.nextInt(2) == 0 ? rnd.nextInt(HOT) : rnd.nextInt(RECORDS));
  }

  /** A write to {@code id} given the value the edge currently shows (null when none). */
  Write next(String id, JsonObject current) {
    int kind = rnd.nextInt(100);
    if (current != null && kind < 20) {
      return new Write(id, null);
    }
    if (current != null && kind < 60) {
      JsonObject next = current.copy();
      int edits = 1 + rnd.nextInt(2);
      for (int i = 0; i < edits; i++) {
        String f = FIELDS[rnd.nextInt(FIELDS.length)];
        if (next.containsKey(f) && next.size() > 1 && rnd.nextInt(4) == 0) {
          next.remove(f);
        } else {
          next.put(f, value());
        }
      }
      return new Write(id, next);
    }
    JsonObject fresh = new JsonObject();
    for (String f : FIELDS) {
      if (rnd.nextInt(2) == 0) {
        fresh.put(f, value());
      }
    }
    if (fresh.isEmpty()) {
      fresh.put(FIELDS[rnd.nextInt(FIELDS.length)], value());
    }
    return new Write(id, fresh);
  }

  /** Small values: numbers, strings and nested objects, few enough that sides often agree. */
  Object value() {
    return switch (rnd.nextInt(7)) {
      case 0 -> 0;
      case 1 -> 1;
      case 2 -> 2;
      case 3 -> "x";
      case 4 -> "y";
      case 5 -> new JsonObject().put("k", rnd.nextInt(2));
      default -> new JsonObject().put("k", 0).put("j", rnd.nextInt(2));
    };
  }

  int nextInt(int bound) {
    return rnd.nextInt(bound);
  }
}
