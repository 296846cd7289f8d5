package outpost.system.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.system.ChildProcess;
import outpost.system.fixture.Await;
import outpost.system.fixture.Http;

/**
 * The systemd units of docs/examples/systemd: systemd accepts them, and each ExecStart line, run as
 * written with only the jar, config and data paths swapped for the build's and a temp folder, starts a
 * node that serves (the hub, then an edge syncing with it) and stops cleanly on SIGTERM with an exit code
 * the unit counts as success, well inside its TimeoutStopSec.
 */
class SystemdUnitsIT {
  private static final Path UNITS = Path.of("docs/examples/systemd");
  private static final String SITE_TOKEN_PLACEHOLDER = "REPLACE-with-the-site-token";

  @TempDir
  Path tmp;

  @Test
  void systemdAnalyzeVerifyAcceptsBothUnitsWithoutAWord() throws Exception {
    // Fails rather than skips: scripts/test.sh installs systemd-analyze (Debian's systemd package).
    assertTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")),
        "systemd-analyze is not installed: apt-get install systemd (scripts/test.sh does)");
    List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no"));
    for (String unit : List.of("outpost-hub.service", "outpost-edge.service")) {
      command.add(Ops.repoRoot().resolve(UNITS).resolve(unit).toString());
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "systemd-analyze finished");
    // verify exits 0 on unknown keys and bad values too, and only warns: any word from it is a defect.
    assertEquals(0, p.exitValue(), out);
    assertEquals("", out.strip(), "systemd-analyze has remarks");
  }

  @Test
  void theUnitsExecStartLinesServeAndStopCleanlyOnSigterm() throws Exception {
    Map<String, String> hubUnit = serviceSection("outpost-hub.service");
    Map<String, String> edgeUnit = serviceSection("outpost-edge.service");
    for (Map<String, String> unit : List.of(hubUnit, edgeUnit)) {
      assertEquals("on-failure", unit.get("Restart"));
      assertEquals("143", unit.get("SuccessExitStatus"), "the JVM's exit code after SIGTERM counts as success");
      assertEquals("outpost", unit.get("User"));
      assertTrue(unit.get("ExecStart").contains(" --data /var/lib/" + unit.get("StateDirectory")),
          "the data folder is the unit's state directory: " + unit);
    }
    assertTrue(edgeUnit.get("ExecStart").contains(" -Xmx128m -XX:+UseSerialGC "), "the edge JVM settings of the guide");

    Path hubData = Files.createDirectories(tmp.resolve("var-lib-hub"));
    Map<String, String> hubEnv = Map.of("OUTPOST_HUB_ADMIN_TOKEN", Ops.ADMIN_TOKEN,
        "OUTPOST_HUB_GRPC_PORT", "0", "OUTPOST_HUB_HTTP_PORT", "0"); // free ports; the file says 7443/8090
    try (ChildProcess hub = start(hubUnit, Map.of("/opt/outpost/central-hub.jar", ChildProcess.hubJar().toString(),
        "/etc/outpost/hub.json", Ops.repoRoot().resolve("docs/examples/hub.json").toString(),
        "/var/lib/outpost-hub", hubData.toString()), hubEnv)) {
      // A pattern without a group: await answers the whole line, with both ports.
      Matcher ports = Ops.HUB_LISTENING.matcher(hub.await(Pattern.compile("hub listening grpc=\\d+ http=\\d+"), 90));
      assertTrue(ports.find());
      String http = "http://127.0.0.1:" + ports.group(2);
      String token = Ops.addSite(http, "store-17");
      assertTrue(Files.exists(hubData.resolve("hub.mv.db")), "the hub keeps its store in the --data folder");

      // The example edge config, pointed at this hub; its token comes from the environment as the unit says.
      JsonObject edgeJson = new JsonObject(Files.readString(Ops.repoRoot().resolve("docs/examples/edge-one-hub.json")));
      edgeJson.getJsonArray("hubs").getJsonObject(0).put("address", "127.0.0.1:" + ports.group(1))
          .put("token", SITE_TOKEN_PLACEHOLDER);
      Path edgeConfig = Files.writeString(tmp.resolve("edge.json"), edgeJson.encodePrettily());
      Path edgeData = tmp.resolve("var-lib-edge");
      try (ChildProcess edge = start(edgeUnit, Map.of("/opt/outpost/edge-node.jar", ChildProcess.edgeJar().toString(),
          "/etc/outpost/edge.json", edgeConfig.toString(), "/var/lib/outpost-edge", edgeData.toString()),
          Map.of("OUTPOST_EDGE_TOKEN", token, "OUTPOST_EDGE_HTTP_PORT", "0"))) {
        String url = edge.await(Ops.EDGE_LISTENING, 90);
        Await.until(() -> {
          JsonObject last = Http.as(null).get(url + "/api/sync/status").json().getJsonObject("lastRun");
          return last != null && "COMPLETE".equals(last.getString("status"));
        }, 60, "the edge's start-up run to complete with the token from the environment");
        assertTrue(Files.exists(edgeData.resolve("edge.mv.db")), "the edge keeps its store in the --data folder");
        stopsCleanly(edge, edgeUnit, "edge store-17 stopped");
      }
      stopsCleanly(hub, hubUnit, "hub central stopped");
    }
  }

  /** SIGTERM, as systemd sends it (KillSignal): the exit code is success for the unit and comes in time. */
  private static void stopsCleanly(ChildProcess p, Map<String, String> unit, String lastWords) {
    assertEquals("SIGTERM", unit.get("KillSignal"));
    long timeout = Long.parseLong(unit.get("TimeoutStopSec"));
    long started = System.nanoTime();
    int exit = p.terminate(timeout);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(exit == 143 || exit == 0, "exit code " + exit + " is not a success for the unit\n" + p.output());
    assertTrue(took.toSeconds() < timeout / 2, "stopped in " + took + ", close to TimeoutStopSec=" + timeout);
    assertTrue(p.output().contains(lastWords), p.output());
  }

  /** Runs ExecStart with its JVM flags as written; only the paths given are replaced. */
  private static ChildProcess start(Map<String, String> unit, Map<String, String> paths, Map<String, String> env) {
    List<String> words = new ArrayList<>(List.of(unit.get("ExecStart").trim().split("\\s+")));
    assertEquals("/usr/bin/java", words.get(0), "Debian's java");
    words.replaceAll(w -> paths.getOrDefault(w, w));
    int jar = words.indexOf("-jar");
    assertTrue(jar > 0 && jar + 1 < words.size(), unit.get("ExecStart"));
    List<String> jvm = words.subList(1, jar);
    Map<String, String> all = new HashMap<>(env);
    all.put("OUTPOST_LOG_FORMAT", "plain");
    return ChildProcess.start(Path.of(words.get(jar + 1)), List.copyOf(jvm), all,
        words.subList(jar + 2, words.size()).toArray(String[]::new));
  }

  /** The [Service] keys of a unit file (the last value of a key wins, as in systemd). */
  private static Map<String, String> serviceSection(String unit) throws IOException {
    Map<String, String> keys = new LinkedHashMap<>();
    String section = "";
    for (String line : Files.readAllLines(Ops.repoRoot().resolve(UNITS).resolve(unit))) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
        continue;
      }
      if (l.startsWith("[")) {
        section = l;
      } else if (section.equals("[Service]")) {
        int eq = l.indexOf('=');
        keys.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
      }
    }
    return keys;
  }
}
