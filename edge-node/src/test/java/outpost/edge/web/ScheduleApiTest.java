package outpost.edge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.edge.EdgeNode;
import outpost.edge.config.EdgeConfig;
import outpost.edge.schedule.ScheduleConfig;
import outpost.edge.sync.EngineFactory;

/**
 * GET/PUT/DELETE /api/schedule on a real node with its scheduler (the hub is unreachable: only the
 * schedule matters here), restarted on the same data directory where the test says so.
 */
class ScheduleApiTest {
  /** The config file's schedule: daily at 03:00 UTC. */
  static final JsonObject FILE = new JsonObject().put("frequency", "daily").put("syncHour", 3);

  @TempDir
  Path dir;
  EdgeNode node;
  Http http;

  private void start() {
    start(FILE);
  }

  private void start(JsonObject fileSchedule) {
    JsonObject json = new JsonObject().put("site", "clinic-a").put("data", dir.toString()).put("httpPort", 0)
        .put("hubs", new JsonArray().add(new JsonObject().put("name", "central").put("address", "127.0.0.1:1")
            .put("token", "t")))
        .put("schedule", fileSchedule.copy());
    node = new EdgeNode(EdgeConfig.fromJson(json), EngineFactory::create);
    node.start().await();
    http = new Http(node.url());
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.stop().await();
    }
  }

  @Test
  void aValidScheduleIsAppliedAtOnceAndSurvivesARestartUntilReset() {
    start();
    JsonObject before = http.get("/api/schedule").json();
    assertEquals("file", before.getString("source"));
    assertEquals(3, before.getJsonObject("schedule").getInteger("syncHour"));
    assertEquals(3, hourOf(before.getString("nextDue"), "Etc/UTC"));

    JsonObject wanted = new JsonObject().put("frequency", "daily").put("syncHour", 21)
        .put("timeZone", "Asia/Kolkata").put("startDate", "2026-01-01");
    Http.Answer put = http.put("/api/schedule", wanted.encode());
    assertEquals(200, put.status(), put.body());
    JsonObject answer = put.json();
    assertEquals("api", answer.getString("source"));
    assertEquals(ScheduleConfig.fromJson(wanted, "schedule").toJson(), answer.getJsonObject("schedule"));
    assertEquals(3, answer.getJsonObject("file").getInteger("syncHour"), "the file's schedule is shown too");
    // The running scheduler took it: the next due time is 21:00 in Kolkata, in the answer and the status.
    assertEquals(21, hourOf(answer.getString("nextDue"), "Asia/Kolkata"));
    assertEquals(answer.getString("nextDue"), http.get("/api/sync/status").json().getString("nextDue"));

    node.stop().await();
    start();
    JsonObject after = http.get("/api/schedule").json();
    assertEquals("api", after.getString("source"), "the stored schedule wins over the file after a restart");
    assertEquals(answer.getJsonObject("schedule"), after.getJsonObject("schedule"));
    assertEquals(21, hourOf(http.get("/api/sync/status").json().getString("nextDue"), "Asia/Kolkata"));

    Http.Answer reset = http.delete("/api/schedule");
    assertEquals(200, reset.status(), reset.body());
    assertEquals("file", reset.json().getString("source"));
    assertEquals(3, hourOf(reset.json().getString("nextDue"), "Etc/UTC"));
    node.stop().await();
    start();
    assertEquals("file", http.get("/api/schedule").json().getString("source"), "the reset is kept too");
  }

  @Test
  void aStoredScheduleWinsOverAnEditedConfigFileUntilReset() {
    start();
    JsonObject wanted = new JsonObject().put("frequency", "daily").put("syncHour", 7);
    assertEquals(200, http.put("/api/schedule", wanted.encode()).status());
    node.stop().await();
    start(new JsonObject().put("frequency", "daily").put("syncHour", 5));
    JsonObject after = http.get("/api/schedule").json();
    assertEquals("api", after.getString("source"));
    assertEquals(7, after.getJsonObject("schedule").getInteger("syncHour"));
    assertEquals(5, after.getJsonObject("file").getInteger("syncHour"), "the edited file is shown beside it");
    assertEquals(7, hourOf(http.get("/api/sync/status").json().getString("nextDue"), "Etc/UTC"));
    assertEquals(5, hourOf(http.delete("/api/schedule").json().getString("nextDue"), "Etc/UTC"));
  }

  @Test
  void eachInvalidFieldIsA400NamingItAndChangesNothing() {
    start();
    JsonObject before = http.get("/api/schedule").json();
    Map<String, Object> bad = Map.of("frequency", "weekly", "intervalMinutes", 0, "syncHour", 25,
        "timeZone", "Mars/Olympus_Mons", "startDate", "1 May", "debounceSeconds", -1,
        "backoffInitialSeconds", 0, "backoffMaxSeconds", 1, "synchour", 4);
    for (Map.Entry<String, Object> e : bad.entrySet()) {
      JsonObject body = new JsonObject().put("frequency", "interval").put("backoffInitialSeconds", 5)
          .put(e.getKey(), e.getValue());
      Http.Answer a = http.put("/api/schedule", body.encode());
      assertEquals(400, a.status(), e + ": " + a.body());
      JsonObject error = a.json();
      assertEquals("BAD_REQUEST", error.getString("error"));
      assertEquals(e.getKey(), error.getString("field"), error.encode());
      assertTrue(error.getString("message").startsWith("schedule." + e.getKey() + " "), error.encode());
      assertNotNull(error.getString("hint"));
    }
    assertEquals(400, http.put("/api/schedule", "[1]").status(), "not an object");
    assertEquals(400, http.put("/api/schedule", "{\"syncHour\": 1,").status(), "not JSON");
    assertEquals(before, http.get("/api/schedule").json(), "a refused change left the schedule as it was");
  }

  @Test
  void twoChangesAtOnceLeaveOneWholeScheduleInTheStoreTheSchedulerAndTheAnswers() throws Exception {
    start();
    JsonObject a = new JsonObject().put("frequency", "daily").put("syncHour", 1).put("timeZone", "Europe/London")
        .put("debounceSeconds", 11);
    JsonObject b = new JsonObject().put("frequency", "daily").put("syncHour", 22).put("timeZone", "Asia/Tokyo")
        .put("debounceSeconds", 22);
    JsonObject wholeA = ScheduleConfig.fromJson(a, "schedule").toJson();
    JsonObject wholeB = ScheduleConfig.fromJson(b, "schedule").toJson();
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    for (int round = 0; round < 20; round++) {
      List<CompletableFuture<java.net.http.HttpResponse<String>>> puts = new ArrayList<>();
      for (JsonObject body : round % 2 == 0 ? List.of(a, b) : List.of(b, a)) {
        HttpRequest request = http.request("/api/schedule").header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body.encode())).build();
        puts.add(client.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofString()));
      }
      for (var p : puts) {
        assertEquals(200, p.get().statusCode(), p.get().body());
      }
      JsonObject now = http.get("/api/schedule").json().getJsonObject("schedule");
      assertTrue(now.equals(wholeA) || now.equals(wholeB), "a mix: " + now.encode());
      boolean aWon = now.equals(wholeA);
      String due = http.get("/api/sync/status").json().getString("nextDue");
      assertEquals(aWon ? 1 : 22, hourOf(due, aWon ? "Europe/London" : "Asia/Tokyo"),
          "the scheduler runs the schedule the store holds: " + now.encode() + " but next due " + due);
    }
    JsonObject last = http.get("/api/schedule").json().getJsonObject("schedule");
    node.stop().await();
    start();
    assertEquals(last, http.get("/api/schedule").json().getJsonObject("schedule"), "the winner is what was stored");
  }

  @Test
  void aChangeFromAnotherSiteOrForAnotherHostIsRefused() {
    start();
    JsonObject before = http.get("/api/schedule").json();
    String body = new JsonObject().put("frequency", "daily").put("syncHour", 5).encode();
    Http.Answer crossSite = http.send(http.request("/api/schedule").header("Content-Type", "application/json")
        .header("Origin", "http://evil.example").PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    assertEquals(403, crossSite.status(), crossSite.body());
    assertEquals("PERMISSION_DENIED", crossSite.json().getString("error"));
    RawHttp.Answer rebound = RawHttp.fromSite(node.httpPort(), "PUT", "/api/schedule", "evil.example", body);
    assertEquals(403, rebound.status(), rebound.body());
    RawHttp.Answer reset = RawHttp.fromSite(node.httpPort(), "DELETE", "/api/schedule", "evil.example", null);
    assertEquals(403, reset.status(), reset.body());
    Http.Answer notJson = http.send(http.request("/api/schedule").header("Content-Type", "text/plain")
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    assertEquals(415, notJson.status(), "a form post cannot carry it");
    assertEquals(before, http.get("/api/schedule").json());
  }

  private static int hourOf(String instant, String zone) {
    assertNotNull(instant, "no next due time");
    ZonedDateTime local = Instant.parse(instant).atZone(ZoneId.of(zone));
    assertEquals(0, local.getMinute(), instant);
    return local.getHour();
  }
}
