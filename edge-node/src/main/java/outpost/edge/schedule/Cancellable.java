package outpost.edge.schedule;

/** A pending timer task that can be called off. Cancelling twice, or after it ran, does nothing. */
@FunctionalInterface
public interface Cancellable {
  void cancel();
}
