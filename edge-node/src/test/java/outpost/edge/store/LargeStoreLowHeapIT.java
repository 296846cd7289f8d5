package outpost.edge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store with many records works in a JVM capped at -Xmx128m: bulk writes, listing every record with
 * paging, and reading plus acknowledging the whole log as a full push does. Runs in a child JVM so that
 * the cap is real. CI runs 200,000 records; the 1,000,000-record run is
 * {@code mvn -pl edge-node verify -Dit.test=LargeStoreLowHeapIT -Doutpost.large.records=1000000}
 * (figures in docs/performance.md).
 */
class LargeStoreLowHeapIT {
  @TempDir
  Path dir;

  @Test
  void manyRecordsWorkAtOneHundredTwentyEightMegabytesOfHeap() throws IOException, InterruptedException {
    int n = Integer.getInteger("outpost.large.records", 200_000);
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-cp", System.getProperty("java.class.path"), LargeStoreMain.class.getName(),
        dir.toString(), Integer.toString(n)).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(15, TimeUnit.MINUTES));
    assertEquals(0, child.exitValue(), output);
    Matcher m = Pattern.compile("RESULT written=(\\d+) listed=(\\d+) acked=(\\d+) pending=(\\d+)").matcher(output);
    assertTrue(m.find(), output);
    for (int group : List.of(1, 2, 3)) {
      assertEquals(n, Long.parseLong(m.group(group)), output);
    }
    assertEquals(0, Long.parseLong(m.group(4)), output);
    System.out.println(output.lines().filter(l -> l.startsWith("RESULT")).findFirst().orElse(output));
  }
}
