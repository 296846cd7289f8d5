package outpost.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import outpost.hub.store.HubStore;

/**
 * Runs the benchmarks and rewrites the generated part of docs/performance.md. Options:
 * <pre>
 *   --doc FILE          the report to rewrite (none: print only)
 *   --work DIR          scratch space for stores, logs and profiles (default target/bench)
 *   --sizes 100000,...  initial-sync sizes (default 100000,1000000)
 *   --only a,b          run only these of: store, sync, pg, sites, local, profile, and peers (never by default:
 *                       Outpost beside the PouchDB and SymmetricDS peers at the first size; see PeersBench)
 *   --peers DIR         the peers' folder (default $OUTPOST_PEERS, else ../shared/peers)
 *   --sites N --changes N --catalog N   many-sites shape (default 2000, 50, 500)
 *   --pg-url URL        a PostgreSQL server to create the bench database on
 *   --smoke             tiny sizes (the CI smoke run)
 *   --report-only       rewrite the report from WORK/last-run.json (the last run's figures) without running
 * </pre>
 * Every figure is also printed and appended, as one JSON line, to WORK/results.jsonl.
 */
public final class BenchMain {
  private BenchMain() {}

  /** What one invocation runs. */
  record Config(Path doc, Path work, List<Integer> sizes, Set<String> only, int sites, int changes, int catalog,
      int incremental, long localMillis, String pgUrl, int pgEdges, Path peers) {

    static Config parse(String[] args) {
      Path doc = null;
      Path work = Path.of("target", "bench");
      List<Integer> sizes = List.of(100_000, 1_000_000);
      Set<String> only = new LinkedHashSet<>(List.of("store", "sync", "pg", "sites", "local", "profile"));
      int sites = 2000;
      int changes = 50;
      int catalog = 500;
      int incremental = 1000;
      long localMillis = 4000;
      String pgUrl = "postgresql://postgres@127.0.0.1:5432/postgres";
      String peersEnv = System.getenv("OUTPOST_PEERS");
      Path peers = Path.of(peersEnv == null || peersEnv.isBlank() ? "../shared/peers" : peersEnv);
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--doc" -> doc = Path.of(args[++i]);
          case "--work" -> work = Path.of(args[++i]);
          case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
          case "--only" -> only = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
          case "--sites" -> sites = Integer.parseInt(args[++i]);
          case "--changes" -> changes = Integer.parseInt(args[++i]);
          case "--catalog" -> catalog = Integer.parseInt(args[++i]);
          case "--pg-url" -> pgUrl = args[++i];
          case "--peers" -> peers = Path.of(args[++i]);
          case "--smoke" -> {
            sizes = List.of(1000);
            sites = 20;
            catalog = 100;
            incremental = 100;
            localMillis = 200;
          }
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return new Config(doc, work.toAbsolutePath(), sizes, only, sites, changes, catalog, incremental, localMillis,
          pgUrl, 20, peers);
    }

    boolean smoke() {
      return sizes.equals(List.of(1000));
    }

    /** Only the side-by-side run: its figures are saved and reported apart from the others. */
    boolean peersOnly() {
      return only.equals(Set.of("peers"));
    }
  }

  public static void main(String[] args) throws Exception {
    boolean reportOnly = Arrays.asList(args).contains("--report-only");
    Config config = Config.parse(Arrays.stream(args).filter(a -> !a.equals("--report-only")).toArray(String[]::new));
    Path saved = config.work().resolve(config.peersOnly() ? "last-peers.json" : "last-run.json");
    JsonObject results;
    if (reportOnly) {
      results = new JsonObject(Files.readString(saved)); // rewrite the report from the last run's figures
    } else {
      results = run(config);
      Files.writeString(saved, results.encodePrettily(), StandardCharsets.UTF_8);
    }
    if (results.containsKey("peers")) {
      System.out.println(SideBySideReport.console(results.getJsonObject("machine"), results.getJsonObject("peers")));
    }
    if (config.doc() != null) {
      if (results.containsKey("peers")) {
        SideBySideReport.rewrite(config.doc(), results.getJsonObject("machine"), results.getJsonObject("peers"));
      }
      if (!config.peersOnly()) {
        Report.rewrite(config.doc(), config, results);
      }
      System.out.println("rewrote " + config.doc());
    }
    System.exit(0);
  }

  /** Runs what the config asks for; answers every figure, by benchmark. */
  static JsonObject run(Config c) throws IOException, InterruptedException {
    Files.createDirectories(c.work());
    JsonObject all = new JsonObject().put("machine", Report.machine());
    Vertx vertx = Vertx.vertx();
    try {
      if (c.only().contains("store")) {
        JsonArray stores = new JsonArray();
        int size = c.sizes().get(0);
        stores.add(emit(c, "store", HubStoreBench.run(vertx, BenchHub.embedded(vertx,
            clean(c.work().resolve("store-embedded")), BenchHub.syncCatalog()), "embedded", size)));
        stores.add(emit(c, "store", HubStoreBench.run(vertx, BenchHub.pg(vertx,
            PgDatabase.fresh(vertx, c.pgUrl(), "outpost_bench"), BenchHub.syncCatalog()), "postgresql", size)));
        all.put("store", stores);
      }
      if (c.only().contains("sync")) {
        JsonArray sync = new JsonArray();
        for (int size : c.sizes()) {
          Path work = clean(c.work().resolve("sync-embedded-" + size));
          // At smoke scale the profile is taken on this run rather than on a run of its own (CI time).
          Path jfr = c.smoke() && c.only().contains("profile") ? Files.createDirectories(work.resolve("jfr")) : null;
          sync.add(emit(c, "sync", SyncBench.run(vertx, BenchHub.embedded(vertx, work.resolve("hub"),
              BenchHub.syncCatalog()), new SyncBench.Options(size, c.incremental(), "embedded", work, jfr))));
        }
        all.put("sync", sync);
      }
      if (c.only().contains("pg")) {
        all.put("pg", pg(vertx, c));
      }
      if (c.only().contains("sites")) {
        Path work = clean(c.work().resolve("sites"));
        all.put("sites", emit(c, "sites", ManySitesBench.run(vertx, BenchHub.embedded(vertx, work.resolve("hub"),
            BenchHub.sitesCatalog()), new ManySitesBench.Options(c.sites(), c.changes(), c.catalog(), work))));
      }
      if (c.only().contains("local")) {
        Path work = clean(c.work().resolve("local"));
        JsonArray local = LocalWritesBench.run(new LocalWritesBench.Options(c.localMillis(), work));
        RestWrites.run(work, c.localMillis()).forEach(local::add);
        local.forEach(r -> emit(c, "local", (JsonObject) r));
        all.put("local", local);
      }
      if (c.only().contains("profile")) {
        all.put("profile", profile(vertx, c));
      }
      if (c.only().contains("peers")) {
        all.put("peers", emit(c, "peers", PeersBench.run(vertx, c.peers(), c.sizes().get(0),
            clean(c.work().resolve("peers")))));
      }
    } finally {
      vertx.close();
    }
    return all;
  }

  /** The initial sync and the 20-edge push into PostgreSQL. */
  private static JsonObject pg(Vertx vertx, Config c) throws IOException {
    int size = c.sizes().get(0);
    Path work = clean(c.work().resolve("sync-pg-" + size));
    String url = PgDatabase.fresh(vertx, c.pgUrl(), "outpost_bench");
    JsonObject sync = emit(c, "pg-sync", SyncBench.run(vertx, BenchHub.pg(vertx, url, BenchHub.syncCatalog()),
        new SyncBench.Options(size, c.incremental(), "postgresql", work, null)));
    JsonObject out = new JsonObject().put("sync", sync);
    for (String kind : List.of("embedded", "postgresql")) {
      Path pushWork = clean(c.work().resolve("push20-" + kind));
      Supplier<HubStore> store = kind.equals("embedded")
          ? () -> BenchHub.embedded(vertx, pushWork.resolve("hub"), BenchHub.syncCatalog())
          : () -> BenchHub.pg(vertx, PgDatabase.fresh(vertx, c.pgUrl(), "outpost_bench"), BenchHub.syncCatalog());
      out.put("push20-" + kind, emit(c, "push20", ManyEdgesPush.run(vertx, store.get(),
          new ManyEdgesPush.Options(c.pgEdges(), size, kind, pushWork))));
    }
    return out;
  }

  /** A profiled initial sync at the first size: JFR on the hub (this JVM) and on both edges. */
  private static JsonObject profile(Vertx vertx, Config c) throws IOException {
    int size = c.sizes().get(0);
    Path jfr;
    JsonObject run;
    if (c.smoke() && c.only().contains("sync")) {
      jfr = c.work().resolve("sync-embedded-" + size).resolve("jfr");
      run = new JsonObject().put("records", size);
    } else {
      Path work = clean(c.work().resolve("profile"));
      jfr = Files.createDirectories(work.resolve("jfr"));
      run = emit(c, "profile", SyncBench.run(vertx, BenchHub.embedded(vertx, work.resolve("hub"),
          BenchHub.syncCatalog()), new SyncBench.Options(size, c.incremental(), "embedded", work, jfr)));
    }
    JsonObject out = new JsonObject().put("run", run);
    for (String name : List.of("hub-push", "edge-push", "hub-pull", "edge-pull")) {
      Path file = jfr.resolve(name + ".jfr");
      if (Files.exists(file)) {
        out.put(name, JfrSummary.summarise(file, name + " (" + size + " records)", c.smoke() ? 5 : 12));
      }
    }
    return out;
  }

  private static JsonObject emit(Config c, String bench, JsonObject figures) {
    JsonObject line = figures.copy().put("bench", bench).put("at", java.time.Instant.now().toString());
    System.out.println(bench + ": " + figures.encode());
    try {
      Files.writeString(c.work().resolve("results.jsonl"), line.encode() + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return figures;
  }

  /** Empties a scratch directory (stores of a previous run would change the figures). */
  static Path clean(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var walk = Files.walk(dir)) {
        List<Path> paths = new ArrayList<>(walk.toList());
        java.util.Collections.reverse(paths);
        for (Path p : paths) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }
}
