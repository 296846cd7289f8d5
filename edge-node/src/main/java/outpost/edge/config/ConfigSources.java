package outpost.edge.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Layers the config: the file, then environment variables, then command-line flags; the result is
 * validated once, so a message always names the field as the file spells it.
 *
 * <p>Environment: {@code OUTPOST_EDGE_SITE}, {@code OUTPOST_EDGE_DATA}, {@code OUTPOST_EDGE_HTTP_HOST},
 * {@code OUTPOST_EDGE_HTTP_PORT}, {@code OUTPOST_EDGE_TOKEN} (the site token, like {@code --token}) and
 * {@code OUTPOST_EDGE_API_TOKEN} (the REST API token).
 */
public final class ConfigSources {
  private ConfigSources() {}

  /**
   * Command-line overrides; null fields leave the value alone.
   *
   * @param hubs "NAME=HOST:PORT" each: a hub of that name in the file gets the new address, others are added
   * @param token the site token, for the hubs given by {@code --hub} or the config's single hub
   * @param allowedHosts {@code --allowed-host} values; when any are given they replace the file's list
   */
  public record Flags(String site, String data, String httpHost, Integer httpPort, List<String> hubs, String token,
      String apiToken, List<String> allowedHosts) {
    public static final Flags NONE = new Flags(null, null, null, null, List.of(), null, null, List.of());

    public Flags {
      hubs = hubs == null ? List.of() : List.copyOf(hubs);
      allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }

    public Flags(String site, String data, String httpHost, Integer httpPort, List<String> hubs, String token,
        String apiToken) {
      this(site, data, httpHost, httpPort, hubs, token, apiToken, List.of());
    }
  }

  public static EdgeConfig resolve(JsonObject file, Map<String, String> env, Flags flags) {
    JsonObject json = file == null ? new JsonObject() : file.copy();
    String envToken = env.get("OUTPOST_EDGE_TOKEN");
    set(json, "site", env.get("OUTPOST_EDGE_SITE"));
    set(json, "data", env.get("OUTPOST_EDGE_DATA"));
    set(json, "httpHost", env.get("OUTPOST_EDGE_HTTP_HOST"));
    String envPort = env.get("OUTPOST_EDGE_HTTP_PORT");
    if (envPort != null) {
      try {
        json.put("httpPort", Integer.parseInt(envPort.trim()));
      } catch (NumberFormatException e) {
        throw new ConfigException("OUTPOST_EDGE_HTTP_PORT", "must be a number, got '" + envPort + "'");
      }
    }
    set(json, "apiToken", env.get("OUTPOST_EDGE_API_TOKEN"));

    set(json, "site", flags.site());
    set(json, "data", flags.data());
    set(json, "httpHost", flags.httpHost());
    if (flags.httpPort() != null) {
      json.put("httpPort", flags.httpPort());
    }
    set(json, "apiToken", flags.apiToken());
    if (!flags.allowedHosts().isEmpty()) {
      json.put("allowedHosts", new JsonArray(flags.allowedHosts()));
    }
    List<Integer> flagHubs = applyHubFlags(json, flags.hubs());
    String token = flags.token() != null ? flags.token() : envToken;
    if (token != null) {
      applyToken(json, flagHubs, token, flags.token() != null ? "--token" : "OUTPOST_EDGE_TOKEN");
    }
    return EdgeConfig.fromJson(json);
  }

  private static void set(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  /** Answers the indexes (in {@code hubs}) of the hubs the flags named. */
  private static List<Integer> applyHubFlags(JsonObject json, List<String> specs) {
    if (specs.isEmpty()) {
      return List.of();
    }
    Object raw = json.getValue("hubs");
    JsonArray hubs = raw instanceof JsonArray a ? a : new JsonArray();
    json.put("hubs", hubs);
    List<Integer> named = new java.util.ArrayList<>();
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("--hub", "must be NAME=HOST:PORT, got '" + spec + "'");
      }
      String name = spec.substring(0, eq);
      String address = spec.substring(eq + 1);
      int index = -1;
      for (int i = 0; i < hubs.size(); i++) {
        if (hubs.getValue(i) instanceof JsonObject h && name.equals(h.getValue("name"))) {
          index = i;
        }
      }
      if (index < 0) {
        hubs.add(new JsonObject().put("name", name));
        index = hubs.size() - 1;
      }
      hubs.getJsonObject(index).put("address", address);
      named.add(index);
    }
    return named;
  }

  private static void applyToken(JsonObject json, List<Integer> flagHubs, String token, String source) {
    JsonArray hubs = json.getValue("hubs") instanceof JsonArray a ? a : new JsonArray();
    List<Integer> targets = flagHubs;
    if (targets.isEmpty()) {
      if (hubs.size() != 1) {
        throw new ConfigException(source, "sets the token of a single hub, but " + hubs.size()
            + " hubs are configured: give each hub its token in the config file");
      }
      targets = List.of(0);
    }
    for (int i : targets) {
      if (hubs.getValue(i) instanceof JsonObject h) {
        h.put("token", token);
      }
    }
  }
}
