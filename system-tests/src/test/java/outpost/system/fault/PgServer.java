package outpost.system.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import outpost.system.fixture.Await;

/**
 * A PostgreSQL server of the test's own, so that restarting it (a fault) disturbs nobody else who uses
 * the machine's shared server: a cluster made with initdb in a temp folder, on a free port, run by the
 * {@code postgres} user when the test runs as root (PostgreSQL refuses root). Each simulation gets a
 * fresh database on it. {@link #standby} clones it with pg_basebackup into a streaming standby (the
 * read-replica tests).
 */
public final class PgServer implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgres;

  private PgServer(Path bin, Path dir, int port, boolean asPostgres) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /** Creates and starts a private cluster under {@code parent}. */
  public static PgServer start(Path parent) {
    PgServer server = prepare(parent, "pg");
    server.exec(List.of(server.bin.resolve("initdb").toString(), "-D", server.dir.resolve("data").toString(), "-A",
        "trust", "-U", "postgres", "--no-sync"), 120);
    server.ctl("start");
    return server;
  }

  /**
   * A streaming standby of this server under {@code parent}: pg_basebackup -R (which writes the
   * standby.signal and primary_conninfo) into a new cluster, started on its own port as a hot standby.
   */
  public PgServer standby(Path parent) {
    PgServer standby = prepare(parent, "pg-standby");
    standby.exec(List.of(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
        "-U", "postgres", "-D", standby.dir.resolve("data").toString(), "-R", "-X", "stream", "--no-sync"), 120);
    standby.ctl("start");
    return standby;
  }

  /** Whether initdb and pg_basebackup are installed (the tests that need a private cluster skip otherwise). */
  public static boolean available() {
    try {
      Path bin = findBin();
      return Files.isExecutable(bin.resolve("pg_basebackup")) && Files.isExecutable(bin.resolve("pg_ctl"));
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static PgServer prepare(Path parent, String name) {
    Path bin = findBin();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = parent.resolve(name);
    try {
      Files.createDirectories(dir);
      if (root) {
        run(List.of("chown", "-R", "postgres", dir.toString()), 30);
        // The postgres user must be able to reach the folder through its parents.
        for (Path p = parent; p != null && !p.equals(p.getRoot()); p = p.getParent()) {
          p.toFile().setExecutable(true, false);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new PgServer(bin, dir, Ports.free(), root);
  }

  private static Path findBin() {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString())))
          .orElseThrow(() -> new IllegalStateException("no initdb under /usr/lib/postgresql"));
    } catch (IOException e) {
      throw new IllegalStateException("PostgreSQL server binaries not found under /usr/lib/postgresql", e);
    }
  }

  public int port() {
    return port;
  }

  /** A fresh database; answers its URL in the form the hub takes. */
  public String createDatabase(String name) {
    psql("postgres", "CREATE DATABASE " + name);
    return "postgresql://postgres@127.0.0.1:" + port + "/" + name;
  }

  /**
   * Restarts the server: "fast" (clean shutdown) or "immediate" (no checkpoint: crash recovery from the
   * WAL at start), then waits until it accepts connections.
   */
  void restart(String mode) {
    exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", mode, "-w",
        "-t", "60", "stop"), 90);
    ctl("start");
  }

  private void ctl(String action) {
    exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
        "-l", dir.resolve("log").toString(), "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
            + " -c fsync=off -c max_connections=200 -c wal_level=replica -c max_wal_senders=4", action), 90);
    Await.until(() -> run(List.of("pg_isready", "-q", "-h", "127.0.0.1", "-p", Integer.toString(port)), 10).exit() == 0,
        60, "PostgreSQL on port " + port + " to be ready");
  }

  /** Runs SQL with psql and answers its output (tuples only, '|' separated). */
  public String psql(String database, String sql) {
    Result r = run(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p",
        Integer.toString(port), "-U", "postgres", "-d", database, "-tA", "-c", sql), 60);
    if (r.exit() != 0) {
      throw new IllegalStateException("psql failed (" + r.exit() + "): " + sql + "\n" + r.output());
    }
    return r.output().strip();
  }

  private void exec(List<String> command, int seconds) {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Result r = run(full, seconds);
    if (r.exit() != 0) {
      throw new IllegalStateException(String.join(" ", full) + " failed (" + r.exit() + "):\n" + r.output());
    }
  }

  record Result(int exit, String output) {}

  static Result run(List<String> command, int seconds) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, e.toString());
    }
  }

  /**
   * CPU seconds (user + system) used so far by the server's processes alive now: the postmaster and its
   * children (backends, WAL sender or receiver, startup/replay, checkpointer, ...). Linux /proc only.
   */
  public double cpuSeconds() {
    try {
      long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("data").resolve("postmaster.pid")).get(0).trim());
      double ticks = 0;
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
          String[] f;
          try {
            String stat = Files.readString(proc.resolve("stat"));
            f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          } catch (IOException gone) {
            continue;
          }
          long pid = Long.parseLong(proc.getFileName().toString());
          if (pid == postmaster || Long.parseLong(f[1]) == postmaster) {
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
          }
        }
      }
      return ticks / 100.0; // USER_HZ is 100 on Linux
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the server without a shutdown checkpoint (its clients see their connections drop). */
  public void stopImmediately() {
    exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
        "stop"), 60);
  }

  @Override
  public void close() {
    try {
      exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
          "-w", "stop"), 60);
    } catch (IllegalStateException e) {
      // already stopped
    }
  }
}
