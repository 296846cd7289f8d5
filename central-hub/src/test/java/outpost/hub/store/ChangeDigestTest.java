package outpost.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The digest of a change sees numbers as the merge does: by exact value, whatever the spelling. */
class ChangeDigestTest {
  private static long digest(String data) {
    return ChangeDigest.of(Changes.put(1, "notes", "r", 0, new JsonObject(data), "n"));
  }

  @Test
  void oneValueSpelledTwoWaysHasOneDigest() {
    assertEquals(digest("{\"n\":1,\"m\":[1e400,-0.0,12345678901234567890123]}"),
        digest("{\"n\":1.00,\"m\":[1E+400,0,1.2345678901234567890123e22]}"));
    assertEquals(digest("{\"n\":{\"a\":0.1000000000000000000001}}"),
        digest("{\"n\":{\"a\":0.100000000000000000000100}}"));
  }

  @Test
  void valuesDifferingPastDoubleOrLongPrecisionHaveDifferentDigests() {
    assertNotEquals(digest("{\"n\":0.1}"), digest("{\"n\":0.1000000000000000000001}"));
    assertNotEquals(digest("{\"n\":5}"), digest("{\"n\":18446744073709551621}"));
    assertNotEquals(digest("{\"n\":12345678901234567890123}"), digest("{\"n\":12345678901234567890124}"));
    assertNotEquals(digest("{\"n\":1}"), digest("{\"n\":\"1\"}"));
  }
}
