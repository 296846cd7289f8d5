package outpost.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The "figures against targets" table of the report (targets of issues 3, 6 and 9). */
final class Summary {
  private final StringBuilder rows = new StringBuilder("| target | measured | met |\n|---|---:|---|\n");

  void sync(JsonArray runs, String store) {
    JsonObject small = null;
    for (Object o : runs) {
      JsonObject s = (JsonObject) o;
      int n = s.getInteger("records");
      if (small == null) {
        small = s;
        String size = String.format(java.util.Locale.ROOT, "%,d", n);
        row("push ≥ 70,000 records/s (" + size + " records, " + store + ")", Report.pushRate(s), 70_000, true, " rec/s");
        row("pull ≥ 65,000 records/s (" + size + " records, " + store + ")", Report.pullRate(s), 65_000, true, " rec/s");
        row("incremental cycle of " + s.getJsonObject("changeA").getLong("changed", 0L) + " changes < 300 ms, edge A ("
            + size + " records)",
            s.getJsonObject("changeA").getDouble("cycleMs"), 300, false, " ms");
        row("incremental cycle < 300 ms, edge B", s.getJsonObject("changeB").getDouble("cycleMs"), 300, false, " ms");
      } else {
        double pushRatio = Report.pushRate(s) / Report.pushRate(small);
        double pullRatio = Report.pullRate(s) / Report.pullRate(small);
        String size = String.format(java.util.Locale.ROOT, "%,d", n);
        String base = String.format(java.util.Locale.ROOT, "%,d", small.getInteger("records"));
        row("push rate at " + size + " within 30% of the " + base + " figure", pushRatio * 100, 70, true, "%");
        row("pull rate at " + size + " within 30% of the " + base + " figure", pullRatio * 100, 70, true, "%");
        for (String phase : new String[] {"push", "pull"}) {
          JsonObject p = s.getJsonObject(phase);
          String edge = phase.equals("push") ? "A" : "B";
          rows.append("| ").append(String.format(java.util.Locale.ROOT, "%,d", n)).append(" records: ")
              .append(phase).append(" completes with edge ").append(edge).append(" at -Xmx128m | ")
              .append(p.getString("status")).append(", heap peak ").append(Report.f0(p.getDouble("heapPeakMib")))
              .append(" MiB, GC ").append(Report.f0(p.getLong("gcMs", 0L) / 1000.0)).append(" s of ")
              .append(Report.f0(p.getDouble("cycleMs", 0.0) / 1000 + p.getDouble("writeMs", 0.0) / 1000))
              .append(" s | ").append("COMPLETE".equals(p.getString("status")) ? "yes" : "**no**").append(" |\n");
        }
      }
      if (!SyncBench.ok(s)) {
        rows.append("| ").append(n).append(" records: every phase COMPLETE | no | **no** |\n");
      }
    }
  }

  void pg(JsonObject pg) {
    JsonObject p = pg.getJsonObject("push20-postgresql");
    row("PostgreSQL: ≥ 20,000 records/s from 20 edges", p.getDouble("recordsPerSec"), 20_000, true, " rec/s");
  }

  void sites(JsonObject s) {
    if (s.containsKey("error")) {
      rows.append("| many sites: the run completes | failed: ").append(s.getString("error")).append(" | **no** |\n");
    }
    row(s.getInteger("sites", 0) + " concurrent sessions: zero errors", (double) s.getLong("errors"), 0, false, "");
    row(s.getInteger("sites", 0) + " concurrent sessions: p99 cycle < 10 s", s.getDouble("p99Ms"), 10_000, false, " ms");
  }

  void local(JsonArray local) {
    double commit16 = 0;
    double fsync1 = 0;
    double fsync16 = 0;
    double commit1 = 0;
    double pipelined = Double.NaN;
    for (Object o : local) {
      JsonObject l = (JsonObject) o;
      if (!"store".equals(l.getString("api"))) {
        continue; // the targets are for the store API
      }
      double rate = l.getDouble("recordsPerSec", 0.0);
      if (l.getInteger("window", 1) > 1) {
        pipelined = rate;
        continue;
      }
      boolean fsync = l.getString("durability").equals("fsync");
      if (l.getInteger("writers") == 1) {
        if (fsync) {
          fsync1 = rate;
        } else {
          commit1 = rate;
        }
      } else if (fsync) {
        fsync16 = rate;
      } else {
        commit16 = rate;
      }
    }
    row("store API, commit, 16 writers ≥ 50,000 records/s", commit16, 50_000, true, " rec/s");
    row("store API, commit, 1 writer ≥ 50,000 records/s", commit1, 50_000, true, " rec/s");
    row("store API, commit, 16 writers × 16 in flight ≥ 50,000 records/s", pipelined, 50_000, true, " rec/s");
    row("fsync at 16 writers ≥ 5× fsync at 1 writer (one flush per write)", fsync1 == 0 ? Double.NaN
        : fsync16 / fsync1, 5, true, "×");
  }

  void missing(String target, String why) {
    rows.append("| ").append(target).append(" | not measured: ").append(why).append(" | – |\n");
  }

  private void row(String target, Double value, double bound, boolean atLeast, String unit) {
    boolean met = value != null && !value.isNaN() && (atLeast ? value >= bound : value < bound || (bound == 0
        && value == 0));
    String shown = unit.equals("×") ? Report.f1(value) + "×" : Report.f0(value) + unit;
    rows.append("| ").append(target).append(" | ").append(shown).append(" | ").append(met ? "yes" : "**no**")
        .append(" |\n");
  }

  String table() {
    return rows.toString();
  }
}
