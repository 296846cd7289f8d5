package outpost.hub.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** The site registry of a serving hub, through its admin API (JDK HTTP client; blocking is fine in a CLI). */
final class AdminApiRegistry implements SiteRegistry {
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final String token;

  AdminApiRegistry(String url, String token) {
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.token = token;
  }

  @Override
  public JsonObject add(String siteId) throws Exception {
    return send("POST", "/api/sites", new JsonObject().put("id", siteId).encode(), 201);
  }

  @Override
  public List<JsonObject> list() throws Exception {
    return send("GET", "/api/sites", null, 200).getJsonArray("items").stream().map(JsonObject.class::cast).toList();
  }

  @Override
  public void disable(String siteId) throws Exception {
    send("POST", site(siteId, "disable"), null, 200);
  }

  @Override
  public void enable(String siteId) throws Exception {
    send("POST", site(siteId, "enable"), null, 200);
  }

  @Override
  public JsonObject rotateToken(String siteId) throws Exception {
    return send("POST", site(siteId, "token"), null, 200);
  }

  private static String site(String siteId, String action) {
    return "/api/sites/" + URLEncoder.encode(siteId, StandardCharsets.UTF_8) + "/" + action;
  }

  private JsonObject send(String method, String path, String body, int expected)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonObject json;
    try {
      json = new JsonObject(response.body());
    } catch (RuntimeException e) {
      throw new IllegalStateException("the hub answered " + response.statusCode() + " without JSON");
    }
    if (response.statusCode() != expected) {
      throw new IllegalStateException("the hub answered " + response.statusCode() + " " + json.getString("error")
          + ": " + json.getString("message"));
    }
    return json;
  }

  @Override
  public void close() {
    // The JDK client needs no closing on Java 17.
  }
}
