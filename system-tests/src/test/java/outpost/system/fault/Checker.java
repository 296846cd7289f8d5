package outpost.system.fault;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the quiet cluster with the {@link Model}. Each broken invariant is a violation (a sentence
 * naming the record); the counts of lost, diverged and duplicated changes go to the figures.
 */
final class Checker {
  private final Cluster cluster;
  private final Model model;
  private final Figures figures;
  private final List<String> violations = new ArrayList<>();

  Checker(Cluster cluster, Model model, Figures figures) {
    this.cluster = cluster;
    this.model = model;
    this.figures = figures;
  }

  List<String> violations() {
    return violations;
  }

  void violation(String text) {
    violations.add(text);
  }

  /**
   * Before resolution: every conflict is flagged on both sides, only round records conflict, each
   * conflict round has one conflict per concurrent edit but the one applied first, and the hub kept that
   * one's value.
   */
  void conflicts() {
    Set<String> onHub = new TreeSet<>();
    for (Object o : cluster.hubConflicts()) {
      JsonObject c = (JsonObject) o;
      onHub.add(c.getString("collection") + "/" + c.getString("id") + "@" + c.getString("site"));
    }
    Set<String> onEdges = new TreeSet<>();
    for (String site : Cluster.SITES) {
      for (Object o : cluster.edgeConflicts(site)) {
        JsonObject c = (JsonObject) o;
        onEdges.add(c.getString("collection") + "/" + c.getString("id") + "@" + site);
      }
    }
    for (String c : onHub) {
      if (!onEdges.contains(c)) {
        violation("conflict " + c + " is flagged on the hub but not on the edge");
      }
    }
    for (String c : onEdges) {
      if (!onHub.contains(c)) {
        violation("conflict " + c + " is flagged on the edge but not on the hub");
      }
    }
    Map<String, Set<String>> byRecord = new HashMap<>();
    for (String c : onHub) {
      int at = c.indexOf('@');
      byRecord.computeIfAbsent(c.substring(0, at), k -> new TreeSet<>()).add(c.substring(at + 1));
    }
    long min = 0;
    long max = 0;
    Map<String, JsonObject> hubNotes = cluster.hubRecords("notes");
    for (Model.Round r : model.rounds.values()) {
      min += r.minConflicts();
      max += r.maxConflicts();
      Set<String> sites = byRecord.getOrDefault("notes/" + r.id, Set.of());
      if (sites.size() < r.minConflicts() || sites.size() > r.maxConflicts()) {
        violation("round " + r.id + " (" + r.kind + ", edits " + r.edits + ") has conflicts " + sites
            + ", expected " + r.minConflicts() + ".." + r.maxConflicts());
      }
      for (String s : sites) {
        if (r.edit(s) == null) {
          violation("round " + r.id + ": site " + s + " has a conflict but made no edit");
        }
      }
      if (r.kind == Model.RoundKind.CONFLICT && r.exact() && sites.size() == r.edits.size() - 1) {
        Model.Edit winner = r.edits.stream().filter(e -> !sites.contains(e.site())).findFirst().orElseThrow();
        JsonObject hubValue = data(hubNotes.get(r.id));
        if (!Objects.equals(hubValue, winner.value())) {
          violation("round " + r.id + ": the hub holds " + hubValue + " but the edit applied first (by "
              + winner.site() + ", acknowledged) was " + winner.value());
          figures.inc("check.lost");
        }
      }
    }
    for (String record : byRecord.keySet()) {
      if (!record.startsWith("notes/x-")) {
        violation("record " + record + " has a conflict but only one writer ever wrote it");
      }
    }
    figures.add("conflicts.found", onHub.size());
    figures.add("conflicts.expectedMin", min);
    figures.add("conflicts.expectedMax", max);
  }

  /** After resolution and the final syncs: nothing lost, every copy identical, nothing left flagged. */
  void finalState() {
    if (!cluster.hubConflicts().isEmpty()) {
      violation("conflicts left open on the hub: " + cluster.hubConflicts().encode());
    }
    for (String site : Cluster.SITES) {
      if (!cluster.edgeConflicts(site).isEmpty()) {
        violation("conflicts left open on " + site + ": " + cluster.edgeConflicts(site).encode());
      }
      if (!cluster.edgeFailed(site).isEmpty()) {
        violation("failed items on " + site + ": " + cluster.edgeFailed(site).encode());
      }
    }
    Map<String, Map<String, JsonObject>> hub = new HashMap<>();
    for (String c : List.of("notes", "patients", "items")) {
      hub.put(c, cluster.hubRecords(c));
    }
    acknowledgedWrites(hub);
    copies(hub);
  }

  private void acknowledgedWrites(Map<String, Map<String, JsonObject>> hub) {
    Set<String> modelled = new HashSet<>();
    long checked = 0;
    for (Model.Single s : model.singles.values()) {
      modelled.add(Model.key(s.collection, s.id));
      JsonObject actual = data(hub.get(s.collection).get(s.id));
      checked += s.ops.isEmpty() ? 0 : 1;
      if (s.allowed().stream().noneMatch(v -> Objects.equals(v, actual))) {
        figures.inc("check.lost");
        violation("lost write: " + s.collection + "/" + s.id + " (written by " + s.writer + ") is " + actual
            + " on the hub; the last acknowledged state was " + s.lastAcked() + " (allowed: " + s.allowed() + ")");
      }
      JsonObject row = hub.get(s.collection).get(s.id);
      if (s.ownerSite != null && row != null && !s.ownerSite.equals(row.getString("site"))) {
        violation(s.collection + "/" + s.id + " belongs to " + row.getString("site") + ", not " + s.ownerSite);
      }
    }
    for (Model.Round r : model.rounds.values()) {
      modelled.add(Model.key("notes", r.id));
      JsonObject actual = data(hub.get("notes").get(r.id));
      checked++;
      List<JsonObject> allowed = model.roundAllowed(r);
      if (allowed.stream().noneMatch(v -> Objects.equals(v, actual))) {
        figures.inc("check.lost");
        violation("round " + r.id + " (" + r.kind + ", edits " + r.edits + ", resolved " + r.resolved
            + ") is " + actual + " on the hub; allowed: " + allowed);
      }
    }
    hub.forEach((collection, records) -> records.keySet().forEach(id -> {
      if (!modelled.contains(Model.key(collection, id))) {
        violation("the hub has " + collection + "/" + id + ", which nobody wrote");
      }
    }));
    figures.add("check.recordsChecked", checked);
  }

  private void copies(Map<String, Map<String, JsonObject>> hub) {
    long copies = 0;
    for (String site : Cluster.SITES) {
      for (String collection : List.of("notes", "items", "patients")) {
        Map<String, JsonObject> expected = new HashMap<>();
        hub.get(collection).forEach((id, r) -> {
          if (!collection.equals("patients") || site.equals(r.getString("site"))) {
            expected.put(id, r);
          }
        });
        Map<String, JsonObject> local = cluster.edgeRecords(site, collection);
        Set<String> ids = new TreeSet<>(expected.keySet());
        ids.addAll(local.keySet());
        for (String id : ids) {
          copies++;
          JsonObject h = expected.get(id);
          JsonObject e = local.get(id);
          String where = site + " " + collection + "/" + id;
          if (h == null || e == null || !Objects.equals(h.getJsonObject("data"), e.getJsonObject("data"))) {
            figures.inc("check.diverged");
            violation("diverged: " + where + " is " + (e == null ? null : e.getJsonObject("data")) + " on the edge, "
                + (h == null ? null : h.getJsonObject("data")) + " on the hub");
          } else if (!"synced".equals(e.getJsonObject("sync").getString("state"))
              || e.getJsonObject("sync").getLong("version") != h.getLong("version").longValue()) {
            figures.inc("check.diverged");
            violation("diverged: " + where + " is " + e.getJsonObject("sync") + " on the edge, version "
                + h.getLong("version") + " on the hub");
          }
        }
      }
    }
    figures.add("check.copiesCompared", copies);
  }

  private static JsonObject data(JsonObject row) {
    return row == null ? null : row.getJsonObject("data");
  }
}
