package outpost.system.fault;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import outpost.system.fixture.Await;
import outpost.system.fixture.Http;

/** An edge as its local apps reach it: the REST API's sync routes, whichever way the node runs. */
interface EdgeRest extends NodeApi {
  /** How often a wait for a run polls the edge. */
  default long pollMillis() {
    return 100;
  }

  /** Starts a run (or joins the running one) and answers its id, or null when the edge did not answer. */
  default String startSync() {
    Http.Answer a = rest().post(url() + "/api/sync", new JsonObject());
    return a.status() == 202 ? a.json().getString("syncId") : null;
  }

  /** The finished RUN with this id, waiting up to {@code seconds}; null when the edge died or it did not end. */
  default JsonObject awaitRun(String id, long seconds) {
    String base = url();
    Http.Answer[] run = new Http.Answer[1];
    boolean ended = Await.upTo(() -> {
      run[0] = rest().get(base + "/api/sync/runs/" + id);
      return run[0].status() == 200 || run[0].status() < 0;
    }, Duration.ofSeconds(seconds), Duration.ofMillis(pollMillis()));
    return ended && run[0].status() == 200 ? run[0].json() : null;
  }

  /** Runs a sync to its end and answers the RUN, or null. */
  default JsonObject sync(long seconds) {
    String id = startSync();
    return id == null ? null : awaitRun(id, seconds);
  }

  /** GET /api/sync/status, or null when the edge does not answer. */
  default JsonObject status() {
    Http.Answer a = rest().get(url() + "/api/sync/status");
    return a.status() == 200 ? a.json() : null;
  }
}
