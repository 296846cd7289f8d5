package outpost.system.ops;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import outpost.edge.cli.EdgeMain;
import outpost.hub.cli.HubMain;
import picocli.CommandLine;

/** The two command lines run in-process, with their output captured. */
final class Cli {
  record Run(int exit, String out, String err) {}

  private Cli() {}

  static Run edge(String... args) {
    return run(EdgeMain.commandLine(), args);
  }

  static Run hub(String... args) {
    return run(HubMain.commandLine(Map.of()), args);
  }

  private static Run run(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
