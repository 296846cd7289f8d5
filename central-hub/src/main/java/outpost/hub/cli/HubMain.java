package outpost.hub.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The hub's command line (docs/operations.md): serve, site add|list|disable, config check. */
@Command(name = "central-hub", mixinStandardHelpOptions = true, versionProvider = JarVersion.class,
    description = "Outpost central hub: serves the sync protocol to edge nodes and an admin API.",
    subcommands = {ServeCommand.class, SiteCommand.class, ConfigCommand.class, CommandLine.HelpCommand.class})
public final class HubMain implements Runnable {
  final Map<String, String> env;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public HubMain(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public static void main(String[] args) {
    System.exit(commandLine(System.getenv()).execute(args));
  }

  /** The command line with this process's (or a test's) environment, printing errors without stack traces. */
  public static CommandLine commandLine(Map<String, String> env) {
    CommandLine cli = new CommandLine(new HubMain(env));
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      PrintWriter err = cmd.getErr();
      err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      err.flush();
      return 1;
    });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
