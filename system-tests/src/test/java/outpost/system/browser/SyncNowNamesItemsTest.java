package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.edge.EdgeNode;
import outpost.edge.cli.EdgeMain;
import picocli.CommandLine;

/**
 * {@code sync-now} on a run that ends PARTIAL names what made it so: the collection and each refused change,
 * not the bare word. The command runs in this JVM against a real edge and hub (Nodes).
 */
class SyncNowNamesItemsTest {
  @TempDir
  Path tmp;

  @Test
  void aPartialRunNamesItsCollectionAndRefusedChange() {
    try (Nodes nodes = new Nodes(tmp)) {
      EdgeNode edge = nodes.edge("clinic-a");
      Nodes.put(edge, "notes", "n1", new JsonObject().put("text", "fine"));
      Nodes.put(edge, "gadgets", "scale-1", new JsonObject().put("kg", 71.5));
      StringWriter out = new StringWriter();
      CommandLine cli = EdgeMain.commandLine();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(out));
      int exit = cli.execute("sync-now", "--url", Nodes.url(edge));
      String text = out.toString();
      assertEquals(1, exit, text);
      assertTrue(text.matches("(?s).*sync \\S+ PARTIAL\n.*"), text);
      assertTrue(text.contains("collection gadgets (hub central): PARTIAL"), text);
      assertTrue(text.contains("  gadgets/scale-1 (PUT): REJECTED NOT_SUPPORTED: "), text);
      assertTrue(!text.contains("collection notes"), "notes was COMPLETE: " + text);
    }
  }
}
