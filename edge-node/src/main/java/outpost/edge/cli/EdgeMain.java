package outpost.edge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The runnable jar's entry point. */
@Command(name = "edge-node", mixinStandardHelpOptions = true, versionProvider = JarVersion.class,
    description = "Outpost edge node: a local offline-first record store that syncs with central hubs.",
    subcommands = {ServeCommand.class, SyncNowCommand.class, StatusCommand.class, ConfigCommand.class,
        CommandLine.HelpCommand.class})
public final class EdgeMain {
  /** Exit code when the node cannot be reached (sync-now, status). */
  static final int EXIT_UNREACHABLE = 2;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new EdgeMain()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
