package outpost.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording into markdown: CPU samples by where they were spent (self: the top frame, grouped
 * into subsystems and by method) and by the Outpost methods they ran under (inclusive), and allocation samples
 * by the Outpost method that allocated. What {@code jfr print --events jdk.ExecutionSample} would show, counted.
 */
final class JfrSummary {
  private JfrSummary() {}

  static String summarise(Path file, String title, int top) throws IOException {
    Map<String, Long> selfMethods = new HashMap<>();
    Map<String, Long> groups = new HashMap<>();
    Map<String, Long> inclusive = new HashMap<>();
    Map<String, Long> allocBy = new HashMap<>();
    Map<String, Long> allocClass = new HashMap<>();
    long samples = 0;
    long allocTotal = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      String type = e.getEventType().getName();
      RecordedStackTrace stack = e.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      List<RecordedFrame> frames = stack.getFrames();
      if (type.equals("jdk.ExecutionSample")) {
        samples++;
        String self = name(frames.get(0));
        selfMethods.merge(self, 1L, Long::sum);
        groups.merge(group(frames), 1L, Long::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : frames) {
          String n = name(f);
          if (n.startsWith("outpost.") && seen.add(n)) {
            inclusive.merge(n, 1L, Long::sum);
          }
        }
      } else if (type.equals("jdk.ObjectAllocationSample")) {
        long weight = e.getLong("weight");
        allocTotal += weight;
        allocClass.merge(e.getClass("objectClass").getName(), weight, Long::sum);
        String owner = "(no Outpost frame)";
        for (RecordedFrame f : frames) {
          String n = name(f);
          if (n.startsWith("outpost.")) {
            owner = n;
            break;
          }
        }
        allocBy.merge(owner, weight, Long::sum);
      }
    }
    StringBuilder md = new StringBuilder();
    md.append("#### ").append(title).append("\n\n");
    md.append(samples).append(" CPU samples, ").append(String.format(Locale.ROOT, "%.0f", allocTotal / 1048576.0))
        .append(" MiB of sampled allocation.\n\n");
    table(md, "CPU by subsystem (top frame)", groups, samples, top, false);
    table(md, "CPU by method (self)", selfMethods, samples, top, false);
    table(md, "CPU under Outpost methods (inclusive)", inclusive, samples, top, false);
    table(md, "Allocation by nearest Outpost method", allocBy, allocTotal, top, true);
    table(md, "Allocation by class", allocClass, allocTotal, top, true);
    return md.toString();
  }

  private static void table(StringBuilder md, String title, Map<String, Long> counts, long total, int top,
      boolean bytes) {
    md.append("| ").append(title).append(" | ").append(bytes ? "MiB" : "samples").append(" | % |\n|---|---:|---:|\n");
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
        .forEach(e -> md.append("| `").append(e.getKey()).append("` | ")
            .append(bytes ? String.format(Locale.ROOT, "%.1f", e.getValue() / 1048576.0) : e.getValue())
            .append(" | ").append(String.format(Locale.ROOT, "%.1f", 100.0 * e.getValue() / Math.max(1, total)))
            .append(" |\n"));
    md.append('\n');
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  /** A subsystem for a sample: the first frame (from the top) that belongs to a known library or to Outpost. */
  private static final Map<String, String> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put("org.h2.mvstore.", "MVStore (H2)");
    GROUPS.put("com.fasterxml.jackson.", "JSON (Jackson)");
    GROUPS.put("io.vertx.core.json.", "JSON (Vert.x)");
    GROUPS.put("com.google.protobuf.", "protobuf");
    GROUPS.put("io.grpc.", "gRPC");
    GROUPS.put("io.netty.", "Netty");
    GROUPS.put("outpost.", "Outpost code");
  }

  private static String group(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String type = f.getMethod().getType().getName();
      for (Map.Entry<String, String> g : GROUPS.entrySet()) {
        if (type.startsWith(g.getKey())) {
          return g.getValue();
        }
      }
    }
    String top = frames.get(0).getMethod().getType().getName();
    int dot = top.lastIndexOf('.');
    return "JDK " + (dot < 0 ? top : top.substring(0, dot));
  }
}
