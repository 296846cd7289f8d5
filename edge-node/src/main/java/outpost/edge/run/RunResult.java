package outpost.edge.run;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import outpost.edge.schedule.RunOutcome;
import outpost.edge.schedule.Trigger;

/**
 * One run as it stands (live, {@code finishedAt} null) or as it ended. {@code collections} holds each
 * collection's own outcome, set when the run ends; a collection the run never touched has none.
 * {@code config} (the node's config with secrets masked, a JSON document as the file holds it) and
 * {@code items} are the run's detail: empty in live snapshots and history listings.
 */
public record RunResult(String id, Trigger trigger, RunStatus status, Instant startedAt, Instant finishedAt,
    Instant dueAt, List<HubResult> hubs, List<Count> counts, List<String> notes, List<CollectionOutcome> collections,
    JsonObject config, List<RunItem> items) {

  public RunResult {
    hubs = List.copyOf(hubs);
    counts = List.copyOf(counts);
    notes = List.copyOf(notes);
    collections = List.copyOf(collections);
    items = List.copyOf(items);
  }

  public boolean finished() {
    return finishedAt != null;
  }

  public Optional<CollectionOutcome> collection(String name) {
    return collections.stream().filter(c -> c.collection().equals(name)).findFirst();
  }

  /** The run without its detail (config and items). */
  public RunResult summary() {
    return new RunResult(id, trigger, status, startedAt, finishedAt, dueAt, hubs, counts, notes, collections, null,
        List.of());
  }

  /**
   * What the scheduler needs. A PARTIAL run caused only by refused or conflicting items is a success for
   * retry purposes: a retry cannot change a decision that waits for a person. A hub that ended FAILED (or a
   * push that left changes unanswered) is worth a retry.
   */
  public RunOutcome outcome() {
    RunError first = null;
    boolean connection = false;
    boolean retry = false;
    for (HubResult hub : hubs) {
      boolean unanswered = hub.steps().stream().anyMatch(s -> s.state() == RunStatus.FAILED);
      if (hub.status() == RunStatus.FAILED || unanswered) {
        retry = true;
        RunError error = hub.error() != null ? hub.error()
            : hub.steps().stream().map(StepResult::error).filter(e -> e != null).findFirst().orElse(null);
        if (first == null && error != null) {
          first = error;
        }
        connection |= hub.status() == RunStatus.FAILED && error != null && error.connection();
      }
    }
    String reason = !retry ? null : first == null ? "the run failed" : hubName(first) + first.summary();
    return new RunOutcome(id, !retry, connection, reason);
  }

  private String hubName(RunError error) {
    return hubs.stream().filter(h -> error.equals(h.error()) || h.steps().stream().anyMatch(s -> error.equals(s.error())))
        .map(h -> "hub " + h.name() + ": ").findFirst().orElse("");
  }
}
