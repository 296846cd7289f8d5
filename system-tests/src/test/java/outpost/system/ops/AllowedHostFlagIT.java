package outpost.system.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.system.ChildProcess;

/**
 * {@code --allowed-host} on the real command lines: the names it gives are answered, replacing the file's
 * {@code allowedHosts}, and other names are refused (docs/operations.md, "HTTP host allow-list").
 */
class AllowedHostFlagIT {
  @TempDir
  Path tmp;

  /** The status of a GET sent to 127.0.0.1 as if addressed to {@code host}. */
  private static int statusFor(int port, String host, String path, String token) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      String req = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
          + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Connection: close\r\n\r\n";
      s.getOutputStream().write(req.getBytes(StandardCharsets.ISO_8859_1));
      String head = new String(s.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
      return Integer.parseInt(head.substring(9, 12));
    }
  }

  @Test
  void hubAnswersTheFlaggedNamesInsteadOfTheFilesOnes() throws Exception {
    int http = Ops.freePort();
    Path config = Files.writeString(tmp.resolve("hub.json"), new JsonObject().put("grpcPort", Ops.freePort())
        .put("httpPort", http).put("data", tmp.resolve("hub-data").toString()).put("adminToken", Ops.ADMIN_TOKEN)
        .put("allowedHosts", new JsonArray().add("file.example")).encode());
    try (ChildProcess hub = ChildProcess.start(ChildProcess.hubJar(), List.of("-Xmx128m"), Map.of(),
        "serve", "--config", config.toString(), "--allowed-host", "hub.example.org", "--allowed-host", "10.9.8.7")) {
      hub.await(Pattern.compile("hub listening grpc=\\d+ http=\\d+"), 90);
      assertEquals(200, statusFor(http, "hub.example.org", "/api/sites", Ops.ADMIN_TOKEN));
      assertEquals(200, statusFor(http, "10.9.8.7", "/api/sites", Ops.ADMIN_TOKEN));
      assertEquals(200, statusFor(http, "localhost", "/api/sites", Ops.ADMIN_TOKEN));
      assertEquals(403, statusFor(http, "file.example", "/api/sites", Ops.ADMIN_TOKEN), "flags replace the file");
      assertEquals(403, statusFor(http, "evil.example", "/", null));
    }
  }

  @Test
  void edgeAnswersTheFlaggedNames() throws Exception {
    int port = Ops.freePort();
    Path config = Files.writeString(tmp.resolve("edge.json"), new JsonObject().put("site", "clinic-a")
        .put("data", tmp.resolve("edge-data").toString()).put("httpPort", port).encode());
    try (ChildProcess edge = ChildProcess.start(ChildProcess.edgeJar(), List.of("-Xmx128m"), Map.of(),
        "serve", "--config", config.toString(), "--allowed-host", "clinic-a.local")) {
      edge.await(Pattern.compile("^edge clinic-a listening on (http://\\S+)"), 90);
      assertEquals(200, statusFor(port, "clinic-a.local", "/api/sync/status", null));
      assertEquals(200, statusFor(port, "clinic-a.local", "/", null));
      assertEquals(403, statusFor(port, "clinic-b.local", "/api/sync/status", null));
    }
  }
}
