package outpost.system.fault;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hub and three edges as child processes, each edge reaching the hub through its own {@link LinkProxy}.
 * Killed nodes are restarted in the background (the rest of the cluster goes on meanwhile).
 */
final class Cluster implements AutoCloseable {
  static final List<String> SITES = List.of("clinic-a", "clinic-b", "clinic-c");

  final HubProcess hub;
  final Map<String, EdgeProcess> edges = new LinkedHashMap<>();
  final Map<String, LinkProxy> proxies = new LinkedHashMap<>();
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

  /**
   * @param store the hub's store flags ("--data", DIR or "--pg-url", URL)
   * @param edgeExtra merged into every edge.json
   */
  Cluster(Path dir, List<String> store, JsonObject edgeExtra) {
    hub = new HubProcess(dir.resolve("hub"), store, new JsonObject());
    try {
      start(dir, edgeExtra);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private void start(Path dir, JsonObject edgeExtra) {
    int grpc = hub.start();
    for (String site : SITES) {
      tokens.put(site, hub.addSite(site));
      LinkProxy proxy = new LinkProxy(grpc);
      proxies.put(site, proxy);
      JsonObject hubEntry = new JsonObject().put("name", "central").put("address", proxy.address())
          .put("token", tokens.get(site));
      edges.put(site, new EdgeProcess(dir.resolve(site), site, hubEntry, edgeExtra));
    }
    List<Future<?>> starting = new ArrayList<>();
    edges.values().forEach(e -> starting.add(restarter.submit(e::start)));
    for (Future<?> f : starting) {
      try {
        f.get(120, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("an edge did not start", e);
      }
    }
  }

  EdgeProcess edge(String site) {
    return edges.get(site);
  }

  /** Kills the hub now and starts it again after {@code delayMillis}, then points the proxies at it. */
  void killHub(long delayMillis) {
    hub.kill();
    background(delayMillis, () -> {
      long t = System.nanoTime();
      int port = hub.start();
      proxies.values().forEach(p -> p.target(port));
      startMillis.add((System.nanoTime() - t) / 1_000_000);
    });
  }

  void killEdge(String site, long delayMillis) {
    EdgeProcess e = edges.get(site);
    e.kill();
    background(delayMillis, () -> {
      long t = System.nanoTime();
      e.start();
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
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    int good = 0;
    while (good < 2) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the cluster did not become quiet in " + seconds + " s; last runs: " + log);
      }
      boolean all = true;
      for (String site : SITES) {
        JsonObject run = syncAndWait(site, 90);
        boolean ok = run != null && quiet(site, run);
        if (!ok) {
          log.add(site + ": " + (run == null ? "no run" : summary(run)));
        }
        all &= ok;
      }
      good = all ? good + 1 : 0;
    }
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
    EdgeProcess e = edge(site);
    return page(e.rest(), e.url() + "/api/records/" + collection + "?limit=1000");
  }

  /** Every live record of a collection on the hub, by id (the admin view). */
  Map<String, JsonObject> hubRecords(String collection) {
    return page(hub.rest(), hub.url() + "/api/records/" + collection + "?limit=1000");
  }

  private static Map<String, JsonObject> page(Rest rest, String base) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    String after = null;
    do {
      String url = after == null ? base : base + "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8);
      Rest.Answer a = rest.get(url);
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
    Rest.Answer a = edge(site).rest().get(edge(site).url() + "/api/conflicts");
    if (a.status() != 200) {
      throw new AssertionError("conflicts of " + site + " -> " + a.status() + " " + a.body());
    }
    return a.json().getJsonArray("items");
  }

  JsonArray edgeFailed(String site) {
    Rest.Answer a = edge(site).rest().get(edge(site).url() + "/api/failed");
    if (a.status() != 200) {
      throw new AssertionError("failed items of " + site + " -> " + a.status() + " " + a.body());
    }
    return a.json().getJsonArray("items");
  }

  JsonArray hubConflicts() {
    Rest.Answer a = hub.rest().get(hub.url() + "/api/conflicts");
    if (a.status() != 200) {
      throw new AssertionError("hub conflicts -> " + a.status() + " " + a.body());
    }
    return a.json().getJsonArray("items");
  }

  /** Everything every node printed, every incarnation. */
  String output() {
    StringBuilder out = new StringBuilder(hub.output());
    edges.values().forEach(e -> out.append(e.output()));
    return out.toString();
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
    edges.values().forEach(EdgeProcess::close);
    hub.close();
    proxies.values().forEach(LinkProxy::close);
  }
}
