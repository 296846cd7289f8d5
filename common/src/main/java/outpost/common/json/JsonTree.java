package outpost.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Vert.x values from a Jackson parser with exact numbers. Integers come as Integer, Long or BigInteger
 * (Jackson picks the smallest that holds them); a decimal stays a Double only when the double prints back to the
 * same value, else it is the BigDecimal of its text. Vert.x's own reader turns 1e400 into Infinity and
 * 0.1000000000000000000001 into 0.1.
 */
final class JsonTree {
  /** Sees every string and key, and every decimal, as it is read (the strict grammar's checks). */
  interface Checks {
    Checks NONE = new Checks() {};

    default void text(String value, JsonParser p) {}

    default void decimal(BigDecimal value, JsonParser p) {}
  }

  private JsonTree() {}

  /** The value at the parser's current token; nesting depth is bounded by the parser's constraints. */
  static Object value(JsonParser p, Checks checks) throws IOException {
    JsonToken token = p.currentToken();
    if (token == null) {
      throw new IOException("no JSON value");
    }
    return switch (token) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          checks.text(key, p);
          p.nextToken();
          map.put(key, value(p, checks));
        }
        yield new JsonObject(map);
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(value(p, checks));
        }
        yield new JsonArray(list);
      }
      case VALUE_STRING -> {
        String text = p.getText();
        checks.text(text, p);
        yield text;
      }
      case VALUE_NUMBER_INT -> p.getNumberValue();
      case VALUE_NUMBER_FLOAT -> decimal(p, checks);
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new IOException("unexpected token " + token);
    };
  }

  private static Number decimal(JsonParser p, Checks checks) throws IOException {
    BigDecimal exact = p.getDecimalValue();
    checks.decimal(exact, p);
    double d = exact.doubleValue();
    if (Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(exact) == 0) {
      return d;
    }
    return exact;
  }
}
