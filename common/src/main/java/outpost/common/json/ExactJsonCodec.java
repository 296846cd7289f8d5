package outpost.common.json;

import com.fasterxml.jackson.core.JsonParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Vert.x's Jackson codec (its parser settings and its encoding, which writes BigDecimal and BigInteger
 * exactly) with one change: decoding into a tree keeps numbers exact ({@link JsonTree}). Other targets (enums,
 * byte arrays, instants) are decoded by Vert.x as before. This is not the input grammar: it reads what the
 * nodes stored, which passed {@link StrictJson} when it entered.
 */
final class ExactJsonCodec extends JacksonCodec {
  @Override
  public <T> T fromString(String json, Class<T> type) throws DecodeException {
    return treeTarget(type) ? tree(JacksonCodec.createParser(json), type) : super.fromString(json, type);
  }

  @Override
  public <T> T fromBuffer(Buffer json, Class<T> type) throws DecodeException {
    return treeTarget(type) ? tree(JacksonCodec.createParser(json), type) : super.fromBuffer(json, type);
  }

  @Override
  public Object fromString(String json) throws DecodeException {
    return fromString(json, Object.class);
  }

  @Override
  public Object fromBuffer(Buffer json) throws DecodeException {
    return fromBuffer(json, Object.class);
  }

  private static boolean treeTarget(Class<?> type) {
    return type == Object.class || type == Map.class || type == List.class || type == JsonObject.class
        || type == JsonArray.class;
  }

  /** As Vert.x answers: a Map for Map, a List for List, JsonObject or JsonArray for Object. */
  private static <T> T tree(JsonParser parser, Class<T> type) {
    Object value;
    try (parser) {
      parser.nextToken();
      value = JsonTree.value(parser, JsonTree.Checks.NONE);
      if (parser.nextToken() != null) {
        throw new DecodeException("Unexpected trailing token");
      }
    } catch (IOException e) {
      throw new DecodeException(e.getMessage(), e);
    }
    if (type == Map.class && value instanceof JsonObject o) {
      return type.cast(o.getMap());
    }
    if (type == List.class && value instanceof JsonArray a) {
      return type.cast(a.getList());
    }
    if (value != null && !type.isInstance(value)) {
      throw new DecodeException("Failed to decode: not a " + type.getSimpleName());
    }
    return type.cast(value);
  }
}
