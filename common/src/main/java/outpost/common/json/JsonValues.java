package outpost.common.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Equality of JSON values with numbers compared by exact decimal value: {@code 1e400} equals {@code 1E+400}
 * and 10^400 written out, {@code 1}, {@code 1.0} and {@code 1.00} are one value, {@code 0.1} does not equal
 * {@code 0.1000000000000000000001}. Vert.x's {@code JsonObject.equals} compares numbers as doubles (and a
 * BigInteger against a long by its long value), which is too coarse once numbers are kept exactly. Every
 * "did this change" decision of the engine (docs/conflicts.md) uses this rule, and {@link #canonical} gives
 * the digests the same notion of one value.
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
      if (!finite(x) || !finite(y)) {
        return a.equals(b); // only code builds NaN or infinities (the grammar refuses them): no decimal value
      }
      if (x instanceof Double && y instanceof Double || smallInteger(x) && smallInteger(y)) {
        // Two doubles (or two longs) are equal exactly when their values are: no decimal needed on the common path.
        return x instanceof Double ? x.doubleValue() == y.doubleValue() : x.longValue() == y.longValue();
      }
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

  /**
   * One number for each value, whatever its spelling or Java type, so that an encoding of canonical numbers is
   * the same text exactly when {@link #same} holds: a long when the value is an integer a long holds, else the
   * double whose shortest text is the value, else the decimal without trailing zeros. Values that JSON input
   * commonly carries (integers, decimals a double holds) keep the number and the text they already had.
   */
  public static Number canonical(Number n) {
    if (!finite(n)) {
      return n;
    }
    BigDecimal d = decimal(n);
    if (d.signum() == 0) {
      return 0L;
    }
    BigDecimal stripped = d.stripTrailingZeros();
    // The digit count is checked first so that 1e1000 is not expanded just to find it is too large.
    if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 19) {
      try {
        return stripped.longValueExact();
      } catch (ArithmeticException tooLarge) {
        // 19 digits above Long.MAX_VALUE: not a long
      }
    }
    double asDouble = stripped.doubleValue();
    if (Double.isFinite(asDouble) && new BigDecimal(Double.toString(asDouble)).compareTo(stripped) == 0) {
      return asDouble;
    }
    return stripped;
  }

  private static boolean smallInteger(Number n) {
    return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
  }

  private static boolean finite(Number n) {
    return !(n instanceof Double || n instanceof Float) || Double.isFinite(n.doubleValue());
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
