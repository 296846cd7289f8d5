package outpost.system.fault;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import outpost.system.ChildProcess;

/**
 * A node run from its jar as a child process that a test can kill and start again on the same config:
 * the one start/kill/terminate for the edge and the hub. Every incarnation's output is kept, so a test
 * can search all of it.
 */
abstract class Restartable<S extends Restartable<S>> implements AutoCloseable {
  private final Path jar;
  private final List<String> jvm;
  private final List<ChildProcess> incarnations = new ArrayList<>();
  /** The same HTTP port for every incarnation: a restart is the same node to its clients. */
  final int httpPort = Ports.free();
  private volatile ChildProcess process;

  Restartable(Path jar, String heap) {
    this.jar = jar;
    this.jvm = new ArrayList<>(List.of(heap, "-XX:+UseSerialGC"));
  }

  /** Writes {@code json} as the node's config file (creating its folder) and answers its path. */
  static Path writeConfig(Path dir, String name, JsonObject json) {
    Path config = dir.resolve(name);
    try {
      Files.createDirectories(dir);
      Files.writeString(config, json.encodePrettily());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return config;
  }

  /** Starts an incarnation with {@code args}; answers the first group of {@code listening} in its output. */
  final synchronized String start(Pattern listening, List<String> args) {
    ChildProcess p = ChildProcess.start(jar, jvm, args.toArray(String[]::new));
    incarnations.add(p);
    String found = p.await(listening, 90);
    process = p;
    return found;
  }

  /** Logs at DEBUG from the next start (the jars' logback.xml reads OUTPOST_LOG_LEVEL, also as a property). */
  @SuppressWarnings("unchecked")
  final S debugLogs() {
    jvm.add("-DOUTPOST_LOG_LEVEL=DEBUG");
    return (S) this;
  }

  /** SIGKILL: nothing gets to run, whatever the node was doing. */
  final synchronized void kill() {
    ChildProcess p = process;
    process = null;
    if (p != null) {
      p.kill();
    }
  }

  /** SIGTERM and wait: a clean stop (the MVStore file is closed); answers the exit code. */
  final synchronized int terminate() {
    ChildProcess p = process;
    process = null;
    return p == null ? 0 : p.terminate(40);
  }

  public final String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  public final boolean up() {
    return process != null;
  }

  /** Everything every incarnation printed. */
  final String output() {
    StringBuilder out = new StringBuilder();
    incarnations.forEach(p -> out.append(p.output()));
    return out.toString();
  }

  @Override
  public final void close() {
    kill();
    incarnations.forEach(ChildProcess::close);
  }
}
