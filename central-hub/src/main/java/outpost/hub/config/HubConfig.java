package outpost.hub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import outpost.common.http.HostAllowList;
import outpost.common.http.HttpLimits;

/**
 * The hub's whole configuration (docs/operations.md, "Hub (hub.json)"), read once at start-up. Validated in
 * the canonical constructor; every message names the bad field. {@link #toJson()} holds secrets (for the round trip);
 * {@link #toString()} and {@link #toMaskedJson()} never do.
 *
 * @param pgUrl when set, the PostgreSQL store is used instead of the embedded one in {@code data}
 * @param adminToken the admin API's bearer token; when null the server generates one at start
 * @param idleTimeout a connection with no call for this long is closed (not a wall-clock cap on calls)
 * @param keepAliveTime how often the hub pings an idle transport; keepAliveTimeout how long it waits for the pong
 * @param permitKeepAliveTime the most frequent client keepalive the hub tolerates
 * @param bodyLimit the largest admin API request body, in bytes
 * @param historyDays how long the runs the hub records are kept
 * @param upkeepInterval how often the store upkeep runs (run retention; compaction of the embedded store)
 * @param allowedHosts host names the admin HTTP server answers for besides loopback and its bound address
 *     (against DNS rebinding; docs/operations.md, "Host allow-list")
 * @param httpIdleTimeout an admin HTTP connection with no traffic for this long is closed
 * @param httpRequestTimeout a request's head and body must arrive within this long
 * @param httpMaxConnections admin HTTP connections beyond this many are refused
 * @param pgReadUrl a PostgreSQL streaming replica of {@code pgUrl} that serves pulls, or null
 * @param pgReadMaxLag how long a pull waits for the replica's replay before it reads from the primary
 */
public record HubConfig(String hubId, int grpcPort, int httpPort, String httpHost, String data, String pgUrl,
    String adminToken, boolean fsync, List<CollectionRule> collections, int minProtocol, int maxProtocol,
    int maxMessageBytes, Duration idleTimeout, Duration keepAliveTime, Duration keepAliveTimeout,
    Duration permitKeepAliveTime, long bodyLimit, TlsConfig tls, int historyDays, Duration upkeepInterval,
    List<String> allowedHosts, Duration httpIdleTimeout, Duration httpRequestTimeout, int httpMaxConnections,
    String pgReadUrl, Duration pgReadMaxLag) {

  public static final String DEFAULT_HUB_ID = "outpost-hub";
  public static final int DEFAULT_GRPC_PORT = 7443;
  public static final int DEFAULT_HTTP_PORT = 8090;
  public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
  public static final String DEFAULT_DATA = "hub-data";
  public static final int DEFAULT_MIN_PROTOCOL = 1;
  public static final int DEFAULT_MAX_PROTOCOL = 1;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_KEEPALIVE_TIME = Duration.ofSeconds(30);
  public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_PERMIT_KEEPALIVE_TIME = Duration.ofSeconds(10);
  public static final long DEFAULT_BODY_LIMIT = 1024 * 1024;
  public static final int DEFAULT_HISTORY_DAYS = 30;
  public static final Duration DEFAULT_UPKEEP_INTERVAL = Duration.ofMinutes(10);
  public static final Duration DEFAULT_PG_READ_MAX_LAG = Duration.ofSeconds(1);

  /** The environment variables that override the file, and the field each one sets. */
  public static final Map<String, String> ENV = Map.of(
      "OUTPOST_HUB_GRPC_PORT", "grpcPort",
      "OUTPOST_HUB_HTTP_PORT", "httpPort",
      "OUTPOST_HUB_DATA", "data",
      "OUTPOST_HUB_PG_URL", "pgUrl",
      "OUTPOST_HUB_PG_READ_URL", "pgReadUrl",
      "OUTPOST_HUB_ADMIN_TOKEN", "adminToken");

  private static final Set<String> FIELDS = Set.of("hubId", "grpcPort", "httpPort", "httpHost", "data", "pgUrl",
      "adminToken", "fsync", "collections", "minProtocol", "maxProtocol", "maxMessageBytes", "idleTimeout",
      "keepAliveTime", "keepAliveTimeout", "permitKeepAliveTime", "bodyLimit", "tls", "historyDays", "upkeepInterval",
      "allowedHosts", "httpIdleTimeout", "httpRequestTimeout", "httpMaxConnections",
      "pgReadUrl", "pgReadMaxLag");

  /** TLS for the gRPC port: PEM certificate chain and PKCS#8 private key files. */
  public record TlsConfig(String cert, String key) {
    public TlsConfig {
      require(cert != null && !cert.isBlank(), "tls.cert is required when tls is set");
      require(key != null && !key.isBlank(), "tls.key is required when tls is set");
    }

    public JsonObject toJson() {
      return new JsonObject().put("cert", cert).put("key", key);
    }
  }

  public HubConfig {
    require(hubId != null && !hubId.isBlank(), "hubId must not be empty");
    requirePort(grpcPort, "grpcPort");
    requirePort(httpPort, "httpPort");
    require(httpHost != null && !httpHost.isBlank(), "httpHost must not be empty");
    require(data != null && !data.isBlank(), "data must not be empty");
    require(pgUrl == null || pgUrl.startsWith("postgresql://") || pgUrl.startsWith("postgres://"),
        "pgUrl must start with postgresql://");
    require(adminToken == null || adminToken.length() >= 16, "adminToken must be at least 16 characters");
    collections = List.copyOf(collections);
    new Catalog(collections); // refuses a collection declared twice
    require(minProtocol >= 1, "minProtocol must be at least 1");
    require(maxProtocol >= minProtocol, "maxProtocol must be at least minProtocol (" + minProtocol + ")");
    require(maxMessageBytes >= 1024, "maxMessageBytes must be at least 1024");
    requirePositive(idleTimeout, "idleTimeout");
    requirePositive(keepAliveTime, "keepAliveTime");
    requirePositive(keepAliveTimeout, "keepAliveTimeout");
    requirePositive(permitKeepAliveTime, "permitKeepAliveTime");
    require(bodyLimit >= 1024, "bodyLimit must be at least 1024");
    require(historyDays >= 1, "historyDays must be at least 1");
    require(upkeepInterval != null && upkeepInterval.compareTo(Duration.ofSeconds(1)) >= 0,
        "upkeepInterval must be at least 1 second");
    allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    for (int i = 0; i < allowedHosts.size(); i++) {
      String problem = HostAllowList.invalid(allowedHosts.get(i));
      require(problem == null, "allowedHosts[" + i + "] " + problem);
    }
    require(httpIdleTimeout != null && httpIdleTimeout.compareTo(Duration.ofSeconds(1)) >= 0,
        "httpIdleTimeout must be at least 1 second");
    require(httpRequestTimeout != null && httpRequestTimeout.compareTo(Duration.ofSeconds(1)) >= 0,
        "httpRequestTimeout must be at least 1 second");
    require(httpMaxConnections >= 1, "httpMaxConnections must be at least 1");
    require(pgReadUrl == null || pgReadUrl.startsWith("postgresql://") || pgReadUrl.startsWith("postgres://"),
        "pgReadUrl must start with postgresql://");
    require(pgReadUrl == null || pgUrl != null, "pgReadUrl needs pgUrl (the primary that takes the writes)");
    require(pgReadMaxLag != null && !pgReadMaxLag.isNegative(), "pgReadMaxLag must not be negative");
  }

  /** The admin HTTP server's timeouts and connection cap. */
  public HttpLimits httpLimits() {
    return new HttpLimits(httpIdleTimeout, httpRequestTimeout, httpMaxConnections);
  }

  /** A configuration with every default and the given collections. */
  public static HubConfig defaults(List<CollectionRule> collections) {
    return fromJson(new JsonObject().put("collections",
        new JsonArray(collections.stream().map(CollectionRule::toJson).toList())));
  }

  public Catalog catalog() {
    return new Catalog(collections);
  }

  public boolean usesPostgres() {
    return pgUrl != null;
  }

  /**
   * Reads a configuration: the file's JSON, then the environment variables of {@link #ENV} over it,
   * then the command-line flags (already in the file's field names) over both.
   */
  public static HubConfig resolve(JsonObject file, Map<String, String> env, JsonObject flags) {
    JsonObject merged = file.copy();
    ENV.forEach((var, field) -> {
      String value = env.get(var);
      if (value != null && !value.isEmpty()) {
        merged.put(field, field.endsWith("Port") ? parsePort(value, var) : value);
      }
    });
    flags.forEach(e -> {
      if (e.getValue() != null) {
        merged.put(e.getKey(), e.getValue());
      }
    });
    return fromJson(merged);
  }

  public static HubConfig fromJson(JsonObject json) {
    for (String key : json.fieldNames()) {
      // "_comment"-style keys let example files explain themselves.
      require(FIELDS.contains(key) || key.startsWith("_"), "unknown field '" + key + "'");
    }
    List<CollectionRule> rules = new ArrayList<>();
    JsonArray array = get(json, "collections", JsonArray.class, new JsonArray());
    for (int i = 0; i < array.size(); i++) {
      String where = "collections[" + i + "]";
      require(array.getValue(i) instanceof JsonObject, where + " must be an object");
      rules.add(CollectionRule.fromJson(array.getJsonObject(i), where));
    }
    JsonObject tls = get(json, "tls", JsonObject.class, null);
    return new HubConfig(
        get(json, "hubId", String.class, DEFAULT_HUB_ID),
        integer(json, "grpcPort", DEFAULT_GRPC_PORT),
        integer(json, "httpPort", DEFAULT_HTTP_PORT),
        get(json, "httpHost", String.class, DEFAULT_HTTP_HOST),
        get(json, "data", String.class, DEFAULT_DATA),
        emptyToNull(get(json, "pgUrl", String.class, null)),
        emptyToNull(get(json, "adminToken", String.class, null)),
        get(json, "fsync", Boolean.class, false),
        rules,
        integer(json, "minProtocol", DEFAULT_MIN_PROTOCOL),
        integer(json, "maxProtocol", DEFAULT_MAX_PROTOCOL),
        integer(json, "maxMessageBytes", DEFAULT_MAX_MESSAGE_BYTES),
        duration(json, "idleTimeout", DEFAULT_IDLE_TIMEOUT),
        duration(json, "keepAliveTime", DEFAULT_KEEPALIVE_TIME),
        duration(json, "keepAliveTimeout", DEFAULT_KEEPALIVE_TIMEOUT),
        duration(json, "permitKeepAliveTime", DEFAULT_PERMIT_KEEPALIVE_TIME),
        longValue(json, "bodyLimit", DEFAULT_BODY_LIMIT),
        tls == null ? null : new TlsConfig(get(tls, "cert", String.class, null), get(tls, "key", String.class, null)),
        integer(json, "historyDays", DEFAULT_HISTORY_DAYS),
        duration(json, "upkeepInterval", DEFAULT_UPKEEP_INTERVAL),
        strings(json, "allowedHosts"),
        duration(json, "httpIdleTimeout", HttpLimits.DEFAULT_IDLE_TIMEOUT),
        duration(json, "httpRequestTimeout", HttpLimits.DEFAULT_REQUEST_TIMEOUT),
        integer(json, "httpMaxConnections", HttpLimits.DEFAULT_MAX_CONNECTIONS),
        emptyToNull(get(json, "pgReadUrl", String.class, null)),
        duration(json, "pgReadMaxLag", DEFAULT_PG_READ_MAX_LAG));
  }

  /** The whole configuration, secrets included: what {@link #fromJson} reads back to an equal record. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("hubId", hubId).put("grpcPort", grpcPort).put("httpPort", httpPort)
        .put("httpHost", httpHost).put("data", data).put("fsync", fsync)
        .put("collections", new JsonArray(collections.stream().map(CollectionRule::toJson).toList()))
        .put("minProtocol", minProtocol).put("maxProtocol", maxProtocol).put("maxMessageBytes", maxMessageBytes)
        .put("idleTimeout", idleTimeout.toString()).put("keepAliveTime", keepAliveTime.toString())
        .put("keepAliveTimeout", keepAliveTimeout.toString())
        .put("permitKeepAliveTime", permitKeepAliveTime.toString()).put("bodyLimit", bodyLimit)
        .put("historyDays", historyDays).put("upkeepInterval", upkeepInterval.toString())
        .put("allowedHosts", new JsonArray(allowedHosts)).put("httpIdleTimeout", httpIdleTimeout.toString())
        .put("httpRequestTimeout", httpRequestTimeout.toString()).put("httpMaxConnections", httpMaxConnections)
        .put("pgReadMaxLag", pgReadMaxLag.toString());
    if (pgUrl != null) {
      json.put("pgUrl", pgUrl);
    }
    if (pgReadUrl != null) {
      json.put("pgReadUrl", pgReadUrl);
    }
    if (adminToken != null) {
      json.put("adminToken", adminToken);
    }
    if (tls != null) {
      json.put("tls", tls.toJson());
    }
    return json;
  }

  /** The configuration with the admin token and any database password replaced by "***". */
  public JsonObject toMaskedJson() {
    JsonObject json = toJson();
    if (adminToken != null) {
      json.put("adminToken", "***");
    }
    if (pgUrl != null) {
      json.put("pgUrl", maskUrlPassword(pgUrl));
    }
    if (pgReadUrl != null) {
      json.put("pgReadUrl", maskUrlPassword(pgReadUrl));
    }
    return json;
  }

  public HubConfig withAdminToken(String token) {
    return new HubConfig(hubId, grpcPort, httpPort, httpHost, data, pgUrl, token, fsync, collections, minProtocol,
        maxProtocol, maxMessageBytes, idleTimeout, keepAliveTime, keepAliveTimeout, permitKeepAliveTime, bodyLimit,
        tls, historyDays, upkeepInterval, allowedHosts, httpIdleTimeout, httpRequestTimeout, httpMaxConnections,
        pgReadUrl, pgReadMaxLag);
  }

  @Override
  public String toString() {
    return "HubConfig" + toMaskedJson().encode();
  }

  /** postgresql://user:secret@host/db → postgresql://user:***@host/db; also masks a password= parameter. */
  static String maskUrlPassword(String url) {
    String masked = url.replaceAll("(://[^:/@]+:)[^@/]*@", "$1***@");
    return masked.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  private static <T> T get(JsonObject json, String field, Class<T> type, T fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    require(type.isInstance(value), field + " must be " + article(type) + ", not " + json.getValue(field));
    return type.cast(value);
  }

  private static List<String> strings(JsonObject json, String field) {
    JsonArray array = get(json, field, JsonArray.class, new JsonArray());
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      require(array.getValue(i) instanceof String, field + "[" + i + "] must be a string");
      out.add(array.getString(i));
    }
    return out;
  }

  private static int integer(JsonObject json, String field, int fallback) {
    long value = longValue(json, field, fallback);
    require(value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE, field + " is out of range");
    return (int) value;
  }

  private static long longValue(JsonObject json, String field, long fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    require(value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()),
        field + " must be a whole number, not " + value);
    return ((Number) value).longValue();
  }

  /** A duration as ISO-8601 ("PT30S"), a short form ("30s", "5m", "250ms", "2h") or a number of seconds. */
  private static Duration duration(JsonObject json, String field, Duration fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n) {
      return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
    }
    String text = String.valueOf(value).trim();
    try {
      if (text.toUpperCase().startsWith("P")) {
        return Duration.parse(text);
      }
      var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text);
      if (m.matches()) {
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
      }
    } catch (RuntimeException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(field + " is '" + text
        + "'; it must be a duration such as \"30s\", \"5m\" or \"PT30S\"");
  }

  private static int parsePort(String value, String var) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(var + " is '" + value + "'; it must be a port number", e);
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String article(Class<?> type) {
    return type == String.class ? "a string" : type == Boolean.class ? "true or false"
        : type == JsonArray.class ? "an array" : type == JsonObject.class ? "an object" : type.getSimpleName();
  }

  private static void requirePort(int port, String field) {
    require(port >= 0 && port <= 65535, field + " must be between 0 and 65535, not " + port);
  }

  private static void requirePositive(Duration d, String field) {
    require(d != null && !d.isNegative() && !d.isZero(), field + " must be a positive duration");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
