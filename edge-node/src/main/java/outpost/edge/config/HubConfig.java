package outpost.edge.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One hub this edge syncs with.
 *
 * @param address "host:port" of the hub's gRPC endpoint ("[::1]:7443" for IPv6)
 * @param token the site token the hub issued for this site
 * @param collections the collections routed to this hub; null means "every collection not routed elsewhere"
 * @param tls optional TLS settings; null means plaintext
 */
public record HubConfig(String name, String address, String token, List<String> collections, Tls tls) {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** TLS towards the hub: {@code ca} is a PEM file of the certificate authority to trust. */
  public record Tls(String ca) {
    public Tls {
      if (ca == null || ca.isBlank()) {
        throw new ConfigException("tls.ca", "is required when tls is given (a PEM file)");
      }
    }
  }

  public HubConfig {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ConfigException("name", "must be 1-64 letters, digits, '_', '.' or '-'");
    }
    if (address == null || parseAddress(address) == null) {
      throw new ConfigException("address", "must be HOST:PORT");
    }
    if (token == null || token.isBlank()) {
      throw new ConfigException("token", "is required (the site token the hub issued)");
    }
    if (collections != null) {
      if (collections.isEmpty()) {
        throw new ConfigException("collections", "must not be empty (leave it out to take every collection)");
      }
      for (int i = 0; i < collections.size(); i++) {
        String c = collections.get(i);
        if (!outpost.edge.store.Validation.isCollectionName(c)) {
          throw new ConfigException("collections[" + i + "]", "must be a collection name (1-64 letters, digits, "
              + "'_', '.' or '-')");
        }
      }
      if (new LinkedHashSet<>(collections).size() != collections.size()) {
        throw new ConfigException("collections", "lists a collection twice");
      }
      collections = List.copyOf(collections);
    }
  }

  /** Whether this hub takes every collection not routed elsewhere. */
  public boolean catchAll() {
    return collections == null;
  }

  public String host() {
    return parseAddress(address)[0];
  }

  public int port() {
    return Integer.parseInt(parseAddress(address)[1]);
  }

  public HubConfig withAddress(String newAddress) {
    return new HubConfig(name, newAddress, token, collections, tls);
  }

  public HubConfig withToken(String newToken) {
    return new HubConfig(name, address, newToken, collections, tls);
  }

  /** {host, port} or null when the text is not HOST:PORT with a port in 1-65535. */
  static String[] parseAddress(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      return null;
    }
    String host = address.substring(0, colon);
    String port = address.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      return null; // an IPv6 literal must be bracketed
    }
    if (host.isEmpty() || host.chars().anyMatch(ch -> ch <= ' ' || ch == '/' || ch == '@')) {
      return null;
    }
    try {
      int p = Integer.parseInt(port);
      return p >= 1 && p <= 65535 ? new String[] {host, port} : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static HubConfig fromJson(JsonObject json) {
    for (String key : json.fieldNames()) {
      if (!List.of("name", "address", "token", "collections", "tls").contains(key) && !key.startsWith("_")) {
        throw new ConfigException(key, "is not a known hub field");
      }
    }
    List<String> collections = null;
    if (json.getValue("collections") != null) {
      if (!(json.getValue("collections") instanceof JsonArray array)) {
        throw new ConfigException("collections", "must be a list of collection names");
      }
      collections = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        if (!(array.getValue(i) instanceof String s)) {
          throw new ConfigException("collections[" + i + "]", "must be a string");
        }
        collections.add(s);
      }
    }
    Tls tls = null;
    Object rawTls = json.getValue("tls");
    if (rawTls != null) {
      if (!(rawTls instanceof JsonObject t)) {
        throw new ConfigException("tls", "must be an object {\"ca\": FILE}");
      }
      tls = new Tls(Json.string(t, "ca", "tls.ca"));
    }
    return new HubConfig(Json.string(json, "name", "name"), Json.string(json, "address", "address"),
        Json.string(json, "token", "token"), collections, tls);
  }

  JsonObject toJson(boolean maskSecrets) {
    JsonObject json = new JsonObject().put("name", name).put("address", address)
        .put("token", maskSecrets ? EdgeConfig.MASK : token);
    if (collections != null) {
      json.put("collections", new JsonArray(collections));
    }
    if (tls != null) {
      json.put("tls", new JsonObject().put("ca", tls.ca()));
    }
    return json;
  }
}
