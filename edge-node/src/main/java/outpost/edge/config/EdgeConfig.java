package outpost.edge.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import outpost.common.http.HostAllowList;
import outpost.common.http.HttpLimits;
import outpost.edge.store.Durability;

/**
 * The edge node's configuration ({@code edge.json}, docs/operations.md, "Edge (edge.json)"). Immutable and
 * validated in the canonical constructor: a config that exists is one the node can start with.
 *
 * @param data the data directory (the MVStore file lives in it)
 * @param httpPort 0 means any free port
 * @param apiToken when set, every /api request needs {@code Authorization: Bearer TOKEN}; required when the
 *     HTTP server listens on a non-loopback address
 * @param schedule the scheduler's settings, kept raw: the scheduler parses them
 * @param historyDays how long finished sync runs are kept
 * @param staleAmberHours a collection not synced for this long shows amber in the view
 * @param staleRedHours ... and red after this long
 * @param idleTimeout a hub stream with no traffic for this long is cut (not a wall-clock cap)
 * @param maxMessageBytes the largest gRPC message accepted
 * @param upkeepInterval how often the store upkeep runs (history retention, compaction; the first round
 *     runs a minute after start, or after the interval when it is shorter)
 * @param allowedHosts host names the HTTP server answers for besides loopback and its bound address
 *     (against DNS rebinding; docs/operations.md, "Host allow-list")
 * @param httpIdleTimeout an HTTP connection with no traffic for this long is closed
 * @param httpRequestTimeout a request's head and body must arrive within this long
 * @param httpMaxConnections HTTP connections beyond this many are refused
 * @param publicUrl the address at which phones on the site's network open this node's view (shown and encoded in
 *     the view's QR code), or null when there is none: then the view shows no QR code and says why
 */
public record EdgeConfig(String site, String data, String httpHost, int httpPort, Durability durability,
    String apiToken, List<HubConfig> hubs, JsonObject schedule, int historyDays, long bodyLimitBytes,
    int maxBulkItems, int staleAmberHours, int staleRedHours, Duration idleTimeout, int maxMessageBytes,
    Duration upkeepInterval, List<String> allowedHosts, Duration httpIdleTimeout, Duration httpRequestTimeout,
    int httpMaxConnections, String publicUrl) {

  public static final String DEFAULT_DATA = "edge-data";
  public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final int DEFAULT_HISTORY_DAYS = 30;
  public static final long DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_BULK_ITEMS = 10_000;
  public static final int DEFAULT_STALE_AMBER_HOURS = 24;
  public static final int DEFAULT_STALE_RED_HOURS = 72;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
  public static final Duration DEFAULT_UPKEEP_INTERVAL = Duration.ofMinutes(10);
  /** What secrets read as in masked output. */
  public static final String MASK = "***";

  static final Pattern SITE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Set<String> KEYS = Set.of("site", "data", "httpHost", "httpPort", "durability", "apiToken",
      "hubs", "schedule", "historyDays", "bodyLimitBytes", "maxBulkItems", "staleAmberHours", "staleRedHours",
      "idleTimeout", "maxMessageBytes", "upkeepInterval", "allowedHosts", "httpIdleTimeout", "httpRequestTimeout",
      "httpMaxConnections", "publicUrl");

  public EdgeConfig {
    if (site == null || !SITE.matcher(site).matches()) {
      throw new ConfigException("site", site == null ? "is required (1-64 letters, digits, '_', '.' or '-')"
          : "must be 1-64 letters, digits, '_', '.' or '-'");
    }
    data = data == null ? DEFAULT_DATA : data;
    if (data.isBlank()) {
      throw new ConfigException("data", "must be a directory path");
    }
    httpHost = httpHost == null ? DEFAULT_HTTP_HOST : httpHost;
    if (httpHost.isBlank() || httpHost.chars().anyMatch(c -> c <= ' ')) {
      throw new ConfigException("httpHost", "must be a host name or an IP address");
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw new ConfigException("httpPort", "must be 0-65535 (0 = any free port)");
    }
    durability = durability == null ? Durability.COMMIT : durability;
    if (apiToken != null && apiToken.isBlank()) {
      throw new ConfigException("apiToken", "must not be blank (leave it out for no token)");
    }
    if (apiToken == null && !isLoopback(httpHost)) {
      throw new ConfigException("apiToken", "is required when httpHost is not a loopback address (httpHost is "
          + httpHost + "): set apiToken in the config or OUTPOST_EDGE_API_TOKEN");
    }
    hubs = hubs == null ? List.of() : List.copyOf(hubs);
    checkRouting(hubs);
    schedule = schedule == null ? new JsonObject() : schedule.copy();
    try {
      outpost.edge.schedule.ScheduleConfig.fromJson(schedule, "schedule");
    } catch (IllegalArgumentException | outpost.common.error.OutpostException e) {
      // ScheduleConfig names the field ("schedule.syncHour must be 0-23, got 25").
      String message = e.getMessage();
      int space = message.indexOf(' ');
      throw message.startsWith("schedule") && space > 0
          ? new ConfigException(message.substring(0, space), message.substring(space + 1))
          : new ConfigException("schedule", message);
    }
    positive("historyDays", historyDays);
    if (bodyLimitBytes < 1024) {
      throw new ConfigException("bodyLimitBytes", "must be at least 1024");
    }
    positive("maxBulkItems", maxBulkItems);
    if (maxBulkItems > outpost.edge.store.EdgeStore.MAX_BULK_ITEMS) {
      throw new ConfigException("maxBulkItems", "must be at most " + outpost.edge.store.EdgeStore.MAX_BULK_ITEMS
          + " (a bulk write is one commit, which must fit in memory)");
    }
    positive("staleAmberHours", staleAmberHours);
    if (staleRedHours < staleAmberHours) {
      throw new ConfigException("staleRedHours", "must be at least staleAmberHours (" + staleAmberHours + ")");
    }
    if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new ConfigException("idleTimeout", "must be a positive duration");
    }
    if (maxMessageBytes < 64 * 1024) {
      throw new ConfigException("maxMessageBytes", "must be at least 65536");
    }
    upkeepInterval = upkeepInterval == null ? DEFAULT_UPKEEP_INTERVAL : upkeepInterval;
    if (upkeepInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigException("upkeepInterval", "must be at least 1 second");
    }
    allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    for (int i = 0; i < allowedHosts.size(); i++) {
      String problem = HostAllowList.invalid(allowedHosts.get(i));
      if (problem != null) {
        throw new ConfigException("allowedHosts[" + i + "]", problem);
      }
    }
    httpIdleTimeout = httpIdleTimeout == null ? HttpLimits.DEFAULT_IDLE_TIMEOUT : httpIdleTimeout;
    if (httpIdleTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigException("httpIdleTimeout", "must be at least 1 second");
    }
    httpRequestTimeout = httpRequestTimeout == null ? HttpLimits.DEFAULT_REQUEST_TIMEOUT : httpRequestTimeout;
    if (httpRequestTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigException("httpRequestTimeout", "must be at least 1 second");
    }
    positive("httpMaxConnections", httpMaxConnections);
    checkPublicUrl(publicUrl);
  }

  /** The HTTP server's timeouts and connection cap. */
  public HttpLimits httpLimits() {
    return new HttpLimits(httpIdleTimeout, httpRequestTimeout, httpMaxConnections);
  }

  /** A config with every default and the given site (for embedding and tests). */
  public static EdgeConfig defaults(String site) {
    return fromJson(new JsonObject().put("site", site));
  }

  /** The hub whose log receives changes of this collection, or null when no hub takes it. */
  public String hubFor(String collection) {
    String fallback = null;
    for (HubConfig hub : hubs) {
      if (hub.catchAll()) {
        fallback = hub.name();
      } else if (hub.collections().contains(collection)) {
        return hub.name();
      }
    }
    return fallback;
  }

  public Path dataDir() {
    return Path.of(data);
  }

  public HubConfig hub(String name) {
    return hubs.stream().filter(h -> h.name().equals(name)).findFirst().orElse(null);
  }

  // ---- JSON

  /** Reads a config file (JSON). Its problems are reported as {@link ConfigException}s. */
  public static JsonObject readFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("config file " + file, "cannot be read: " + e.getMessage());
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException("config file " + file, "is not a JSON object: " + e.getMessage());
    }
  }

  public static EdgeConfig fromJson(JsonObject json) {
    for (String key : json.fieldNames()) {
      if (!KEYS.contains(key) && !key.startsWith("_")) {
        throw new ConfigException(key, "is not a known field (keys starting with '_' are comments)");
      }
    }
    Durability durability = null;
    String d = Json.string(json, "durability", "durability");
    if (d != null) {
      if (!d.equals("commit") && !d.equals("fsync")) {
        throw new ConfigException("durability", "must be \"commit\" or \"fsync\"");
      }
      durability = Durability.parse(d);
    }
    Object schedule = json.getValue("schedule");
    if (schedule != null && !(schedule instanceof JsonObject)) {
      throw new ConfigException("schedule", "must be an object");
    }
    return new EdgeConfig(Json.string(json, "site", "site"), Json.string(json, "data", "data"),
        Json.string(json, "httpHost", "httpHost"), intValue(json, "httpPort", DEFAULT_HTTP_PORT), durability,
        Json.string(json, "apiToken", "apiToken"), hubsFromJson(json.getValue("hubs")), (JsonObject) schedule,
        intValue(json, "historyDays", DEFAULT_HISTORY_DAYS),
        Json.number(json, "bodyLimitBytes", DEFAULT_BODY_LIMIT_BYTES),
        intValue(json, "maxBulkItems", DEFAULT_MAX_BULK_ITEMS),
        intValue(json, "staleAmberHours", DEFAULT_STALE_AMBER_HOURS),
        intValue(json, "staleRedHours", DEFAULT_STALE_RED_HOURS),
        Json.duration(json, "idleTimeout", DEFAULT_IDLE_TIMEOUT),
        intValue(json, "maxMessageBytes", DEFAULT_MAX_MESSAGE_BYTES),
        Json.duration(json, "upkeepInterval", DEFAULT_UPKEEP_INTERVAL), stringList(json, "allowedHosts"),
        Json.duration(json, "httpIdleTimeout", HttpLimits.DEFAULT_IDLE_TIMEOUT),
        Json.duration(json, "httpRequestTimeout", HttpLimits.DEFAULT_REQUEST_TIMEOUT),
        intValue(json, "httpMaxConnections", HttpLimits.DEFAULT_MAX_CONNECTIONS),
        Json.string(json, "publicUrl", "publicUrl"));
  }

  /** The config as JSON; with {@code maskSecrets} every token reads "***" (for logs and the view). */
  public JsonObject toJson(boolean maskSecrets) {
    JsonArray hubArray = new JsonArray();
    hubs.forEach(h -> hubArray.add(h.toJson(maskSecrets)));
    JsonObject json = new JsonObject().put("site", site).put("data", data).put("httpHost", httpHost)
        .put("httpPort", httpPort).put("durability", durability.name().toLowerCase(java.util.Locale.ROOT));
    if (apiToken != null) {
      json.put("apiToken", maskSecrets ? MASK : apiToken);
    }
    json.put("hubs", hubArray).put("schedule", schedule.copy()).put("historyDays", historyDays)
        .put("bodyLimitBytes", bodyLimitBytes).put("maxBulkItems", maxBulkItems)
        .put("staleAmberHours", staleAmberHours).put("staleRedHours", staleRedHours)
        .put("idleTimeout", idleTimeout.toString()).put("maxMessageBytes", maxMessageBytes)
        .put("upkeepInterval", upkeepInterval.toString()).put("allowedHosts", new JsonArray(allowedHosts))
        .put("httpIdleTimeout", httpIdleTimeout.toString()).put("httpRequestTimeout", httpRequestTimeout.toString())
        .put("httpMaxConnections", httpMaxConnections);
    return publicUrl == null ? json : json.put("publicUrl", publicUrl);
  }

  // ---- checks

  /** An absolute http(s) URL with a host; a phone's camera app opens nothing else. */
  private static void checkPublicUrl(String url) {
    if (url == null) {
      return;
    }
    String problem = "must be an http:// or https:// URL such as https://clinic-a.example.org/, got \"" + url + "\"";
    try {
      java.net.URI uri = new java.net.URI(url);
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null || uri.getHost().isBlank() || uri.getRawUserInfo() != null) {
        throw new ConfigException("publicUrl", problem);
      }
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException("publicUrl", problem);
    }
  }

  private static List<String> stringList(JsonObject json, String key) {
    Object raw = json.getValue(key);
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof JsonArray array)) {
      throw new ConfigException(key, "must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String s)) {
        throw new ConfigException(key + "[" + i + "]", "must be a string");
      }
      out.add(s);
    }
    return out;
  }

  private static List<HubConfig> hubsFromJson(Object raw) {
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof JsonArray array)) {
      throw new ConfigException("hubs", "must be a list of hubs");
    }
    List<HubConfig> hubs = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject hub)) {
        throw new ConfigException("hubs[" + i + "]", "must be an object");
      }
      try {
        hubs.add(HubConfig.fromJson(hub));
      } catch (ConfigException e) {
        throw e.under("hubs[" + i + "]");
      }
    }
    return hubs;
  }

  private static void checkRouting(List<HubConfig> hubs) {
    Map<String, String> routed = new HashMap<>();
    String catchAll = null;
    for (int i = 0; i < hubs.size(); i++) {
      HubConfig hub = hubs.get(i);
      for (int j = 0; j < i; j++) {
        if (hubs.get(j).name().equals(hub.name())) {
          throw new ConfigException("hubs[" + i + "].name", "'" + hub.name() + "' is used by another hub");
        }
      }
      if (hub.catchAll()) {
        if (catchAll != null) {
          throw new ConfigException("hubs[" + i + "].collections", "is missing, but hub '" + catchAll
              + "' already takes every unrouted collection: at most one hub may leave out collections");
        }
        catchAll = hub.name();
        continue;
      }
      for (String c : hub.collections()) {
        String other = routed.putIfAbsent(c, hub.name());
        if (other != null) {
          throw ConfigException.sentence("hubs[" + i + "].collections", "collection '" + c
              + "' is routed to both hubs '" + other + "' and '" + hub.name() + "'");
        }
      }
    }
  }

  private static void positive(String field, long value) {
    if (value < 1) {
      throw new ConfigException(field, "must be at least 1");
    }
  }

  private static int intValue(JsonObject json, String key, int dflt) {
    long v = Json.number(json, key, dflt);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new ConfigException(key, "is out of range");
    }
    return (int) v;
  }

  /** Loopback without a DNS lookup: "localhost" or a loopback IP literal. A host name needs a token. */
  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean literal = h.matches("[0-9.]+") || h.contains(":");
    if (!literal) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
