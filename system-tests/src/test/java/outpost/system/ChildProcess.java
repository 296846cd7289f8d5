package outpost.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A node started from its runnable jar as a child process, with its output captured line by line. */
public final class ChildProcess implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuffer output = new StringBuffer();
  private final Thread reader;

  private ChildProcess(Process process) {
    this.process = process;
    reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          output.append(line).append('\n');
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "child-output");
    reader.setDaemon(true);
    reader.start();
  }

  public static ChildProcess start(Path jar, List<String> jvmArgs, String... args) {
    return start(jar, jvmArgs, java.util.Map.of(), args);
  }

  /** As {@link #start(Path, List, String...)}, with extra environment variables for the child. */
  public static ChildProcess start(Path jar, List<String> jvmArgs, java.util.Map<String, String> env,
      String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(env);
      return new ChildProcess(builder.start());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command, e);
    }
  }

  public static Path edgeJar() {
    return Path.of(System.getProperty("outpost.edgeJar", "../edge-node/target/edge-node.jar"));
  }

  public static Path hubJar() {
    return Path.of(System.getProperty("outpost.hubJar", "../central-hub/target/central-hub.jar"));
  }

  /** Waits for a line matching the pattern and answers its first group. */
  public String await(Pattern pattern, long seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    try {
      while (System.nanoTime() < deadline) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line != null) {
          Matcher m = pattern.matcher(line);
          if (m.find()) {
            return m.groupCount() > 0 ? m.group(1) : line;
          }
        } else if (!process.isAlive() && lines.isEmpty()) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("no line matching " + pattern + "; output:\n" + output);
  }

  public String output() {
    return output.toString();
  }

  public long pid() {
    return process.pid();
  }

  public Process process() {
    return process;
  }

  /** SIGKILL: no shutdown hook runs. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for the process to end by itself and answers its exit code (-1 after a timeout, when it is killed). */
  public int waitForExit(long seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      reader.join(5_000);
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** SIGTERM, then waits for the exit code. */
  public int terminate(long seconds) {
    // Through the handle: Process.destroy() also closes our end of the output pipe at once, so what the
    // child logs while it stops would be lost (and its writes would fail).
    process.toHandle().destroy();
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      reader.join(5_000); // the last lines (written while stopping) are in output() once this returns
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
