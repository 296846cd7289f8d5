package outpost.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Outpost and two peers on the same workload in one run (docs/performance.md, "Side by side"): the PouchDB peer
 * (Node.js; HTTP replication between LevelDB stores) and the SymmetricDS peer (Java; store to corp over HTTP,
 * embedded H2), each started through its own {@code run.sh N}, which prints one JSON line; then Outpost's
 * initial sync of the same number of ~512-byte records with the edges at -Xmx128m. The peers live outside the
 * repository ({@code --peers DIR}, default {@code ../shared/peers}); a missing peer is reported, not fatal.
 */
final class PeersBench {
  /** The peers this benchmark knows, by folder name under the peers directory. */
  static final List<String> PEERS = List.of("pouchdb", "symmetricds");

  private PeersBench() {}

  static JsonObject run(Vertx vertx, Path peers, int records, Path work) throws IOException {
    JsonObject out = new JsonObject().put("records", records).put("peersDir", peers.toAbsolutePath().toString())
        .put("commit", commit()).put("loadBefore", loadAverage());
    Path outpostWork = BenchMain.clean(work.resolve("outpost"));
    out.put("outpost", phase(() -> SyncBench.run(vertx, BenchHub.embedded(vertx, outpostWork.resolve("hub"),
        BenchHub.syncCatalog()), new SyncBench.Options(records, 1000, "embedded", outpostWork, null))));
    for (String peer : PEERS) {
      out.put(peer, phase(() -> peer(peers.resolve(peer), records, work.resolve(peer + ".log"))));
    }
    return out.put("loadAfter", loadAverage());
  }

  /** Runs one part, with the load average before and after it (the machine is shared). */
  private static JsonObject phase(java.util.function.Supplier<JsonObject> part) {
    String before = loadAverage();
    long started = System.nanoTime();
    JsonObject figures = part.get();
    return figures.put("loadBefore", before).put("loadAfter", loadAverage())
        .put("wallS", (System.nanoTime() - started) / 1e9);
  }

  /**
   * Runs a peer's {@code run.sh N} with its progress in {@code log}; answers its JSON line, or {@code missing}
   * or {@code failed} with the reason.
   */
  static JsonObject peer(Path dir, int records, Path log) {
    Path script = dir.resolve("run.sh");
    if (!Files.isRegularFile(script)) {
      String why = "no peer at " + script.toAbsolutePath() + " (set OUTPOST_PEERS or --peers to the peers' folder)";
      System.out.println("peers: " + why);
      return new JsonObject().put("missing", why);
    }
    System.out.println("peers: running " + script + " " + records + " (progress in " + log + ")");
    try {
      Files.createDirectories(log.getParent());
      Process p = new ProcessBuilder("bash", script.toString(), Integer.toString(records))
          .redirectError(log.toFile()).start();
      p.getOutputStream().close();
      String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      boolean done = p.waitFor(60, TimeUnit.MINUTES);
      String line = stdout.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
      if (line == null) {
        return new JsonObject().put("failed", "no JSON line from " + script + " (exit "
            + (done ? p.exitValue() : "none") + "); see " + log);
      }
      JsonObject result = new JsonObject(line);
      return done && p.exitValue() != 0 ? result.put("failed", "exit " + p.exitValue() + "; see " + log) : result;
    } catch (IOException e) {
      return new JsonObject().put("failed", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new JsonObject().put("failed", e.toString());
    }
  }

  /** The commit the run measured, marked when the work tree differs from it. */
  static String commit() {
    try {
      Process p = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 ? out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
