package outpost.edge.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import outpost.edge.EdgeNode;
import outpost.edge.config.ConfigException;
import outpost.edge.config.ConfigSources;
import outpost.edge.config.EdgeConfig;
import outpost.edge.sync.EngineFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code serve}: runs the node until SIGTERM or Ctrl-C, then stops it cleanly. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the edge node. Flags override OUTPOST_EDGE_* environment variables, which override "
        + "the config file.")
final class ServeCommand implements Callable<Integer> {
  private static final long STOP_TIMEOUT_S = 30;

  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "edge.json")
  Path config;

  @Option(names = "--site", description = "this site's id")
  String site;

  @Option(names = "--data", paramLabel = "DIR", description = "data directory (default edge-data)")
  String data;

  @Option(names = "--http-host", paramLabel = "HOST", description = "listen address (default 127.0.0.1)")
  String httpHost;

  @Option(names = "--http-port", paramLabel = "PORT", description = "listen port (default 8080, 0 = any free)")
  Integer httpPort;

  @Option(names = "--hub", paramLabel = "NAME=HOST:PORT", description = "a hub (repeatable)")
  List<String> hubs = new ArrayList<>();

  @Option(names = "--token", description = "the site token, for a single hub given by --hub")
  String token;

  @Option(names = "--api-token", description = "require Authorization: Bearer TOKEN on /api")
  String apiToken;

  @Option(names = "--allowed-host", paramLabel = "NAME",
      description = "a host name the HTTP server answers for besides loopback (repeatable; replaces allowedHosts)")
  List<String> allowedHosts = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    EdgeConfig cfg;
    try {
      cfg = ConfigSources.resolve(config == null ? null : EdgeConfig.readFile(config), System.getenv(),
          new ConfigSources.Flags(site, data, httpHost, httpPort, hubs, token, apiToken, allowedHosts));
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("invalid config: " + e.getMessage());
      return 1;
    }
    EdgeNode node = new EdgeNode(cfg, EngineFactory::create);
    try {
      node.start().await();
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("edge " + cfg.site() + " failed to start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.stop().await(STOP_TIMEOUT_S, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("edge " + cfg.site() + " did not stop cleanly: " + e);
      } finally {
        stopped.countDown();
      }
    }, "edge-shutdown"));
    spec.commandLine().getOut().println("edge " + cfg.site() + " listening on " + node.url());
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }
}
