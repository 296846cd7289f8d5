package outpost.system.fault;

import io.vertx.core.Future;
import outpost.system.fixture.Await;
import outpost.system.fixture.Http;

/**
 * A node in this JVM that is started, killed and started again on the same store, one incarnation at a
 * time: a kill {@link #drop drops} the store at once (what a dead process leaves) and stops the rest in the
 * background; the next start waits for that stop, so the store's files are free again.
 */
abstract class InJvmNode<N> implements NodeApi {
  private final Http rest;
  private volatile N running;
  private volatile Future<Void> stopping = Future.succeededFuture();
  private volatile String url;

  InJvmNode(Http rest) {
    this.rest = rest;
  }

  /** Starts an incarnation on the node's store. */
  abstract N open();

  abstract String urlOf(N node);

  /** Leaves the store as a killed process would: nothing more reaches it. */
  abstract void drop(N node);

  abstract Future<Void> stop(N node);

  /** The running incarnation, or null while the node is down. */
  N running() {
    return running;
  }

  synchronized void start() {
    Await.of(stopping.otherwiseEmpty());
    N node = open();
    url = urlOf(node);
    running = node;
  }

  synchronized void kill() {
    N node = running;
    running = null;
    if (node != null) {
      drop(node);
      stopping = stop(node);
    }
  }

  /** A clean stop, waited for. */
  synchronized void close() {
    N node = running;
    running = null;
    if (node != null) {
      stopping = stop(node);
    }
    Await.of(stopping.otherwiseEmpty());
  }

  @Override
  public boolean up() {
    return running != null;
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public Http rest() {
    return rest;
  }
}
