package outpost.edge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.edge.EdgeNode;
import outpost.edge.config.EdgeConfig;

/** With an apiToken set, /api needs the bearer token; /health stays open for probes. */
class ApiTokenTest {
  @TempDir
  Path dir;

  @Test
  void apiRequestsNeedTheBearerTokenWhenOneIsSet() {
    EdgeConfig config = EdgeConfig.fromJson(new JsonObject().put("site", "s").put("data", dir.toString())
        .put("httpPort", 0).put("apiToken", "s3cret-token")
        .put("hubs", new JsonArray().add(new JsonObject().put("name", "central").put("address", "127.0.0.1:1")
            .put("token", "t"))));
    EdgeNode node = new EdgeNode(config, null);
    node.start().await();
    try {
      Http http = new Http(node.url());
      Http.Answer none = http.put("/api/records/c/1", "{}");
      assertEquals(401, none.status());
      assertEquals("AUTH_ERROR", none.json().getString("error"));
      Http.Answer wrong = http.send(http.request("/api/records/c/1").header("Authorization", "Bearer s3cret-tokeN")
          .GET().build());
      assertEquals(401, wrong.status());
      Http.Answer right = http.send(http.request("/api/records/c/1").header("Authorization", "Bearer s3cret-token")
          .header("Content-Type", "application/json")
          .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build());
      assertEquals(201, right.status(), right.body());
      assertEquals(200, http.get("/health").status());
    } finally {
      node.stop().await();
    }
  }
}
