package outpost.system.fault;

import java.util.HashMap;
import java.util.Map;

/**
 * The exact duplicate check of the PostgreSQL configuration: a trigger the test adds to the hub's
 * {@code records} table logs every version a record is given, with the change (origin site and sequence)
 * that produced it, in the same transaction. A change applied twice shows as one (site, seq) with two
 * versions; a lost or reused version shows as a log that does not match the hub's head.
 */
final class PgAudit {
  private final PgServer pg;
  private final String database;

  PgAudit(PgServer pg, String database) {
    this.pg = pg;
    this.database = database;
  }

  /** Installs the trigger; call after the hub created its schema and before anything is written. */
  void install() {
    pg.psql(database, """
        CREATE TABLE fault_versions (version bigint NOT NULL, previous bigint, collection text NOT NULL,
          id text NOT NULL, origin_site text NOT NULL, origin_seq bigint NOT NULL);
        CREATE FUNCTION fault_log() RETURNS trigger AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            INSERT INTO fault_versions VALUES (NEW.version, NULL, NEW.collection, NEW.id, NEW.origin_site,
              NEW.origin_seq);
          ELSIF NEW.version <> OLD.version THEN
            INSERT INTO fault_versions VALUES (NEW.version, OLD.version, NEW.collection, NEW.id,
              NEW.origin_site, NEW.origin_seq);
          END IF;
          RETURN NEW;
        END $$ LANGUAGE plpgsql;
        CREATE TRIGGER fault_log AFTER INSERT OR UPDATE ON records FOR EACH ROW EXECUTE FUNCTION fault_log();
        """);
  }

  /** Adds violations to the checker and counts duplicates into the figures. */
  void check(Checker checker, Figures figures, Model model) {
    long head = Long.parseLong(pg.psql(database, "SELECT head FROM hub_head"));
    long logged = Long.parseLong(pg.psql(database, "SELECT count(*) FROM fault_versions"));
    long distinct = Long.parseLong(pg.psql(database, "SELECT count(DISTINCT version) FROM fault_versions"));
    if (logged != head || distinct != head) {
      checker.violation("the hub's head is " + head + " but " + logged + " versions were given (" + distinct
          + " distinct): a version was lost, reused or skipped");
    }
    String twice = pg.psql(database, "SELECT origin_site || ':' || origin_seq || ' -> ' || string_agg("
        + "collection || '/' || id || '@' || version, ', ') FROM fault_versions WHERE origin_site <> '' "
        + "GROUP BY origin_site, origin_seq HAVING count(*) > 1");
    if (!twice.isEmpty()) {
      for (String line : twice.split("\n")) {
        figures.inc("check.duplicated");
        checker.violation("change applied twice: " + line);
      }
    }
    String backwards = pg.psql(database, "SELECT collection || '/' || id || ' ' || previous || ' -> ' || version "
        + "FROM fault_versions WHERE previous IS NOT NULL AND version <= previous");
    if (!backwards.isEmpty()) {
      checker.violation("record versions went backwards: " + backwards.replace('\n', ';'));
    }
    // Per record and writer: never more applied changes than the writer made (writes and resolutions).
    Map<String, Long> writes = new HashMap<>();
    model.singles.values().forEach(s -> writes.merge(Model.key(s.collection, s.id) + "@"
        + (s.writer.equals("hub") ? "" : s.writer), s.writes(), Long::sum));
    model.rounds.values().forEach(r -> {
      writes.merge(Model.key("notes", r.id) + "@", 1L + r.hubResolutions, Long::sum); // set-up + hub resolutions
      // Each edit, and the site's resolutions of the round: one at least (the check's old allowance), more when its
      // choice was flagged a second time and it decided again.
      r.edits.forEach(e -> writes.merge(Model.key("notes", r.id) + "@" + e.site(), 1L, Long::sum));
      r.edits.stream().map(e -> e.site()).distinct().forEach(site -> writes.merge(Model.key("notes", r.id) + "@"
          + site, (long) Math.max(1, r.resolutions.getOrDefault(site, 0)), Long::sum));
    });
    String applied = pg.psql(database, "SELECT collection || '/' || id || '@' || origin_site || '=' || count(*) "
        + "FROM fault_versions GROUP BY collection, id, origin_site");
    long changes = 0;
    for (String line : applied.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.lastIndexOf('=');
      String who = line.substring(0, eq);
      long n = Long.parseLong(line.substring(eq + 1));
      changes += n;
      long made = writes.getOrDefault(who, 0L);
      if (n > made) {
        figures.inc("check.duplicated");
        checker.violation("the hub applied " + n + " changes to " + who + " but only " + made + " were made");
      }
    }
    figures.add("check.appliedChangesAudited", changes);
  }
}
