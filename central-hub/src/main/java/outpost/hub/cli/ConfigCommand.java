package outpost.hub.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import outpost.hub.config.HubConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Configuration commands. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Check a hub configuration.",
    subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Validates a file: "ok" and exit 0, or the bad field's message and exit 2. */
  @Command(name = "check", mixinStandardHelpOptions = true, description = "Validate a hub config file.")
  static final class Check implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The hub config file (JSON).")
    Path file;

    @Override
    public Integer call() {
      try {
        HubConfig.fromJson(StoreOptions.readFile(file));
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println(file + ": " + e.getMessage());
        return 2;
      }
      spec.commandLine().getOut().println("ok");
      return 0;
    }
  }
}
