package outpost.edge.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import outpost.common.error.OutpostException;

/**
 * Strict request bodies: valid UTF-8, a JSON object, nesting at most {@link #MAX_DEPTH} levels. Anything
 * else is a 400 before a store call, so nothing is written.
 */
final class JsonBody {
  static final int MAX_DEPTH = 64;

  private JsonBody() {}

  static JsonObject object(RoutingContext ctx) {
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw OutpostException.badRequest("a JSON object body is required");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(buffer.getBytes())).toString();
    } catch (CharacterCodingException e) {
      throw OutpostException.badRequest("the body is not valid UTF-8");
    }
    checkDepth(text);
    Object value;
    try {
      value = Json.decodeValue(text);
    } catch (DecodeException e) {
      throw OutpostException.badRequest("malformed JSON: " + firstLine(e.getMessage()));
    }
    if (!(value instanceof JsonObject json)) {
      throw OutpostException.badRequest("the body must be a JSON object");
    }
    return json;
  }

  /** Counts brackets outside strings; cheaper and stricter than the parser's own (much higher) limit. */
  static void checkDepth(String text) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        if (++depth > MAX_DEPTH) {
          throw OutpostException.badRequest("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
