package outpost.hub.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import outpost.hub.config.HubConfig;
import picocli.CommandLine.Option;

/** The options that say where the hub's data is: the config file and the store flags over it. */
final class StoreOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "The hub config file (JSON).")
  Path config;

  @Option(names = "--data", paramLabel = "DIR", description = "The embedded store's folder (default hub-data).")
  String data;

  @Option(names = "--pg-url", paramLabel = "URL", description = "Use the PostgreSQL store at postgresql://...")
  String pgUrl;

  @Option(names = "--pg-read-url", paramLabel = "URL",
      description = "Serve pulls from this PostgreSQL streaming replica of --pg-url's database.")
  String pgReadUrl;

  /** File, then environment, then these flags and {@code extra} flags over both. */
  HubConfig resolve(Map<String, String> env, JsonObject extra) {
    JsonObject flags = extra.copy();
    if (data != null) {
      flags.put("data", data);
    }
    if (pgUrl != null) {
      flags.put("pgUrl", pgUrl);
    }
    if (pgReadUrl != null) {
      flags.put("pgReadUrl", pgReadUrl);
    }
    return HubConfig.resolve(readFile(config), env, flags);
  }

  static JsonObject readFile(Path file) {
    if (file == null) {
      return new JsonObject();
    }
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + " is not a JSON object: " + e.getMessage(), e);
    }
  }
}
