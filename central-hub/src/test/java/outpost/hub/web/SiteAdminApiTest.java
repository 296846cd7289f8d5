package outpost.hub.web;

import static org.junit.jupiter.api.Assertions.*;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import outpost.hub.auth.AdminTokenGuard;
import outpost.hub.ingest.TestHub;

/** Token rotation, enabling a site and the admin token guard, on a real hub with real gRPC clients. */
class SiteAdminApiTest {
  @TempDir
  Path dir;
  TestHub hub;
  ManagedChannel channel;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    hub = TestHub.start(dir, new JsonObject());
    channel = hub.channel();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    hub.close();
  }

  private Status.Code hello(String site, String token) {
    return TestHub.hello(channel, site, token);
  }


  private HttpResponse<String> withToken(String method, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).method(method,
        HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRotatedTokenReplacesTheOldOneAtOnceEvenWhenTheOldOneWasJustVerified() throws Exception {
    String old = hub.addSite("clinic-a");
    assertEquals(Status.Code.OK, hello("clinic-a", old), "verified, and so cached by the hub");
    HttpResponse<String> r = hub.admin("POST", "/api/sites/clinic-a/token", null);
    assertEquals(200, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals("clinic-a", body.getString("id"));
    String fresh = body.getString("token");
    assertTrue(fresh.matches("[A-Za-z0-9_-]{43}"), fresh);
    assertEquals(Status.Code.UNAUTHENTICATED, hello("clinic-a", old), "the old token stopped working at once");
    assertEquals(Status.Code.OK, hello("clinic-a", fresh));
    assertFalse(hub.admin("GET", "/api/sites", null).body().contains(fresh), "the token is shown only once");

    HttpResponse<String> ghost = hub.admin("POST", "/api/sites/ghost/token", null);
    assertEquals(404, ghost.statusCode());
    assertEquals("NOT_FOUND", new JsonObject(ghost.body()).getString("error"));
  }

  @Test
  void aDisabledSiteComesBackWithItsTokenWhenEnabled() throws Exception {
    String token = hub.addSite("clinic-a");
    assertEquals(Status.Code.OK, hello("clinic-a", token));
    assertEquals(200, hub.admin("POST", "/api/sites/clinic-a/disable", null).statusCode());
    assertEquals(Status.Code.UNAUTHENTICATED, hello("clinic-a", token));
    HttpResponse<String> r = hub.admin("POST", "/api/sites/clinic-a/enable", null);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(new JsonObject().put("id", "clinic-a").put("disabled", false), new JsonObject(r.body()));
    assertEquals(Status.Code.OK, hello("clinic-a", token));
    assertEquals(404, hub.admin("POST", "/api/sites/ghost/enable", null).statusCode());
  }

  @Test
  void registeringAnExistingSiteAgainPointsAtRotationNotAtRecordConflicts() throws Exception {
    hub.addSite("clinic-a");
    HttpResponse<String> again = hub.admin("POST", "/api/sites", new JsonObject().put("id", "clinic-a").encode());
    assertEquals(409, again.statusCode());
    JsonObject body = new JsonObject(again.body());
    assertEquals("CONFLICT", body.getString("error"));
    assertTrue(body.getString("hint").contains("/api/sites/clinic-a/token"), body.getString("hint"));
    assertTrue(body.getString("hint").contains("rotate-token"), body.getString("hint"));
    assertFalse(body.getString("hint").contains("Conflicts"), body.getString("hint"));
  }

  @Test
  void wrongAdminTokensAreThrottledButTheRightOneIsAlwaysAccepted() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(AdminTokenGuard.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    log.addAppender(lines);
    try {
      guessAndLogIn();
    } finally {
      log.detachAppender(lines);
    }
    assertFalse(lines.list.isEmpty(), "failed attempts are logged");
    String first = lines.list.get(0).getFormattedMessage();
    assertTrue(first.contains("127.0.0.1") && first.contains("GET /api/sites"), first);
    for (ILoggingEvent line : lines.list) {
      assertFalse(line.getFormattedMessage().contains("wrong-admin-token"), "never the token: " + line);
      assertFalse(line.getFormattedMessage().contains(TestHub.ADMIN_TOKEN), "never the token: " + line);
    }
  }

  private void guessAndLogIn() throws Exception {
    HttpResponse<String> first = withToken("GET", "/api/sites", "wrong-admin-token-000000");
    assertEquals(401, first.statusCode());
    String hint = new JsonObject(first.body()).getString("hint");
    assertTrue(hint.contains("admin token") && hint.contains("hub"), hint);
    assertFalse(hint.contains("edge"), "the hint is about the hub, not an edge config: " + hint);
    int throttled = 0;
    for (int i = 0; i < 40; i++) {
      int status = withToken("GET", "/api/sites", "wrong-admin-token-" + i).statusCode();
      assertTrue(status == 401 || status == 429, "status " + status);
      if (status == 429) {
        throttled++;
      }
      // From the same address, in the middle of the guessing, the right token always gets in.
      assertEquals(200, withToken("GET", "/api/sites", TestHub.ADMIN_TOKEN).statusCode());
    }
    assertTrue(throttled >= 25, "wrong guesses past the budget are answered 429: " + throttled);
    HttpResponse<String> wrong = withToken("GET", "/api/sites", "wrong-admin-token-again");
    assertEquals(429, wrong.statusCode());
    assertEquals("AUTH_ERROR", new JsonObject(wrong.body()).getString("error"));
    assertEquals(401, withToken("GET", "/api/sites", null).statusCode(), "no token is no guess: never counted");
  }
}
