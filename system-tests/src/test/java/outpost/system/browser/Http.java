package outpost.system.browser;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small blocking HTTP client for test set-up and for checks the browser cannot make. */
final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  record Response(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private Http() {}

  static Response get(String url, Map<String, String> headers) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
  }

  static Response get(String url) {
    return get(url, Map.of());
  }

  static Response post(String url, JsonObject body, Map<String, String> headers) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())), headers);
  }

  static Response put(String url, JsonObject body, Map<String, String> headers) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body.encode())), headers);
  }

  private static Response send(HttpRequest.Builder builder, Map<String, String> headers) {
    headers.forEach(builder::header);
    try {
      HttpRequest request = builder.timeout(Duration.ofSeconds(20)).build();
      HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      // Every answer of a node started through Nodes must be as its OpenAPI document says (docs/rest-api.md).
      OpenApiDoc.checkServed(request, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new AssertionError("HTTP request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
