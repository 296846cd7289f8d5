package outpost.hub.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import outpost.hub.config.HubConfig;
import outpost.hub.server.HubServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the hub until SIGTERM or Ctrl-C, then stops it cleanly. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the hub.")
final class ServeCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  HubMain main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  StoreOptions store = new StoreOptions();

  @Option(names = "--grpc-port", paramLabel = "PORT", description = "The sync (gRPC) port (default 7443; 0 picks one).")
  Integer grpcPort;

  @Option(names = "--http-port", paramLabel = "PORT", description = "The admin HTTP port (default 8090; 0 picks one).")
  Integer httpPort;

  @Option(names = "--http-host", paramLabel = "HOST", description = "The admin HTTP address (default 127.0.0.1).")
  String httpHost;

  @Option(names = "--admin-token", paramLabel = "TOKEN",
      description = "The admin API token; when absent one is generated and printed once.")
  String adminToken;

  @Option(names = "--allowed-host", paramLabel = "NAME",
      description = "A host name the admin HTTP server answers for besides loopback (repeatable; replaces "
          + "allowedHosts).")
  List<String> allowedHosts = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    JsonObject flags = new JsonObject().put("grpcPort", grpcPort).put("httpPort", httpPort)
        .put("httpHost", httpHost).put("adminToken", adminToken)
        .put("allowedHosts", allowedHosts.isEmpty() ? null : new JsonArray(allowedHosts));
    HubConfig config = store.resolve(main.env, flags);
    PrintWriter out = spec.commandLine().getOut();
    HubServer server = new HubServer(config);
    server.start().await(60, TimeUnit.SECONDS);
    if (config.adminToken() == null) {
      out.println("admin token (generated for this run, shown once): " + server.adminToken());
    }
    out.println("hub listening grpc=" + server.grpcPort() + " http=" + server.httpPort());
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.stop().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("hub did not stop cleanly: " + e);
      } finally {
        stopped.countDown();
      }
    }, "hub-shutdown"));
    stopped.await();
    return 0;
  }
}
