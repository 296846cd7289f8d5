package outpost.edge.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import outpost.edge.config.ConfigException;
import outpost.edge.config.ConfigSources;
import outpost.edge.config.EdgeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code config check FILE}: validates a config file as {@code serve} would read it. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with edge config files.",
    subcommands = ConfigCommand.Check.class)
final class ConfigCommand {

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Validate a config file: prints \"ok\" (exit 0) or the bad field (exit 1). Environment "
          + "overrides are not applied.")
  static final class Check implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the edge.json to check")
    Path file;

    @Override
    public Integer call() {
      try {
        EdgeConfig config = ConfigSources.resolve(EdgeConfig.readFile(file), Map.of(), ConfigSources.Flags.NONE);
        spec.commandLine().getOut().println("ok (site " + config.site() + ", " + config.hubs().size() + " hubs)");
        return 0;
      } catch (ConfigException e) {
        spec.commandLine().getErr().println(file + ": " + e.getMessage());
        return 1;
      }
    }
  }
}
