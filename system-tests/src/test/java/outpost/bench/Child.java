package outpost.bench;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on this JVM's class path, driven by commands on its standard input and answering
 * {@code RESULT {json}} lines; everything else it prints goes to a log file.
 */
public final class Child implements AutoCloseable {
  private final Process process;
  private final PrintWriter commands;
  private final BlockingQueue<String> results = new LinkedBlockingQueue<>();
  private final Path log;

  public Child(String mainClass, List<String> jvmOptions, List<String> args, Path log) {
    this.log = log;
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    try {
      Files.createDirectories(log.getParent());
      process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + mainClass, e);
    }
    commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(this::read, "child-output");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8)); Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("RESULT ")) {
          results.add(line.substring(7));
        } else {
          out.write(line);
          out.write('\n');
          out.flush();
        }
      }
    } catch (IOException e) {
      results.add(new JsonObject().put("status", "FAILED").put("error", e.toString()).encode());
    }
    results.add(new JsonObject().put("status", "FAILED").put("error", "child exited; see " + log).encode());
  }

  /** Sends one command and waits for its result. */
  public JsonObject call(String command) {
    commands.println(command);
    try {
      String line = results.poll(60, TimeUnit.MINUTES);
      if (line == null) {
        throw new IllegalStateException("no answer to '" + command + "'; see " + log);
      }
      return new JsonObject(line);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    commands.println("quit");
    commands.close();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
