package outpost.system.fault;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * A small JSON-over-HTTP client for the nodes' REST APIs. A request that never reached the node
 * (connection refused) is {@link Answer#refused()}: it cannot have been written. Any other failure
 * (the node died mid-request, a timeout) is {@link Answer#unknown()}: it may or may not have been.
 */
final class Rest {
  /** One answer; {@code status} is -1 when there was no HTTP answer. */
  record Answer(int status, String body, boolean refused) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    boolean unknown() {
      return status < 0 && !refused;
    }

    JsonObject json() {
      return body == null || body.isEmpty() ? new JsonObject() : new JsonObject(body);
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
      .version(HttpClient.Version.HTTP_1_1).build();
  private final String bearer;
  private final Duration timeout;

  Rest(String bearer, Duration timeout) {
    this.bearer = bearer;
    this.timeout = timeout;
  }

  Answer get(String url) {
    return send(builder(url).GET().build());
  }

  Answer delete(String url) {
    return send(builder(url).DELETE().build());
  }

  Answer put(String url, JsonObject body) {
    return send(builder(url).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body.encode())).build());
  }

  Answer post(String url, JsonObject body) {
    return send(builder(url).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
  }

  /** Sends raw bytes with a given content type (bad-input tests). */
  Answer raw(String method, String url, String contentType, byte[] body) {
    HttpRequest.Builder b = builder(url).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b.build());
  }

  /** Sends a body without a length (Transfer-Encoding: chunked). */
  Answer chunked(String method, String url, byte[] body) {
    return send(builder(url).header("Content-Type", "application/json").method(method,
        HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build());
  }

  private HttpRequest.Builder builder(String url) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return b;
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body(), false);
    } catch (ConnectException e) {
      return new Answer(-1, e.toString(), true);
    } catch (HttpTimeoutException e) {
      return new Answer(-1, e.toString(), false);
    } catch (IOException e) {
      return new Answer(-1, e.toString(), refusedCause(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, e.toString(), false);
    }
  }

  private static boolean refusedCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }
}
