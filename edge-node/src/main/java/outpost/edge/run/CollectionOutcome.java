package outpost.edge.run;

/** How one collection fared in a run: its own status, from its own hub and its own items. */
public record CollectionOutcome(String collection, String hub, RunStatus status) {}
