package outpost.system.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One of the OpenAPI documents in docs/openapi, read from the classpath as the node serves it, and the checks a
 * test holds a node against: the router's routes, example requests, and every JSON answer validated against the
 * document's schema for its operation and status (JSON Schema 2020-12, the dialect of OpenAPI 3.1).
 */
final class OpenApiDoc {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

  /** An answer as the node sent it, with the documented operation it was checked against. */
  record Answer(int status, String contentType, String body, String operation) {
    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError(operation + " answered no JSON: " + body, e);
      }
    }

    /** The error code of an error answer. */
    String error() {
      return json().path("error").asText(null);
    }
  }

  /** The documents of the nodes the browser tests' helpers (Nodes) started, by HTTP port. */
  private static final Map<Integer, OpenApiDoc> SERVED = new ConcurrentHashMap<>();
  private static final Map<String, OpenApiDoc> LOADED = new ConcurrentHashMap<>();

  final JsonNode doc;
  private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

  private OpenApiDoc(JsonNode doc) {
    this.doc = doc;
  }

  /** {@code name} is "edge" or "hub": the copy of docs/openapi/NAME.json the module put on the classpath. */
  static OpenApiDoc load(String name) {
    try (InputStream in = OpenApiDoc.class.getClassLoader().getResourceAsStream("openapi/" + name + ".json")) {
      if (in == null) {
        throw new AssertionError("openapi/" + name + ".json is not on the classpath (see the module's pom)");
      }
      return new OpenApiDoc(MAPPER.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** From now on, every answer Nodes.HTTP receives from this port is checked against document {@code name}. */
  static void servedAt(int port, String name) {
    SERVED.put(port, LOADED.computeIfAbsent(name, OpenApiDoc::load));
  }

  /** The node on this port stopped: a later node may get the port. */
  static void stoppedAt(int port) {
    SERVED.remove(port);
  }

  /** Checks an answer Nodes.HTTP received, when it came from a node started through Nodes (see servedAt). */
  static void checkServed(HttpRequest request, int status, String contentType, String body) {
    OpenApiDoc served = SERVED.get(request.uri().getPort());
    if (served != null) {
      String target = request.uri().getRawPath()
          + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery());
      served.check(request.method(), target, new Answer(status, contentType, body, request.method() + " " + target));
    }
  }

  static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  /** Every documented operation as "METHOD /path/{param}". */
  Set<String> operations() {
    Set<String> out = new TreeSet<>();
    doc.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
      if (METHODS.contains(method)) {
        out.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
      }
    }));
    return out;
  }

  /**
   * The endpoints a router serves, in the document's spelling: a route with a path and methods, ":p" as "{p}",
   * a wildcard route (the view's files) with its rest as "{file}". Routes without methods are the guards every
   * request passes, and "/api/*" with methods is the hub's body reader for writes: neither is an endpoint.
   */
  static Set<String> routes(Router router) {
    Set<String> out = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      // A path with parameters becomes a regex inside the route; its name keeps the path as written.
      String path = route.getPath() != null ? route.getPath() : route.getName();
      if (path == null || !path.startsWith("/") || route.methods() == null || route.methods().isEmpty()
          || !route.isExactPath() && path.equals("/api/")) {
        continue;
      }
      String documented = path.replaceAll(":([A-Za-z0-9_]+)", "{$1}") + (route.isExactPath() ? "" : "{file}");
      for (HttpMethod method : route.methods()) {
        out.add(method.name() + " " + documented);
      }
    }
    return out;
  }

  /** The operation's path and query with every parameter filled in from the document's examples. */
  String exampleTarget(String method, String path) {
    String target = path;
    List<String> query = new ArrayList<>();
    for (JsonNode p : operation(method, path).path("parameters")) {
      String value = p.get("example").asText();
      if (p.get("in").asText().equals("path")) {
        target = target.replace("{" + p.get("name").asText() + "}", enc(value));
      } else if (p.get("in").asText().equals("query")) {
        query.add(p.get("name").asText() + "=" + enc(value));
      }
    }
    return query.isEmpty() ? target : target + "?" + String.join("&", query);
  }

  /** The example request body, or null when the operation takes none. */
  String exampleBody(String method, String path) {
    JsonNode example = operation(method, path).path("requestBody").path("content").path("application/json")
        .path("example");
    return example.isMissingNode() ? null : example.toString();
  }

  /**
   * Sends a request and checks the answer against the document: its status must be documented for the
   * operation the path matches, and a JSON answer must validate against that status's schema. A stream
   * (text/event-stream) is closed once its head arrived.
   */
  Answer call(String base, String method, String target, String body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + target)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    headers.forEach(b::setHeader);
    try {
      HttpResponse<InputStream> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      String type = r.headers().firstValue("Content-Type").orElse("");
      String text;
      try (InputStream in = r.body()) {
        text = type.startsWith("text/event-stream") ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Answer answer = new Answer(r.statusCode(), type, text, method + " " + template(method, target));
      check(method, target, answer);
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + target, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Calls every documented operation with its examples and answers those the node does not serve: 405, or the
   * router's own 404 for a path no route takes ("no such resource"; a route's 404 names what it did not find).
   * Each answer is also checked against the document.
   */
  List<String> unserved(String base, Map<String, String> headers) {
    List<String> unserved = new ArrayList<>();
    for (String operation : operations()) {
      String method = operation.split(" ", 2)[0];
      String path = operation.split(" ", 2)[1];
      Answer a = call(base, method, exampleTarget(method, path), exampleBody(method, path), headers);
      if (a.status() == 405 || a.status() == 404 && a.body().contains("no such resource")) {
        unserved.add(operation + " -> " + a.status() + " " + a.body());
      }
    }
    return unserved;
  }

  /** Fails unless the answer is an error with this status and code. */
  static void assertError(int status, String code, Answer answer) {
    if (answer.status() != status || !code.equals(answer.error())) {
      throw new AssertionError(answer.operation() + ": expected " + status + " " + code + ", got " + answer.status()
          + " " + answer.body());
    }
  }

  /** Fails unless the answer's status is documented for its operation and a JSON body validates. */
  void check(String method, String target, Answer answer) {
    String path = template(method, target);
    JsonNode response = operation(method, path).path("responses").path(Integer.toString(answer.status()));
    if (response.isMissingNode()) {
      throw new AssertionError(method + " " + target + " answered " + answer.status()
          + ", which the document does not list for " + method + " " + path + ": " + answer.body());
    }
    response = resolve(response);
    JsonNode content = response.path("content");
    if (!answer.contentType().startsWith("application/json")) {
      if (content.has("application/json")) {
        throw new AssertionError(method + " " + target + " answered " + answer.contentType() + ", not JSON");
      }
      return;
    }
    JsonNode schema = content.path("application/json").path("schema");
    if (schema.isMissingNode()) {
      throw new AssertionError(method + " " + target + " answered JSON where the document lists none");
    }
    String key = method + " " + path + " " + answer.status();
    JsonSchema validator = schemas.computeIfAbsent(key, k -> {
      // The schema with the document's schemas beside it as $defs, so its references resolve inside it.
      ObjectNode wrapper = ((ObjectNode) schema).deepCopy();
      wrapper.set("$defs", doc.get("components").get("schemas"));
      return SCHEMAS.getSchema(parse(wrapper.toString().replace("#/components/schemas/", "#/$defs/")));
    });
    Set<ValidationMessage> errors = validator.validate(answer.json());
    if (!errors.isEmpty()) {
      throw new AssertionError(method + " " + target + " answered " + answer.status() + " against "
          + key + ": " + errors + "\n" + answer.body());
    }
  }

  /**
   * The documented path a concrete one matches; of several, the one with the fewest parameters
   * ("/api/sync/runs" before "/api/records/{collection}").
   */
  String template(String method, String target) {
    String raw = target.split("\\?", 2)[0];
    return operations().stream().map(op -> op.split(" ", 2))
        .filter(op -> op[0].equalsIgnoreCase(method))
        .map(op -> op[1])
        .filter(path -> Pattern.matches(Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"), raw))
        .min(Comparator.comparingLong(path -> path.chars().filter(c -> c == '{').count()))
        .orElseThrow(() -> new AssertionError(method + " " + raw + " matches no documented operation"));
  }

  private JsonNode operation(String method, String path) {
    JsonNode op = doc.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
    if (op.isMissingNode()) {
      throw new AssertionError(method + " " + path + " is not documented");
    }
    return op;
  }

  /** Follows a "#/components/..." reference. */
  private JsonNode resolve(JsonNode node) {
    if (!node.has("$ref")) {
      return node;
    }
    JsonNode target = doc;
    Iterator<String> parts = List.of(node.get("$ref").asText().substring(2).split("/")).iterator();
    while (parts.hasNext()) {
      target = target.path(parts.next());
    }
    return target;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
