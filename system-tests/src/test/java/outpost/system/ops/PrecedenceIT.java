package outpost.system.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.system.ChildProcess;
import outpost.system.fixture.Http;

/**
 * File, then environment, then flags, checked on the real command lines (the jars): each node is started
 * with a value set in all three places, one set in the file and the environment, and one only in the file,
 * and the values it runs with are the ones the precedence says.
 */
class PrecedenceIT {
  @TempDir
  Path tmp;

  @Test
  void hubTakesFlagsOverEnvironmentOverFile() throws Exception {
    int fileGrpc = Ops.freePort();
    int fileHttp = Ops.freePort();
    int envGrpc = Ops.freePort();
    int envHttp = Ops.freePort();
    int flagGrpc = Ops.freePort();
    JsonObject file = new JsonObject(Files.readString(Ops.repoRoot().resolve("docs/examples/hub.json")))
        .put("grpcPort", fileGrpc).put("httpPort", fileHttp).put("data", tmp.resolve("file-data").toString())
        .put("adminToken", "file-admin-token-0123456789");
    Path config = Files.writeString(tmp.resolve("hub.json"), file.encode());
    try (ChildProcess hub = ChildProcess.start(ChildProcess.hubJar(), List.of("-Xmx128m"),
        Map.of("OUTPOST_HUB_GRPC_PORT", String.valueOf(envGrpc), "OUTPOST_HUB_HTTP_PORT", String.valueOf(envHttp),
            "OUTPOST_HUB_ADMIN_TOKEN", Ops.ADMIN_TOKEN),
        "serve", "--config", config.toString(), "--grpc-port", String.valueOf(flagGrpc))) {
      String line = hub.await(Pattern.compile("hub listening grpc=\\d+ http=\\d+"), 90);
      assertEquals("hub listening grpc=" + flagGrpc + " http=" + envHttp, line, "flag > env > file");
      String http = "http://127.0.0.1:" + envHttp;
      assertEquals(401, Http.as("file-admin-token-0123456789").get(http + "/api/sites").status(), "the env token won");
      assertEquals(200, Http.as(Ops.ADMIN_TOKEN).get(http + "/api/sites").status());
      assertTrue(Files.exists(tmp.resolve("file-data")), "data came from the file");
    }
  }

  @Test
  void edgeTakesFlagsOverEnvironmentOverFile() throws Exception {
    int filePort = Ops.freePort();
    int envPort = Ops.freePort();
    int flagPort = Ops.freePort();
    Path config = Files.writeString(tmp.resolve("edge.json"), new JsonObject().put("site", "file-site")
        .put("data", tmp.resolve("file-data").toString()).put("httpPort", filePort).put("apiToken", "file-api-token")
        .encode());
    try (ChildProcess edge = ChildProcess.start(ChildProcess.edgeJar(), List.of("-Xmx128m"),
        Map.of("OUTPOST_EDGE_SITE", "env-site", "OUTPOST_EDGE_HTTP_PORT", String.valueOf(envPort),
            "OUTPOST_EDGE_DATA", tmp.resolve("env-data").toString(), "OUTPOST_EDGE_API_TOKEN", "env-api-token"),
        "serve", "--config", config.toString(), "--http-port", String.valueOf(flagPort), "--data",
        tmp.resolve("flag-data").toString())) {
      String url = edge.await(Pattern.compile("^edge env-site listening on (http://\\S+)"), 90);
      assertEquals("http://127.0.0.1:" + flagPort, url, "port: flag > env > file; site: env > file");
      assertTrue(Files.exists(tmp.resolve("flag-data").resolve("edge.mv.db")), "data: flag > env");
      assertEquals(401, Http.as("file-api-token").get(url + "/api/sync/status").status(), "apiToken: env > file");
      assertEquals(200, Http.as("env-api-token").get(url + "/api/sync/status").status());
    }
  }
}
