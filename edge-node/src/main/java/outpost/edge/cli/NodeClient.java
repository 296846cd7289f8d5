package outpost.edge.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import outpost.common.error.ErrorText;

/** A small blocking client of a running node's REST API (CLI threads may block; no event loop here). */
final class NodeClient {
  /** The node could not be reached at all. */
  static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** An answer: its status and JSON body (empty when the body is not JSON). */
  record Answer(int status, JsonObject body) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  NodeClient(String url, String token) {
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.token = token;
  }

  Answer get(String path) throws Unreachable, InterruptedException {
    return send(request(path).GET().build());
  }

  Answer post(String path) throws Unreachable, InterruptedException {
    return send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  private HttpRequest.Builder request(String path) throws Unreachable {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
          .header("Accept", "application/json");
      return token == null ? b : b.header("Authorization", "Bearer " + token);
    } catch (IllegalArgumentException e) {
      throw new Unreachable("not a valid URL: " + base, e);
    }
  }

  private Answer send(HttpRequest request) throws Unreachable, InterruptedException {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonObject body;
      try {
        body = r.body() == null || r.body().isBlank() ? new JsonObject() : new JsonObject(r.body());
      } catch (DecodeException | ClassCastException e) {
        body = new JsonObject();
      }
      return new Answer(r.statusCode(), body);
    } catch (IOException e) {
      throw new Unreachable("cannot reach the edge node at " + base + ": " + e, e);
    }
  }

  /** An error answer as one sentence with its code and hint (the CLI's one way of printing an error). */
  static String describe(Answer a) {
    JsonObject body = a.body() == null ? new JsonObject() : a.body();
    String code = body.getString("error");
    return ErrorText.of(code == null ? "INTERNAL_ERROR" : code,
        body.getString("message", code == null ? "the node answered HTTP " + a.status() : null), body.getString("hint"));
  }

  /** A run's hub error ({code, message, hint}) in the same shape. */
  static String describe(JsonObject error) {
    return ErrorText.of(error.getString("code"), error.getString("message"), error.getString("hint"));
  }
}
