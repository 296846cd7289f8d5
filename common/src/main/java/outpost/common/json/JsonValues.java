package outpost.common.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Equality of JSON values with numbers compared by exact value ({@code 1e400} equals {@code 1E+400} and
 * 10^400 written out; {@code 0.1} does not equal {@code 0.1000000000000000000001}). Vert.x's
 * {@code JsonObject.equals} compares numbers as doubles, which is too coarse once numbers are kept exactly.
 */
public final class JsonValues {
  private JsonValues() {}

  public static boolean same(Object a, Object b) {
    a = unwrap(a);
    b = unwrap(b);
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return decimal(x).compareTo(decimal(y)) == 0;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !same(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      Iterator<?> i = y.iterator();
      for (Object v : x) {
        if (!same(v, i.next())) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static Object unwrap(Object v) {
    if (v instanceof JsonObject o) {
      return o.getMap();
    }
    return v instanceof JsonArray a ? a.getList() : v;
  }

  private static BigDecimal decimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (n instanceof Double || n instanceof Float) {
      return new BigDecimal(Double.toString(n.doubleValue()));
    }
    return BigDecimal.valueOf(n.longValue());
  }
}
