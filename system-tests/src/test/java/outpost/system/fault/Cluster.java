package outpost.system.fault;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import outpost.system.fixture.Await;
import outpost.system.fixture.FaultProxy;
import outpost.system.fixture.Http;

/**
 * A hub and three edges, each edge reaching the hub through its own {@link FaultProxy}, as the simulation
 * and the checker see them: through the nodes' HTTP APIs. {@link ProcessCluster} runs each node as a child
 * process, {@link InJvmCluster} runs them all in this JVM. Killed nodes are restarted in the background
 * (the rest of the cluster goes on meanwhile).
 */
abstract class Cluster implements AutoCloseable {
  static final List<String> SITES = List.of("clinic-a", "clinic-b", "clinic-c");

  final Map<String, FaultProxy> proxies = new LinkedHashMap<>();
  final Map<String, String> tokens = new LinkedHashMap<>();
  private final ExecutorService restarter = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-restarter");
    t.setDaemon(true);
    return t;
  });
  private final List<Future<?>> restarts = new ArrayList<>();
  private final AtomicInteger restartFailures = new AtomicInteger();
  private final List<String> restartErrors = new ArrayList<>();
  private final List<Long> startMillis = new java.util.concurrent.CopyOnWriteArrayList<>();

  abstract HubApi hub();

  abstract EdgeRest edge(String site);

  /** Kills the hub now and starts it again after {@code delayMillis}, then points the proxies at it. */
  abstract void killHub(long delayMillis);

  /** Kills an edge now and starts it again, on the same data, after {@code delayMillis}. */
  abstract void killEdge(String site, long delayMillis);

  /** Stops every node (after the restarts have been stopped). */
  abstract void closeNodes();

  /** Runs the starts side by side and waits for all of them. */
  final void startAll(List<Runnable> starts) {
    List<Future<?>> starting = new ArrayList<>();
    starts.forEach(s -> starting.add(restarter.submit(s)));
    for (Future<?> f : starting) {
      try {
        f.get(120, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("a node did not start", e);
      }
    }
  }

  /** Runs {@code restart} after {@code delayMillis} in the background and notes how long it took. */
  final void restartLater(long delayMillis, Runnable restart) {
    background(delayMillis, () -> {
      long t = System.nanoTime();
      restart.run();
      startMillis.add((System.nanoTime() - t) / 1_000_000);
    });
  }

  /** How long restarted nodes took to listen again, in milliseconds. */
  List<Long> startMillis() {
    return List.copyOf(startMillis);
  }

  private synchronized void background(long delayMillis, Runnable restart) {
    restarts.add(restarter.submit(() -> {
      try {
        Thread.sleep(delayMillis); // the node stays down this long: the others go on meanwhile
        restart.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        restartFailures.incrementAndGet();
        synchronized (restartErrors) {
          restartErrors.add(e.toString());
        }
      }
    }));
  }

  /** Waits until every scheduled restart has happened; fails when one could not. */
  void awaitRestarts() {
    List<Future<?>> pending;
    synchronized (this) {
      pending = new ArrayList<>(restarts);
    }
    for (Future<?> f : pending) {
      try {
        f.get(180, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("a restart did not finish", e);
      }
    }
    if (restartFailures.get() > 0) {
      throw new AssertionError("restarts failed: " + restartErrors);
    }
  }

  // ---- sync

  String startSync(String site) {
    return edge(site).startSync();
  }

  JsonObject syncAndWait(String site, long seconds) {
    return edge(site).sync(seconds);
  }

  JsonObject status(String site) {
    return edge(site).status();
  }

  /** The step the edge's running sync is in: push, pull, integrate, hello (none running yet) or idle. */
  String step(String site) {
    JsonObject status = status(site);
    if (status == null) {
      return "unknown";
    }
    JsonObject run = status.getJsonObject("currentRun");
    if (run == null) {
      return "idle";
    }
    for (Object h : run.getJsonArray("hubs")) {
      for (Object s : ((JsonObject) h).getJsonArray("steps")) {
        JsonObject step = (JsonObject) s;
        if ("RUNNING".equals(step.getString("state"))) {
          return step.getString("name");
        }
      }
    }
    return "hello";
  }

  /** Syncs every edge in turn until two passes in a row end with nothing pending and no hub error. */
  void syncUntilQuiet(long seconds, List<String> log) {
    int[] good = {0};
    if (!Await.upTo(() -> {
      good[0] = quietPass(log) ? good[0] + 1 : 0;
      return good[0] >= 2;
    }, Duration.ofSeconds(seconds), Duration.ZERO)) {
      throw new Stuck("the cluster did not become quiet in " + seconds + " s; last runs: " + log);
    }
  }

  /** Syncs every edge once; answers whether every run ended quiet, logging those that did not. */
  private boolean quietPass(List<String> log) {
    boolean all = true;
    for (String site : SITES) {
      JsonObject run = syncAndWait(site, 90);
      boolean ok = run != null && quiet(site, run);
      if (!ok) {
        log.add(site + ": " + (run == null ? "no run" : summary(run)));
      }
      all &= ok;
    }
    return all;
  }

  private boolean quiet(String site, JsonObject run) {
    for (Object h : run.getJsonArray("hubs")) {
      JsonObject hubRun = (JsonObject) h;
      if (hubRun.getValue("error") != null || "FAILED".equals(hubRun.getString("status"))) {
        return false;
      }
    }
    JsonObject status = status(site);
    return status != null && status.getJsonObject("pending").getLong("central", -1L) == 0;
  }

  /** Sync did not settle when faults had stopped: changes stuck on an edge, or a hub error every run. */
  static final class Stuck extends AssertionError {
    private static final long serialVersionUID = 1L;

    Stuck(String message) {
      super(message);
    }
  }

  static String summary(JsonObject run) {
    StringBuilder out = new StringBuilder(run.getString("status", "?"));
    for (Object h : run.getJsonArray("hubs", new JsonArray())) {
      JsonObject error = ((JsonObject) h).getJsonObject("error");
      if (error != null) {
        out.append(' ').append(error.getString("code")).append(": ").append(error.getString("message"));
      }
    }
    return out.toString();
  }

  // ---- reading state

  /** Every live record of a collection on an edge, by id (the API envelope). */
  Map<String, JsonObject> edgeRecords(String site, String collection) {
    EdgeRest e = edge(site);
    return page(e.rest(), e.url() + "/api/records/" + collection + "?limit=1000");
  }

  /** Every live record of a collection on the hub, by id (the admin view). */
  Map<String, JsonObject> hubRecords(String collection) {
    return page(hub().rest(), hub().url() + "/api/records/" + collection + "?limit=1000");
  }

  private static Map<String, JsonObject> page(Http rest, String base) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    String after = null;
    do {
      String url = after == null ? base : base + "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8);
      Http.Answer a = rest.get(url);
      if (a.status() != 200) {
        throw new AssertionError(url + " -> " + a.status() + " " + a.body());
      }
      JsonObject page = a.json();
      for (Object o : page.getJsonArray("items")) {
        JsonObject r = (JsonObject) o;
        out.put(r.getString("id"), r);
      }
      after = page.getString("next");
    } while (after != null);
    return out;
  }

  JsonArray edgeConflicts(String site) {
    Http.Answer a = edge(site).rest().get(edge(site).url() + "/api/conflicts");
    if (a.status() != 200) {
      throw new AssertionError("conflicts of " + site + " -> " + a.status() + " " + a.body());
    }
    return a.json().getJsonArray("items");
  }

  JsonArray edgeFailed(String site) {
    return edgeFailed(edge(site));
  }

  static JsonArray edgeFailed(EdgeRest edge) {
    Http.Answer a = edge.rest().get(edge.url() + "/api/failed");
    if (a.status() != 200) {
      throw new AssertionError("failed items of " + edge.url() + " -> " + a.status() + " " + a.body());
    }
    return a.json().getJsonArray("items");
  }

  JsonArray hubConflicts() {
    Http.Answer a = hub().rest().get(hub().url() + "/api/conflicts");
    if (a.status() != 200) {
      throw new AssertionError("hub conflicts -> " + a.status() + " " + a.body());
    }
    return a.json().getJsonArray("items");
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis); // polling interval of a wait that has its own deadline
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    restarter.shutdownNow();
    try {
      restarter.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeNodes();
    proxies.values().forEach(FaultProxy::close);
  }
}
