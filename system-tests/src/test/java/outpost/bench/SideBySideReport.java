package outpost.bench;

import static outpost.bench.Report.f0;
import static outpost.bench.Report.f1;
import static outpost.bench.Report.rate;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The side-by-side figures ({@link PeersBench}) as a table with the ratios, written into docs/performance.md
 * between markers of their own, so that a run of the peers alone leaves the other generated figures as they are.
 */
final class SideBySideReport {
  static final String BEGIN = "<!-- BEGIN SIDE BY SIDE by scripts/bench-peers.sh; edits inside are overwritten -->";
  static final String END = "<!-- END SIDE BY SIDE -->";
  /** Where the section goes the first time, when the page has no markers yet. */
  private static final String BEFORE = "## How the figures are taken";

  private SideBySideReport() {}

  static void rewrite(Path doc, JsonObject machine, JsonObject peers) throws IOException {
    String old = Files.readString(doc);
    String generated = BEGIN + "\n" + generate(machine, peers) + END;
    int b = old.indexOf(BEGIN);
    int e = old.indexOf(END);
    String text;
    if (b >= 0 && e > b) {
      text = old.substring(0, b) + generated + old.substring(e + END.length());
    } else {
      int at = old.indexOf(BEFORE);
      String section = "## Side by side\n\n" + generated + "\n\n";
      text = at < 0 ? old + "\n" + section : old.substring(0, at) + section + old.substring(at);
    }
    Files.writeString(doc, text, StandardCharsets.UTF_8);
  }

  static String generate(JsonObject m, JsonObject r) {
    int n = r.getInteger("records");
    JsonObject outpost = r.getJsonObject("outpost");
    JsonObject push = outpost.getJsonObject("push");
    JsonObject pull = outpost.getJsonObject("pull");
    double outPush = rate(n, push.getDouble("cycleMs"));
    double outPull = rate(n, pull.getDouble("cycleMs"));
    StringBuilder md = new StringBuilder();
    md.append("\n_Generated ").append(java.time.LocalDate.now()).append(" by `scripts/bench-peers.sh ").append(n)
        .append("` at commit `").append(r.getString("commit")).append("`._\n\n")
        .append("**Machine:** ").append(m.getInteger("nproc")).append(" CPUs (").append(m.getString("cpu"))
        .append("), ").append(f1(m.getDouble("memoryGib", 0.0))).append(" GiB memory, ").append(m.getString("os"))
        .append("; shared with other builds. Load average (1, 5, 15 min) ").append(r.getString("loadBefore"))
        .append(" before the run, ").append(r.getString("loadAfter")).append(" after it.  \n")
        .append("**JVM:** ").append(m.getString("jvm")).append("; Outpost's hub in the driver JVM, each edge at `")
        .append(String.join(" ", SyncBench.EDGE_JVM)).append("`.\n\n")
        .append("| system | what | push docs/s | pull docs/s | Outpost push ÷ this | Outpost pull ÷ this | ")
        .append("load before → after |\n|---|---|---:|---:|---:|---:|---|\n");
    md.append("| Outpost | push: edge A's whole cycle (`POST /api/sync` until COMPLETE, pull-back included); pull: ")
        .append("fresh edge B's whole cycle | ").append(f0(outPush)).append(" | ").append(f0(outPull))
        .append(" | 1.0 | 1.0 | ").append(load(outpost)).append(" |\n");
    JsonObject pouch = r.getJsonObject("pouchdb");
    if (usable(pouch)) {
      JsonObject phases = pouch.getJsonObject("phases");
      row(md, "PouchDB " + pouch.getJsonObject("versions", new JsonObject()).getString("pouchdb-node", ""),
          "one-shot replication edge 1 → server, then server → fresh edge 2",
          phases.getJsonObject("push").getDouble("docs_per_s"), phases.getJsonObject("pull").getDouble("docs_per_s"),
          outPush, outPull, load(pouch));
    } else {
      md.append("| PouchDB | ").append(why(pouch)).append(" | | | | | |\n");
    }
    JsonObject sym = r.getJsonObject("symmetricds");
    if (usable(sym)) {
      row(md, "SymmetricDS 3.15", "backlog: captured with the channel off, then replicated",
          sym.getDouble("push_backlog_rows_per_s"), sym.getDouble("pull_backlog_rows_per_s"), outPush, outPull,
          load(sym));
      row(md, "SymmetricDS 3.15", "continuous: capture while writing", sym.getDouble("push_rows_per_s"),
          sym.getDouble("pull_rows_per_s"), outPush, outPull, "");
    } else {
      md.append("| SymmetricDS | ").append(why(sym)).append(" | | | | | |\n");
    }
    md.append("\nOutpost's steps alone: push step ").append(f0(rate(push.getLong("pushDone", 0L),
        push.getDouble("pushMs")))).append(" records/s, pull step of edge B ").append(f0(Report.rate(
        pull.getLong("pullDone", 0L), pull.getDouble("pullMs")))).append(" records/s; all phases complete: ")
        .append(SyncBench.ok(outpost) ? "yes" : "**no**").append(".\n\n");
    cpu(md, n, outpost);
    return md.toString();
  }

  /** Process CPU per record of each side during Outpost's part of the run. */
  private static void cpu(StringBuilder md, int n, JsonObject outpost) {
    JsonObject push = outpost.getJsonObject("push");
    JsonObject pull = outpost.getJsonObject("pull");
    double write = us(push.getDouble("writeCpuMs"), n);
    double pushCycle = us(push.getDouble("cpuMs"), n) - write;
    double serve = us(pull.getDouble("hubCpuMs"), n);
    double hubPush = us(push.getDouble("hubCpuMs"), n);
    md.append("| CPU per record (process CPU, this run) | target µs | µs | how |\n|---|---:|---:|---|\n")
        .append("| hub apply | 20 | ").append(f1(hubPush - serve)).append(" | hub CPU during A's write and cycle (")
        .append(f1(hubPush)).append(") less hub serve: the cycle also serves A its own records back |\n")
        .append("| hub serve | 5 | ").append(f1(serve)).append(" | hub CPU during B's cycle |\n")
        .append("| edge bulk write | 10 | ").append(f1(write)).append(" | edge A CPU during the bulk writes |\n")
        .append("| edge push incl. acknowledgement | 10 | ").append(f1(pushCycle))
        .append(" | edge A CPU during its cycle (pull-back of its own records and digest included) |\n")
        .append("| edge apply of a pulled record | 15 | ").append(f1(us(pull.getDouble("cpuMs"), n)))
        .append(" | edge B CPU during its cycle |\n\n");
  }

  private static void row(StringBuilder md, String system, String what, Double push, Double pull, double outPush,
      double outPull, String load) {
    md.append("| ").append(system).append(" | ").append(what).append(" | ").append(f0(push)).append(" | ")
        .append(f0(pull)).append(" | ").append(ratio(outPush, push)).append(" | ").append(ratio(outPull, pull))
        .append(" | ").append(load).append(" |\n");
  }

  private static boolean usable(JsonObject peer) {
    return peer != null && !peer.containsKey("missing") && !peer.containsKey("failed");
  }

  private static String why(JsonObject peer) {
    if (peer == null) {
      return "not run";
    }
    return (peer.containsKey("missing") ? "missing: " + peer.getString("missing") : "failed: "
        + peer.getString("failed")).replace('|', '/');
  }

  private static String load(JsonObject part) {
    return part.getString("loadBefore", "?") + " → " + part.getString("loadAfter", "?");
  }

  private static double us(Double ms, int n) {
    return ms == null ? Double.NaN : ms * 1000 / n;
  }

  private static String ratio(double ours, Double theirs) {
    return theirs == null || theirs <= 0 || Double.isNaN(ours) ? "–"
        : String.format(Locale.ROOT, "%.2f×", ours / theirs);
  }

  /** The table as plain text for the console. */
  static String console(JsonObject m, JsonObject r) {
    return generate(m, r).replace("**", "");
  }
}
