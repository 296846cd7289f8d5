package outpost.system.fault;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import outpost.system.fault.Model.Ack;
import outpost.system.fixture.Await;
import outpost.system.fixture.FaultProxy;
import outpost.system.fixture.Http;

/**
 * One seeded run of the fault simulation: set-up, a fault phase (random writes, rounds of concurrent
 * edits and random faults), then quiet: every edge syncs until nothing is pending, every conflict is
 * resolved by a fixed policy through the edges' API, and every edge syncs twice more. The seed decides
 * every choice and delay; real processes decide the interleaving, so a replayed seed is the same
 * scenario, not the same schedule.
 */
final class Simulation {
  static final int PATIENTS_PER_SITE = 10;
  static final int NOTES_PER_SITE = 10;
  static final int ITEMS = 10;
  static final int BULK_IDS = 400;

  private final Cluster cluster;
  private final Random random;
  private final Model model = new Model();
  private final Figures figures;
  private final PgFaults pg;
  private final Pace pace;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fault-timer");
    t.setDaemon(true);
    return t;
  });
  private long counter;
  private int nextRound;
  private final List<String> log = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private FaultMenu menu = FaultMenu.NONE;
  private SlowStore.Switch slowStore;

  /** PostgreSQL faults, or null in the embedded configuration. */
  interface PgFaults {
    void restart(String mode);
  }

  /**
   * How big and how quick one seed is. {@code time} scales every fault's duration and pause (links down,
   * stalls, restarts after a kill), to match the edges' idle timeout; bulk writes hold
   * {@code bulkMin + random(bulkSpread)} records.
   */
  record Pace(int steps, int rounds, int bulkMin, int bulkSpread, double time) {
    /** The real-process mode: a minute a seed. */
    static Pace process(int steps) {
      return new Pace(steps, 9, 30, 220, 1.0);
    }

    long ms(long millis) {
      return Math.round(millis * time);
    }
  }

  Simulation(Cluster cluster, long seed, Pace pace, Figures figures, PgFaults pg) {
    this.cluster = cluster;
    this.random = new Random(seed);
    this.pace = pace;
    this.figures = figures;
    this.pg = pg;
  }

  Model model() {
    return model;
  }

  List<String> log() {
    return log;
  }

  /** What the simulation itself saw go wrong (a bad input accepted); the checker adds the rest. */
  List<String> violations() {
    return violations;
  }

  /** Turns on items of the fault menu; {@code slowStore} is the hub store's switch (null: not in this mode). */
  Simulation menu(FaultMenu items, SlowStore.Switch slowStore) {
    this.menu = items;
    this.slowStore = slowStore;
    return this;
  }

  /** Round records created by the hub and synced everywhere; every edge has learnt the rules. */
  void setUp() {
    for (int i = 0; i < pace.rounds(); i++) {
      String id = "x-" + i;
      JsonObject setup = new JsonObject().put("v", "setup").put("n", i);
      for (String site : Cluster.SITES) {
        setup.put(site, "0");
      }
      Http.Answer a = cluster.hub().rest().put(cluster.hub().url() + "/api/records/notes/" + id, setup);
      if (a.status() != 201) {
        throw new AssertionError("set-up write of " + id + " -> " + a.status() + " " + a.body());
      }
      Model.Round round = new Model.Round(id, setup);
      round.setupVersion = a.json().getLong("version");
      model.rounds.put(Model.key("notes", id), round);
    }
    cluster.syncUntilQuiet(120, log);
    for (String site : Cluster.SITES) {
      for (Model.Round r : model.rounds.values()) {
        JsonObject local = cluster.edgeRecords(site, "notes").get(r.id);
        if (local == null || local.getJsonObject("sync").getLong("version") != r.setupVersion) {
          throw new AssertionError("set-up: " + site + " lacks " + r.id + " at version " + r.setupVersion);
        }
      }
    }
  }

  /** The fault phase: {@code steps} random actions. */
  void faultPhase() {
    int steps = pace.steps();
    for (int step = 0; step < steps; step++) {
      if ((long) step * pace.rounds() / steps != (long) (step + 1) * pace.rounds() / steps) {
        round(); // the rounds, spread evenly over the phase
      }
      if (menu.duringFaults() && random.nextInt(8) == 0) {
        menuFault(); // drawn only with the menu on, so that a seed without it replays as before
      }
      int roll = random.nextInt(100);
      if (roll < 50) {
        edgeWrite();
      } else if (roll < 55) {
        bulkWrite(upSite());
      } else if (roll < 62) {
        hubWrite();
      } else if (roll < 68) {
        String site = anySite();
        if (cluster.edge(site).up()) {
          cluster.startSync(site);
          figures.inc("action.syncRequest");
        }
      } else if (roll < 76) {
        killEdgeDuringSync();
      } else if (roll < 81) {
        killHubDuringSync();
      } else if (roll < 87) {
        cutLink();
      } else if (roll < 92) {
        stallLink();
      } else if (roll < 95) {
        String site = upSite();
        if (cluster.edge(site).up()) {
          loseAck(site);
        }
      } else if (roll < 97 && pg != null && figures.get("fault.pgRestart") < 3) {
        String mode = random.nextBoolean() ? "fast" : "immediate";
        pg.restart(mode);
        figures.inc("fault.pgRestart");
        figures.inc("fault.pgRestart." + mode);
      } else if (menu.duringFaults()) {
        menuFault();
      } else {
        Cluster.pause(pace.ms(random.nextInt(150)));
      }
      Cluster.pause(pace.ms(random.nextInt(30)));
    }
  }

  /** Faults stop: links heal, every node is up, and the cluster syncs until quiet. */
  void heal() {
    timers.shutdownNow();
    if (slowStore != null) {
      slowStore.delay(0); // its end was one of the timers just dropped
    }
    cluster.proxies.values().forEach(p -> {
      p.disarm();
      p.stall(false);
      p.down(false);
    });
    cluster.awaitRestarts();
    cluster.syncUntilQuiet(180, log);
  }

  /**
   * Resolves every conflict through the edges' API, edge by edge: each edge syncs, lists its conflicts,
   * resolves each by the record's policy (keep local, keep hub, or a merged value, by round number), and
   * syncs until nothing is pending. Each resolution must then show: the hub holds its value (accepted first,
   * or the same value as one accepted before), or the conflict is flagged again on that edge (it came after
   * another resolution that chose differently, docs/conflicts.md); a resolution that is neither was dropped
   * ({@code check.droppedResolution}). Conflicts flagged again are resolved in a further pass.
   */
  void resolveAll() {
    for (int pass = 0; pass < 3; pass++) {
      boolean reflagged = false;
      for (String site : Cluster.SITES) {
        reflagged |= resolveOn(site, pass == 0);
      }
      if (!reflagged) {
        break;
      }
      figures.inc("resolve.extraPass");
    }
    cluster.syncUntilQuiet(120, log);
  }

  /** One edge's resolutions and their check; answers whether any was flagged again. */
  private boolean resolveOn(String site, boolean firstPass) {
    cluster.syncAndWait(site, 90);
    JsonArray conflicts = cluster.edgeConflicts(site);
    java.util.Map<String, JsonObject> chosen = new java.util.LinkedHashMap<>();
    java.util.Map<String, String> keeps = new java.util.HashMap<>();
    for (Object o : conflicts) {
      JsonObject c = (JsonObject) o;
      String id = c.getString("id");
      Model.Round round = model.round(id);
      int n = round == null ? 0 : Integer.parseInt(id.substring(2));
      String keep = switch (n % 3) {
        case 0 -> "local";
        case 1 -> "hub";
        default -> "merged";
      };
      JsonObject body = new JsonObject().put("keep", keep);
      if (keep.equals("merged")) {
        body.put("data", new JsonObject().put("v", "merged-" + id));
      }
      if (menu.hubResolution() && firstPass && random.nextBoolean() && resolveOnHub(c.getString("collection"), id,
          keep) && round != null) {
        round.hubResolutions++;
      }
      EdgeRest e = cluster.edge(site);
      Http.Answer a = e.rest().post(e.url() + "/api/conflicts/" + c.getString("collection") + "/" + id
          + "/resolve", body);
      if (a.status() != 200) {
        throw new AssertionError("resolve " + id + " on " + site + " -> " + a.status() + " " + a.body());
      }
      figures.inc("resolve." + keep);
      if (round != null) {
        round.resolutions.merge(site, 1, Integer::sum);
      }
      // The record as the edge now holds it is the choice (a round value is never empty: {} is a deletion).
      JsonObject data = a.json().getJsonObject("data");
      chosen.put(id, data == null || data.isEmpty() ? null : data);
      keeps.put(id, keep);
    }
    JsonObject run = null;
    // Until the resolutions are answered: a run may fail (a deadline missed on a busy machine) or have joined one
    // that read the log before them.
    for (int i = 0; i < 5 && (run == null || "FAILED".equals(run.getString("status")) || pending(site) > 0); i++) {
      run = cluster.syncAndWait(site, 90);
    }
    if (run == null || pending(site) > 0 || "FAILED".equals(run.getString("status"))) {
      throw new Cluster.Stuck("sync after resolving on " + site + ": " + (run == null ? "none"
          : Cluster.summary(run)));
    }
    if (chosen.isEmpty()) {
      return false;
    }
    java.util.Set<String> open = new java.util.HashSet<>();
    cluster.edgeConflicts(site).forEach(o -> open.add(((JsonObject) o).getString("id")));
    java.util.Map<String, JsonObject> hubNotes = cluster.hubRecords("notes");
    boolean reflagged = false;
    for (var e : chosen.entrySet()) {
      String id = e.getKey();
      if (open.contains(id)) {
        figures.inc("resolve.reflagged");
        reflagged = true;
        continue;
      }
      JsonObject row = hubNotes.get(id);
      JsonObject onHub = row == null ? null : row.getJsonObject("data");
      Model.Round round = model.round(id);
      if (!java.util.Objects.equals(onHub, e.getValue())) {
        figures.inc("check.droppedResolution");
        synchronized (violations) {
          violations.add("resolution dropped: " + site + " resolved notes/" + id + " with keep " + keeps.get(id)
              + " = " + e.getValue() + ", its run is " + run.getString("status") + ", no conflict is flagged, and the"
              + " hub holds " + onHub);
        }
      } else if (round != null) {
        // The value in force is the last resolution the hub took (the checker's exact expectation).
        round.resolved = e.getValue();
        round.resolvedSet = true;
      }
    }
    return reflagged;
  }

  /**
   * Resolves a conflict on the hub's admin API with a choice other than the edge's next one, while the edge still
   * shows its card (a hub that finds it resolved already answers 409: then nothing happened).
   */
  private boolean resolveOnHub(String collection, String id, String edgeKeep) {
    JsonObject body = edgeKeep.equals("hub") ? new JsonObject().put("keep", "merged")
        .put("data", new JsonObject().put("v", "hub-merged-" + id)) : new JsonObject().put("keep", "hub");
    Http.Answer a = cluster.hub().rest().post(cluster.hub().url() + "/api/conflicts/" + collection + "/" + id
        + "/resolve", body);
    if (a.status() == 200) {
      figures.inc("fault.hubResolution");
      return true;
    } else if (a.status() != 409) {
      throw new AssertionError("resolve " + id + " on the hub -> " + a.status() + " " + a.body());
    }
    return false;
  }

  private long pending(String site) {
    JsonObject status = cluster.status(site);
    return status == null ? -1 : status.getJsonObject("pending").getLong("central", -1L);
  }

  // ---- actions

  private String anySite() {
    return Cluster.SITES.get(random.nextInt(Cluster.SITES.size()));
  }

  /** A site whose edge is up, when one is (writes go where a client could write). */
  private String upSite() {
    String site = anySite();
    for (int i = 0; i < Cluster.SITES.size() && !cluster.edge(site).up(); i++) {
      site = Cluster.SITES.get((Cluster.SITES.indexOf(site) + 1) % Cluster.SITES.size());
    }
    return site;
  }

  private JsonObject value(String writer) {
    long n = ++counter;
    return new JsonObject().put("v", writer + ":" + n).put("n", n).put("pad", "p".repeat(random.nextInt(300)));
  }

  private void edgeWrite() {
    String site = upSite();
    EdgeRest e = cluster.edge(site);
    boolean patient = random.nextBoolean();
    String collection = patient ? "patients" : "notes";
    String id = site + (patient ? "-p" : "-n") + random.nextInt(patient ? PATIENTS_PER_SITE : NOTES_PER_SITE);
    Model.Single record = model.single(collection, id, site, patient ? site : null);
    write(e.rest(), e.url() + "/api/records/" + collection + "/" + id, record, "edge");
  }

  /** Many new or rewritten notes in one request (all or nothing): gives pushes and pulls some length. */
  private void bulkWrite(String site) {
    bulkWrite(site, pace.bulkMin() + random.nextInt(pace.bulkSpread()));
  }

  private void bulkWrite(String site, int n) {
    EdgeRest e = cluster.edge(site);
    int start = random.nextInt(BULK_IDS);
    io.vertx.core.json.JsonArray items = new io.vertx.core.json.JsonArray();
    List<String> ids = new ArrayList<>();
    List<JsonObject> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = site + "-b" + (start + i) % BULK_IDS;
      JsonObject value = value(site);
      ids.add(id);
      values.add(value);
      items.add(new JsonObject().put("id", id).put("data", value));
    }
    Http.Answer a = e.rest().post(e.url() + "/api/records/notes", new JsonObject().put("items", items));
    Ack ack;
    if (a.ok()) {
      ack = Ack.ACKED;
    } else if (a.unknown() || a.status() >= 500) {
      ack = Ack.UNKNOWN;
    } else if (a.refused()) {
      figures.inc("write.bulk.refused");
      return;
    } else {
      throw new AssertionError("bulk write on " + site + " -> " + a.status() + " " + a.body());
    }
    for (int i = 0; i < n; i++) {
      model.single("notes", ids.get(i), site, null).ops.add(new Model.Op(values.get(i), ack));
    }
    figures.inc("write.bulk." + ack.name().toLowerCase(java.util.Locale.ROOT));
    figures.add("write.bulk.records", n);
  }

  private void hubWrite() {
    String id = "i-" + random.nextInt(ITEMS);
    Model.Single record = model.single("items", id, "hub", null);
    write(cluster.hub().rest(), cluster.hub().url() + "/api/records/items/" + id, record, "hub");
  }

  private void write(Http rest, String url, Model.Single record, String who) {
    boolean delete = record.live() && random.nextInt(5) == 0;
    JsonObject value = delete ? null : value(record.writer);
    Http.Answer a = delete ? rest.delete(url) : rest.put(url, value);
    if (!record(record, a, value, who) && !a.refused()) {
      throw new AssertionError("write " + url + " -> " + a.status() + " " + a.body());
    }
  }

  /** Enters a write's outcome in the model; answers false when it was refused (or answered 4xx). */
  private boolean record(Model.Single record, Http.Answer a, JsonObject value, String who) {
    synchronized (model) {
      if (a.ok() || value == null && a.status() == 404) {
        record.ops.add(new Model.Op(value, Ack.ACKED));
        figures.inc("write." + who + ".acked");
        return true;
      }
      if (a.unknown() || a.status() >= 500) {
        // No answer, or the node failed while answering (its store going away): it may or may not stand.
        record.ops.add(new Model.Op(value, Ack.UNKNOWN));
        figures.inc("write." + who + (a.unknown() ? ".unknown" : ".error5xx"));
        return true;
      }
      if (a.refused()) {
        figures.inc("write." + who + ".refused");
      }
      return false;
    }
  }

  /**
   * 2 or 3 edges (among those up) edit the same round record from its set-up version: a conflict or a
   * merge round. Half the time the first edit's acknowledgement is lost in the link: its push reaches
   * the hub and is committed, the answer is held until the edge's run times out, and the others' edits
   * reach the hub meanwhile; the edge re-sends later and hears DUPLICATE.
   */
  private void round() {
    // two edges must be up: restarts are under way (a round with fewer is skipped below)
    Await.upTo(() -> Cluster.SITES.stream().filter(s -> cluster.edge(s).up()).count() >= 2, Duration.ofSeconds(60),
        Duration.ofMillis(100));
    List<String> sites = new ArrayList<>(Cluster.SITES.stream().filter(s -> cluster.edge(s).up()).toList());
    if (nextRound >= pace.rounds() || sites.size() < 2) {
      figures.inc("round.skipped");
      return;
    }
    Model.Round r = model.round("x-" + nextRound++);
    r.kind = random.nextInt(3) < 2 ? Model.RoundKind.CONFLICT : Model.RoundKind.MERGE;
    java.util.Collections.shuffle(sites, random);
    int k = Math.min(sites.size(), 2 + random.nextInt(2));
    boolean loseFirstAck = random.nextBoolean();
    // At most one delete, and only as the first edit: before it no round edit exists, so it is surely
    // based on the set-up version (a delete's answer does not show the base).
    boolean delete = r.kind == Model.RoundKind.CONFLICT && random.nextInt(4) == 0;
    for (int i = 0; i < k; i++) {
      String site = sites.get(i);
      EdgeRest e = cluster.edge(site);
      String url = e.url() + "/api/records/notes/" + r.id;
      JsonObject value;
      Http.Answer a;
      if (delete) {
        delete = false;
        value = null;
        a = e.rest().delete(url);
      } else if (r.kind == Model.RoundKind.CONFLICT) {
        value = r.setup.copy().put("v", site + ":round");
        a = e.rest().put(url, value);
      } else {
        value = r.setup.copy().put(site, site + ":merge");
        a = e.rest().put(url, value);
      }
      if (a.ok()) {
        // A put answers the record: its sync.version is the base the edit was made on.
        boolean baseOk = value == null || a.json().getJsonObject("sync").getLong("version") == r.setupVersion;
        r.edits.add(new Model.Edit(site, value, Ack.ACKED, baseOk));
        figures.inc("round.edit.acked");
      } else if (a.unknown() || a.status() >= 500) {
        r.edits.add(new Model.Edit(site, value, Ack.UNKNOWN, false));
        figures.inc("round.edit.unknown");
      } else if (!a.refused()) {
        throw new AssertionError("round edit " + url + " -> " + a.status() + " " + a.body());
      }
      if (i == 0 && loseFirstAck) {
        loseAck(site);
      } else if (random.nextBoolean()) {
        cluster.startSync(site);
      }
    }
    figures.inc("round." + r.kind.name().toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Loses the acknowledgement of the edge's next push batch: a bulk write makes the batch bigger than
   * the hello, the link stops answering once it has gone up, the run times out, and the link heals a
   * few seconds later.
   */
  private void loseAck(String site) {
    bulkWrite(site, 40 + random.nextInt(100));
    FaultProxy proxy = cluster.proxies.get(site);
    proxy.loseAnswersAfter(8 * 1024);
    cluster.startSync(site);
    Await.upTo(() -> cluster.step(site).equals("push"), Duration.ofSeconds(2), Duration.ofMillis(10));
    Cluster.pause(pace.ms(300));
    timers.schedule(() -> {
      proxy.disarm();
      proxy.stall(false);
    }, pace.ms(3_500 + random.nextInt(3_000)), TimeUnit.MILLISECONDS);
    figures.inc("fault.ackLost");
  }

  private void killEdgeDuringSync() {
    String site = anySite();
    EdgeRest e = cluster.edge(site);
    if (!e.up()) {
      return;
    }
    if (random.nextInt(4) > 0) {
      bulkWrite(site);
    }
    // A client keeps writing the site's patients while the edge dies: the write in flight at the kill
    // has no answer (UNKNOWN in the model), the ones before it must survive.
    Random writerRandom = new Random(random.nextLong());
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    Thread writer = new Thread(() -> {
      EdgeRest victim = cluster.edge(site);
      String victimUrl = victim.url();
      while (!stop.get()) {
        String id = site + "-p" + writerRandom.nextInt(PATIENTS_PER_SITE);
        Model.Single record = model.single("patients", id, site, site);
        JsonObject value = new JsonObject().put("v", site + ":w" + writerRandom.nextLong()).put("pad",
            "p".repeat(writerRandom.nextInt(200)));
        if (!record(record, victim.rest().put(victimUrl + "/api/records/patients/" + id, value), value, "edge")) {
          return; // refused: the edge is gone
        }
      }
    }, "fault-writer");
    writer.start();
    cluster.startSync(site);
    String step = awaitMoment(site);
    cluster.killEdge(site, pace.ms(200 + random.nextInt(1500)));
    stop.set(true);
    try {
      writer.join(30_000);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
    figures.inc("fault.edgeKill");
    figures.inc("fault.edgeKill." + step);
  }

  private void killHubDuringSync() {
    if (!cluster.hub().up()) {
      return;
    }
    String site = anySite();
    boolean edgeUp = cluster.edge(site).up();
    String step = "unknown";
    if (edgeUp) {
      if (random.nextInt(4) > 0) {
        bulkWrite(site);
      }
      cluster.startSync(site);
      step = awaitMoment(site);
    } else {
      Cluster.pause(pace.ms(random.nextInt(1200)));
    }
    cluster.killHub(pace.ms(300 + random.nextInt(2000)));
    figures.inc("fault.hubKill");
    figures.inc("fault.hubKill." + step);
  }

  /**
   * The moment of a kill: half the time a random delay after the sync started; otherwise as soon as the
   * edge reports a chosen step running (push, pull or integrate; up to 3 s), plus a few milliseconds.
   * Answers the step the edge reported just before.
   */
  private String awaitMoment(String site) {
    int choice = random.nextInt(6);
    int extra = random.nextInt(40);
    if (choice < 3) {
      Cluster.pause(pace.ms(random.nextInt(500)));
      return cluster.step(site);
    }
    String wanted = List.of("push", "pull", "integrate").get(choice - 3);
    String[] step = new String[1];
    Await.upTo(() -> {
      step[0] = cluster.step(site);
      return step[0].equals(wanted) || step[0].equals("idle") || step[0].equals("unknown");
    }, Duration.ofSeconds(3), Duration.ofMillis(5));
    Cluster.pause(extra);
    return step[0];
  }

  /** One item of the fault menu that is switched on. */
  private void menuFault() {
    if (menu.storeSlow() && slowStore != null && (!menu.badInput() || random.nextBoolean())) {
      long delay = pace.ms(200 + random.nextInt(2000));
      slowStore.delay(delay);
      timers.schedule(() -> slowStore.delay(0), pace.ms(500 + random.nextInt(3000)), TimeUnit.MILLISECONDS);
      figures.inc("fault.storeSlow");
    } else if (menu.badInput()) {
      badInput();
    }
  }

  /**
   * A body or an id that the input grammar refuses, sent to an edge that is up or to the hub: the answer must be
   * a 4xx, and nothing may be stored (a stored one shows in the final check as a record nobody wrote).
   */
  private void badInput() {
    boolean toHub = random.nextInt(3) == 0;
    NodeApi node = toHub ? cluster.hub() : cluster.edge(upSite());
    if (!node.up()) {
      return;
    }
    String collection = toHub ? "items" : "notes";
    String name;
    String id;
    byte[] body;
    if (random.nextInt(4) == 0) {
      id = FaultMenu.BAD_IDS.get(random.nextInt(FaultMenu.BAD_IDS.size()));
      name = "id " + (id.length() > 20 ? id.length() + " characters" : id);
      body = "{\"v\":\"bad id\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } else {
      FaultMenu.BadBody bad = FaultMenu.BAD_BODIES.get(random.nextInt(FaultMenu.BAD_BODIES.size()));
      name = bad.name();
      id = "bad-" + ++counter;
      body = bad.body();
    }
    Http.Answer a = node.rest().raw("PUT", node.url() + "/api/records/" + collection + "/" + id, "application/json",
        body);
    figures.inc("fault.badInput");
    if (a.status() < 400 || a.status() >= 500) {
      if (a.refused()) {
        return; // the node went down meanwhile: nothing reached it
      }
      figures.inc("check.badInputAccepted");
      synchronized (violations) {
        violations.add("bad input (" + name + ") to " + (toHub ? "the hub" : "an edge") + " answered " + a.status()
            + " " + (a.body() == null ? "" : a.body().substring(0, Math.min(200, a.body().length()))));
      }
    }
  }

  private void cutLink() {
    String site = anySite();
    FaultProxy proxy = cluster.proxies.get(site);
    if (random.nextBoolean()) {
      proxy.cut();
      figures.inc("fault.linkCut");
    } else {
      long millis = pace.ms(300 + random.nextInt(3000));
      proxy.down(true);
      timers.schedule(() -> proxy.down(false), millis, TimeUnit.MILLISECONDS);
      figures.inc("fault.linkDown");
    }
  }

  private void stallLink() {
    String site = anySite();
    FaultProxy proxy = cluster.proxies.get(site);
    if (cluster.edge(site).up()) {
      cluster.startSync(site);
    }
    Cluster.pause(pace.ms(random.nextInt(500)));
    proxy.stall(true);
    timers.schedule(() -> proxy.stall(false), pace.ms(500 + random.nextInt(5000)), TimeUnit.MILLISECONDS);
    figures.inc("fault.linkStall");
  }
}
