package outpost.common.json;

import io.vertx.core.spi.JsonFactory;
import io.vertx.core.spi.json.JsonCodec;

/**
 * Vert.x's JSON factory for this JVM (registered in META-INF/services, which Vert.x prefers to its built-in
 * one): Vert.x's codec with exact numbers on decoding, so that a record read back from a store keeps the value
 * that was written ({@code new JsonObject(text)} is how both stores read records).
 */
public final class ExactJsonFactory implements JsonFactory {
  private static final JsonCodec CODEC = new ExactJsonCodec();

  @Override
  public int order() {
    return 0;
  }

  @Override
  public JsonCodec codec() {
    return CODEC;
  }
}
