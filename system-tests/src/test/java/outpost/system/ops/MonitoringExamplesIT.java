package outpost.system.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.system.ChildProcess;
import outpost.system.fixture.Await;
import outpost.system.fixture.Http;

/**
 * The Prometheus alert rules and the Grafana dashboard of docs/examples hold: promtool accepts the rules
 * and every query of the dashboard; every rule links to its runbook line in docs/operations.md; and every
 * metric they name is exported by a real hub and real edges (from their jars) after real syncs, among them
 * a refused one, so that series which appear only after a failure are there too. The series added for
 * alerting carry the values they promise: a site's last contact, a disabled site dropped, failures by
 * code on both sides, store sizes that match the files, and an edge's last success surviving a restart.
 */
class MonitoringExamplesIT {
  static final Path RULES = Path.of("docs/examples/prometheus/outpost-alerts.yml");
  static final Path DASHBOARD = Path.of("docs/examples/grafana/outpost-dashboard.json");
  /** Series Prometheus makes itself: not exported by a node. */
  private static final Set<String> PROMETHEUS_OWN = Set.of("up");
  private static final Pattern ALERT = Pattern.compile("^\\s*- alert:\\s*(\\S+)\\s*$");
  private static final Pattern EXPR = Pattern.compile("^\\s*expr:\\s*(.*)$");
  private static final Pattern RUNBOOK = Pattern.compile("^\\s*runbook_url:\\s*\"docs/operations\\.md#([a-z0-9-]+)\"\\s*$");

  @TempDir
  Path tmp;

  @Test
  void promtoolAcceptsTheRules() {
    Promtool.Result r = Promtool.checkRules(Ops.repoRoot().resolve(RULES));
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("SUCCESS: " + rules().size() + " rules found"), r.output());
  }

  @Test
  void promtoolAcceptsEveryDashboardQuery() throws IOException {
    Map<String, String> queries = dashboardQueries();
    assertTrue(queries.size() >= 10, "the dashboard has its panels: " + queries.keySet());
    // Each query becomes a recording rule, so that promtool parses it as PromQL. Grafana's own interval
    // variable stands for a range.
    StringBuilder yaml = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    queries.forEach((panel, expr) -> yaml.append("      - record: dashboard:").append(panel).append("\n        expr: \"")
        .append(expr.replace("$__rate_interval", "5m").replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n"));
    Path file = Files.writeString(tmp.resolve("dashboard-queries.yml"), yaml);
    Promtool.Result r = Promtool.checkRules(file);
    assertEquals(0, r.exit(), r.output() + "\n" + yaml);
    assertTrue(r.output().contains("SUCCESS: " + queries.size() + " rules found"), r.output());
  }

  @Test
  void everyRuleLinksToItsRunbookLineInTheOperationsGuide() throws IOException {
    String doc = Files.readString(Ops.repoRoot().resolve("docs/operations.md"));
    Set<String> anchors = new TreeSet<>();
    for (String line : doc.split("\n")) {
      if (line.startsWith("#")) {
        anchors.add(anchor(line.replaceFirst("^#+\\s*", "")));
      }
    }
    for (Rule rule : rules().values()) {
      assertEquals(rule.name().toLowerCase(java.util.Locale.ROOT), rule.runbook(), rule.name() + " links its own runbook");
      assertTrue(anchors.contains(rule.runbook()), rule.name() + ": no heading #" + rule.runbook()
          + " in docs/operations.md");
    }
  }

  @Test
  void everyMetricTheRulesAndTheDashboardNameIsExportedByRealNodes() throws Exception {
    List<String> queries = new ArrayList<>();
    rules().values().forEach(r -> queries.add(r.expr()));
    queries.addAll(dashboardQueries().values());
    Set<String> used = new TreeSet<>();
    queries.forEach(q -> used.addAll(PromQl.metricNames(q)));
    assertTrue(used.contains("outpost_hub_site_last_seen_seconds") && used.contains("outpost_edge_pending_changes"),
        "the names were read: " + used);

    Set<String> exported = new TreeSet<>();
    Path hubData = tmp.resolve("hub");
    Ops.HubProcess hub = Ops.startExampleHub(hubData, List.of(), Map.of());
    ChildProcess pa;
    double lastSuccessA;
    Path configA;
    try (hub) {
      String tokenA = Ops.addSite(hub.http(), "clinic-a");
      String tokenB = Ops.addSite(hub.http(), "clinic-b");
      configA = Ops.edgeConfig(tmp, "clinic-a", hub.grpcAddress(), tokenA);
      pa = Ops.launchEdge(configA, Map.of());
      ChildProcess pb = Ops.launchEdge(Ops.edgeConfig(tmp, "clinic-b", hub.grpcAddress(), tokenB), Map.of());
      // Not registered: its runs fail with AUTH_ERROR, which makes the failure series appear on both sides.
      ChildProcess px = Ops.launchEdge(Ops.edgeConfig(tmp, "clinic-x", hub.grpcAddress(), "wrong-token-2b9e61d0"),
          Map.of());
      try (pa; pb; px) {
        Ops.EdgeProcess a = Ops.awaitEdge(pa);
        Ops.EdgeProcess b = Ops.awaitEdge(pb);
        Ops.EdgeProcess x = Ops.awaitEdge(px);
        Http.Answer put = Http.as(null).send("PUT", a.url() + "/api/records/notes/n1", new JsonObject().put("text", "hi"));
        assertEquals(201, put.status(), put.body());
        JsonObject run = Ops.syncAndWait(a.url(), null);
        assertEquals("COMPLETE", run.getString("status"), run.encode());
        waitLastRun(b.url(), "COMPLETE");
        waitLastRun(x.url(), "FAILED");

        Prometheus edgeA = scrape(a.url() + "/metrics", null);
        Prometheus edgeX = scrape(x.url() + "/metrics", null);
        Prometheus hubM = scrape(hub.http() + "/metrics", Ops.ADMIN_TOKEN);
        for (Prometheus p : List.of(edgeA, edgeX, hubM)) {
          exported.addAll(names(p));
        }

        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exported);
        missing.removeAll(PROMETHEUS_OWN);
        assertTrue(missing.isEmpty(), "named by the rules or the dashboard but exported by no node: " + missing
            + "\nexported: " + exported);
        // A misspelt label matches nothing, and a rule on it never fires: every label a query selects on
        // or groups by is on the series it names (instance and job are the labels Prometheus adds).
        Map<String, Set<String>> labels = labelsByName(List.of(edgeA, edgeX, hubM));
        for (String q : queries) {
          Set<String> known = new TreeSet<>(Set.of("instance", "job"));
          PromQl.metricNames(q).forEach(n -> known.addAll(labels.getOrDefault(n, Set.of())));
          PromQl.matchedLabels(q).forEach((name, matched) -> {
            if (!PROMETHEUS_OWN.contains(name)) {
              assertTrue(labels.get(name).containsAll(matched), q + ": " + name + " has labels " + labels.get(name));
            }
          });
          assertTrue(known.containsAll(PromQl.groupingLabels(q)), q + ": grouped by a label none of its series has");
        }

        // The series added for alerting say what they promise.
        double now = System.currentTimeMillis() / 1000.0;
        assertTrue(Math.abs(now - hubM.value("outpost_hub_site_last_seen_seconds", "site", "clinic-a")) < 120,
            hubM.toString());
        assertFalse(hubM.has("outpost_hub_site_last_seen_seconds", "site", "clinic-x"), "an unknown site has no series");
        assertTrue(hubM.value("outpost_hub_calls_failed_total", "code", "AUTH_ERROR") >= 1, hubM.toString());
        assertEquals(0, hubM.value("outpost_hub_conflicts_open"));
        assertTrue(edgeX.value("outpost_edge_sync_failures_total", "hub", "central", "code", "AUTH_ERROR") >= 1,
            edgeX.toString());
        assertFalse(edgeA.has("outpost_edge_sync_failures_total"), "a node that never failed counts no failure");
        assertEquals(Files.size(tmp.resolve("clinic-a").resolve("edge.mv.db")),
            edgeA.value("outpost_edge_store_size_bytes"), 64 * 1024, "the edge's store size is its file's");
        lastSuccessA = edgeA.value("outpost_edge_last_success_seconds");
        assertTrue(Math.abs(now - lastSuccessA) < 120, edgeA.toString());

        // A disabled site leaves the per-site series at the next refresh (~30 s): it must not alert as stale.
        assertTrue(hubM.has("outpost_hub_site_last_seen_seconds", "site", "clinic-b"));
        assertEquals(200, Http.as(Ops.ADMIN_TOKEN).send("POST", hub.http() + "/api/sites/clinic-b/disable", null).status());
        Await.until(() -> !scrape(hub.http() + "/metrics", Ops.ADMIN_TOKEN)
            .has("outpost_hub_site_last_seen_seconds", "site", "clinic-b"), 60, "clinic-b's series to go");
        Prometheus refreshed = scrape(hub.http() + "/metrics", Ops.ADMIN_TOKEN);
        assertTrue(refreshed.has("outpost_hub_site_last_seen_seconds", "site", "clinic-a"));
        long hubFile = Files.size(hubData.resolve("hub.mv.db"));
        double hubSize = refreshed.value("outpost_hub_store_size_bytes");
        assertTrue(hubSize > 0 && Math.abs(hubSize - hubFile) <= 1 << 20,
            "the hub's store size " + hubSize + " is its file's " + hubFile);
        int exit = pa.terminate(40);
        assertTrue(exit == 143 || exit == 0, "edge A stops on SIGTERM: " + exit);
      }
    }

    // The hub is gone: edge A restarts and its start-up run fails, but its last success is still the one
    // before the restart (read from its run history), so an alert on its age does not fire on a restart.
    try (ChildProcess again = Ops.launchEdge(configA, Map.of())) {
      Ops.EdgeProcess a = Ops.awaitEdge(again);
      waitLastRun(a.url(), "FAILED");
      Prometheus m = scrape(a.url() + "/metrics", null);
      assertEquals(lastSuccessA, m.value("outpost_edge_last_success_seconds"), m.toString());
      assertTrue(m.value("outpost_edge_sync_failures_total", "hub", "central", "code", "CONNECTION_ERROR") >= 1,
          m.toString());
    }
  }

  record Rule(String name, String expr, String runbook) {}

  /** The alert rules of the example file, by name, read line by line (promtool checks the YAML itself). */
  static Map<String, Rule> rules() {
    List<String> lines;
    try {
      lines = Files.readAllLines(Ops.repoRoot().resolve(RULES), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    Map<String, Rule> rules = new LinkedHashMap<>();
    String name = null;
    String expr = null;
    for (String line : lines) {
      Matcher m;
      if ((m = ALERT.matcher(line)).matches()) {
        name = m.group(1);
        expr = null;
      } else if ((m = EXPR.matcher(line)).matches()) {
        expr = m.group(1).trim();
        assertFalse(expr.isEmpty() || expr.startsWith("|") || expr.startsWith(">") || expr.startsWith("\""),
            "keep each expr on one plain line (the test reads it): " + line);
      } else if ((m = RUNBOOK.matcher(line)).matches()) {
        assertTrue(name != null && expr != null, "runbook_url outside a rule: " + line);
        assertTrue(rules.put(name, new Rule(name, expr, m.group(1))) == null, "two rules named " + name);
      }
    }
    long alerts = lines.stream().filter(l -> ALERT.matcher(l).matches()).count();
    assertEquals(alerts, rules.size(), "every alert has an expr and a runbook_url \"docs/operations.md#...\"");
    return rules;
  }

  /** Every query of the dashboard, keyed panel id + ref id. */
  static Map<String, String> dashboardQueries() throws IOException {
    JsonObject dashboard = new JsonObject(Files.readString(Ops.repoRoot().resolve(DASHBOARD)));
    assertEquals("datasource", dashboard.getJsonObject("templating").getJsonArray("list").getJsonObject(0)
        .getString("type"), "the dashboard asks for its Prometheus data source on import");
    Map<String, String> queries = new LinkedHashMap<>();
    collect(dashboard.getJsonArray("panels"), queries);
    return queries;
  }

  private static void collect(JsonArray panels, Map<String, String> into) {
    for (Object o : panels) {
      JsonObject panel = (JsonObject) o;
      if (panel.containsKey("panels")) {
        collect(panel.getJsonArray("panels"), into);
      }
      for (Object t : panel.getJsonArray("targets", new JsonArray())) {
        JsonObject target = (JsonObject) t;
        assertEquals("${datasource}", target.getJsonObject("datasource").getString("uid"), panel.encode());
        into.put("panel_" + panel.getInteger("id") + "_" + target.getString("refId"), target.getString("expr"));
      }
    }
  }

  private static Map<String, Set<String>> labelsByName(List<Prometheus> scrapes) {
    Map<String, Set<String>> out = new java.util.TreeMap<>();
    for (Prometheus p : scrapes) {
      for (String name : names(p)) {
        Set<String> labels = out.computeIfAbsent(name, n -> new TreeSet<>());
        p.find(name).forEach(sample -> labels.addAll(sample.labels().keySet()));
      }
    }
    return out;
  }

  private static Set<String> names(Prometheus p) {
    Set<String> out = new TreeSet<>();
    for (String line : p.toString().split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        out.add(line.split("[{ ]", 2)[0]);
      }
    }
    return out;
  }

  private static Prometheus scrape(String url, String token) {
    Http.Answer a = Http.as(token).get(url);
    assertEquals(200, a.status(), url);
    return new Prometheus(a.body());
  }

  private static void waitLastRun(String url, String status) {
    Await.until(() -> {
      JsonObject s = Http.as(null).get(url + "/api/sync/status").json();
      JsonObject last = s.getJsonObject("lastRun");
      return "idle".equals(s.getString("state")) && last != null && status.equals(last.getString("status"));
    }, 60, url + " to end a run " + status);
  }

  /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
  static String anchor(String heading) {
    return heading.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
  }

  /** Debian's promtool (package prometheus); scripts/test.sh installs it. Its absence is a failure, not a skip. */
  static final class Promtool {
    record Result(int exit, String output) {}

    private Promtool() {}

    static Result checkRules(Path file) {
      List<String> command = new ArrayList<>(List.of("promtool", "check", "rules", file.toString()));
      try {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          fail("promtool did not finish: " + out);
        }
        return new Result(p.exitValue(), out);
      } catch (IOException e) {
        throw new AssertionError("promtool is not installed: apt-get install prometheus (scripts/test.sh does)", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
