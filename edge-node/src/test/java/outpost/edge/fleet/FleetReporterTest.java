package outpost.edge.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The last error a report carries, read from the edge's latest RUN JSON. */
class FleetReporterTest {
  private static JsonObject error(String code, String message) {
    return new JsonObject().put("code", code).put("message", message).put("hint", "a hint");
  }

  @Test
  void aRunWithoutErrorsReportsNone() {
    JsonObject run = new JsonObject().put("status", "COMPLETE").putNull("error")
        .put("hubs", new JsonArray().add(new JsonObject().put("name", "central").putNull("error")));
    assertEquals("", FleetReporter.lastError(run));
  }

  @Test
  void theFirstFailedHubsErrorIsNamedWithItsHubAndCodeOnce() {
    JsonObject run = new JsonObject().put("status", "FAILED").put("hubs", new JsonArray()
        .add(new JsonObject().put("name", "central").putNull("error"))
        .add(new JsonObject().put("name", "regional").put("error", error("CONNECTION_ERROR", "the hub is down")))
        .add(new JsonObject().put("name", "third").put("error", error("TIMEOUT", "slow"))));
    assertEquals("regional: CONNECTION_ERROR: the hub is down", FleetReporter.lastError(run));
    JsonObject coded = new JsonObject().put("error", error("AUTH_ERROR", "AUTH_ERROR: site refused"));
    assertEquals("AUTH_ERROR: site refused", FleetReporter.lastError(coded), "the code is not repeated");
  }

  @Test
  void aRunsOwnErrorComesFirst() {
    JsonObject run = new JsonObject().put("error", "INTERNAL_ERROR: the store is closed")
        .put("hubs", new JsonArray().add(new JsonObject().put("name", "central").put("error", error("TIMEOUT", "x"))));
    assertEquals("INTERNAL_ERROR: the store is closed", FleetReporter.lastError(run));
  }
}
