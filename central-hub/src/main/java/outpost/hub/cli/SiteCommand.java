package outpost.hub.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import outpost.hub.config.HubConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Site registry commands. They open the store directly, or, given {@code --url} and
 * {@code --admin-token}, go through a serving hub's admin API (an embedded store is locked while served).
 */
@Command(name = "site", mixinStandardHelpOptions = true,
    description = "Register, list, disable and enable sites; rotate a site's token.",
    subcommands = {SiteCommand.Add.class, SiteCommand.ListSites.class, SiteCommand.Disable.class,
        SiteCommand.Enable.class, SiteCommand.RotateToken.class})
final class SiteCommand implements Runnable {
  @CommandLine.ParentCommand
  HubMain main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options shared by the site commands: where the registry is. */
  static final class Target {
    @Mixin
    StoreOptions store = new StoreOptions();

    @Option(names = "--url", paramLabel = "URL", description = "A serving hub's admin URL, e.g. http://127.0.0.1:8090.")
    String url;

    @Option(names = "--admin-token", paramLabel = "TOKEN", description = "The admin token (with --url).")
    String adminToken;

    SiteRegistry open(HubMain main) {
      if (url != null) {
        String token = adminToken != null ? adminToken : main.env.get("OUTPOST_HUB_ADMIN_TOKEN");
        if (token == null) {
          throw new IllegalArgumentException("--url needs --admin-token (or OUTPOST_HUB_ADMIN_TOKEN)");
        }
        return new AdminApiRegistry(url, token);
      }
      HubConfig config = store.resolve(main.env, new JsonObject());
      try {
        return StoreRegistry.open(config);
      } catch (StoreRegistry.StoreLockedException e) {
        // The config that names the locked store also names the serving hub's admin port and token.
        String served = servingAdminUrl(config);
        if (served == null || config.adminToken() == null) {
          throw e;
        }
        return new AdminApiRegistry(served, config.adminToken());
      }
    }

    /** The admin URL of the hub serving from this config, or null when the config leaves its port to chance. */
    static String servingAdminUrl(HubConfig config) {
      if (config.httpPort() <= 0) {
        return null;
      }
      String host = config.httpHost();
      if (host == null || host.isEmpty() || host.equals("0.0.0.0")) {
        host = "127.0.0.1";
      } else if (host.equals("::") || host.equals("[::]")) {
        host = "[::1]";
      } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
        host = "[" + host + "]";
      }
      return "http://" + host + ":" + config.httpPort();
    }
  }

  /** A command about one site: opens the registry, does its work, closes the registry. */
  abstract static class OneSite implements Callable<Integer> {
    @CommandLine.ParentCommand
    SiteCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SITE_ID", description = "1-64 letters, digits, '_', '.' or '-'.")
    String siteId;

    @Mixin
    Target target = new Target();

    @Override
    public Integer call() throws Exception {
      try (SiteRegistry registry = target.open(parent.main)) {
        PrintWriter out = spec.commandLine().getOut();
        apply(registry, out);
        out.flush();
      }
      return 0;
    }

    abstract void apply(SiteRegistry registry, PrintWriter out) throws Exception;

    /** The token alone on the last line, so that scripts can take it with {@code tail -n 1}. */
    static void printToken(PrintWriter out, JsonObject site, String what) {
      out.println("site " + site.getString("id") + " " + what + "; its token follows and is shown only this once:");
      out.println(site.getString("token"));
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Register a site and print its token once, alone on the last line.")
  static final class Add extends OneSite {
    @Override
    void apply(SiteRegistry registry, PrintWriter out) throws Exception {
      printToken(out, registry.add(siteId), "added");
    }
  }

  @Command(name = "rotate-token", mixinStandardHelpOptions = true,
      description = "Give a site a new token (the old one stops working at once) and print it once, alone on the"
          + " last line.")
  static final class RotateToken extends OneSite {
    @Override
    void apply(SiteRegistry registry, PrintWriter out) throws Exception {
      printToken(out, registry.rotateToken(siteId), "has a new token (the old one no longer works)");
    }
  }

  @Command(name = "disable", mixinStandardHelpOptions = true, description = "Refuse a site's calls from now on.")
  static final class Disable extends OneSite {
    @Override
    void apply(SiteRegistry registry, PrintWriter out) throws Exception {
      registry.disable(siteId);
      out.println("site " + siteId + " disabled");
    }
  }

  @Command(name = "enable", mixinStandardHelpOptions = true,
      description = "Let a disabled site call again, with the token it had.")
  static final class Enable extends OneSite {
    @Override
    void apply(SiteRegistry registry, PrintWriter out) throws Exception {
      registry.enable(siteId);
      out.println("site " + siteId + " enabled");
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List sites and their activity.")
  static final class ListSites implements Callable<Integer> {
    @CommandLine.ParentCommand
    SiteCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    Target target = new Target();

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      try (SiteRegistry registry = target.open(parent.main)) {
        List<JsonObject> sites = registry.list();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
          out.println(new JsonObject().put("items", new JsonArray(List.copyOf(sites))).encodePrettily());
        } else {
          out.printf("%-24s %-8s %-24s %-9s %9s %8s%n", "SITE", "DISABLED", "LAST SEEN", "STATUS", "CONFLICTS", "LAG");
          for (JsonObject s : sites) {
            out.printf("%-24s %-8s %-24s %-9s %9d %8d%n", s.getString("id"), s.getBoolean("disabled"),
                s.getString("lastSeen", "-") == null ? "-" : s.getString("lastSeen", "-"),
                s.getString("lastStatus") == null ? "-" : s.getString("lastStatus"),
                s.getInteger("pendingConflicts", 0), s.getLong("lag", 0L));
          }
        }
        out.flush();
      }
      return 0;
    }
  }
}
