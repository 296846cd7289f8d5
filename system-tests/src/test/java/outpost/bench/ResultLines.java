package outpost.bench;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The child's side of {@link Child} for a child that does one thing on request: every line on standard
 * input but {@code quit} runs it once and is answered by one {@code RESULT {json}} line; a run that fails
 * answers {@code errors: 1} with the failure, so the parent reads it instead of waiting for a line.
 */
final class ResultLines {
  interface Run {
    JsonObject run() throws InterruptedException;
  }

  private ResultLines() {}

  /** Answers every request with a run, then exits the JVM at {@code quit} or the end of input. */
  static void answerEach(Run run) throws IOException, InterruptedException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.equals("quit")) {
      JsonObject out;
      try {
        out = run.run();
      } catch (RuntimeException e) {
        out = new JsonObject().put("errors", 1).put("error", e.toString());
      }
      System.out.println("RESULT " + out.encode());
      System.out.flush();
    }
    System.exit(0);
  }
}
