package outpost.edge.sync;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;

/**
 * Hands a client stream's callbacks (gRPC's threads) to the run's sync thread, in order: the answers, wake-ups
 * when the request side turns ready, and the stream's end. Bounded: the caller's flow control (request(n), a
 * window of unanswered batches) caps the answers in flight, so the inbox holds that many plus one wake-up and
 * the end; a peer that sends more than was asked for fails the stream instead of growing a queue.
 *
 * @param <Q> what the edge sends on the stream
 * @param <A> what the hub answers
 */
final class StreamInbox<Q, A> implements ClientResponseObserver<Q, A> {
  /** What {@link #poll} found. */
  enum Kind { ANSWER, READY, COMPLETED, TIMED_OUT }

  /** One event of the stream: an answer (with {@code answer} set), a wake-up, the end, or nothing in time. */
  record Event<A>(Kind kind, A answer) {}

  private static final Event<?> READY = new Event<>(Kind.READY, null);
  private static final Event<?> COMPLETED = new Event<>(Kind.COMPLETED, null);
  private static final Event<?> TIMED_OUT = new Event<>(Kind.TIMED_OUT, null);

  private final BlockingQueue<Object> queue;
  private final boolean wakeOnReady;
  private final Consumer<ClientCallStreamObserver<Q>> onStart;
  private final AtomicBoolean readyPosted = new AtomicBoolean();
  private volatile boolean overflowed;
  private volatile ClientCallStreamObserver<Q> call;

  /**
   * @param inFlight the most answers the caller's flow control lets arrive before it polls them
   * @param wakeOnReady whether the request side turning ready posts a {@link Kind#READY} wake-up
   * @param onStart sets the call up before it starts (its flow control)
   */
  StreamInbox(int inFlight, boolean wakeOnReady, Consumer<ClientCallStreamObserver<Q>> onStart) {
    this.queue = new ArrayBlockingQueue<>(inFlight + 2);
    this.wakeOnReady = wakeOnReady;
    this.onStart = onStart;
  }

  /** The call, once the stub started it. */
  ClientCallStreamObserver<Q> call() {
    return call;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<Q> stream) {
    call = stream;
    if (wakeOnReady) {
      stream.setOnReadyHandler(() -> {
        // One pending wake-up is enough: the sync thread checks isReady() after taking it.
        if (readyPosted.compareAndSet(false, true)) {
          post(READY);
        }
      });
    }
    onStart.accept(stream);
  }

  @Override
  public void onNext(A answer) {
    post(answer);
  }

  @Override
  public void onError(Throwable t) {
    post(t);
  }

  @Override
  public void onCompleted() {
    post(COMPLETED);
  }

  private void post(Object item) {
    if (!queue.offer(item)) {
      overflowed = true;
    }
  }

  /**
   * Waits up to {@code timeoutMillis} for the next event. Throws the stream's error as an {@link OutpostException}
   * (mapped by {@link StatusMapping}).
   */
  @SuppressWarnings("unchecked")
  Event<A> poll(long timeoutMillis) throws InterruptedException {
    if (overflowed) {
      throw new OutpostException(ErrorCode.INTERNAL_ERROR, "the hub sent more on the stream than the edge asked for");
    }
    Object item = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    if (item == null) {
      return (Event<A>) TIMED_OUT;
    }
    if (item == READY) {
      readyPosted.set(false);
      return (Event<A>) READY;
    }
    if (item == COMPLETED) {
      return (Event<A>) COMPLETED;
    }
    if (item instanceof Throwable t) {
      throw StatusMapping.from(t);
    }
    return new Event<>(Kind.ANSWER, (A) item);
  }

  /**
   * Cancels the call the sync thread gives up on ({@code what}: "pull" or "push") and says what to throw: an
   * interrupt, with the thread's flag kept, as INTERNAL_ERROR; any other failure as it is.
   */
  RuntimeException abandon(Exception e, String what) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      call.cancel("interrupted", e);
      return new OutpostException(ErrorCode.INTERNAL_ERROR, what + " interrupted", e);
    }
    call.cancel(what + " failed", e);
    return (RuntimeException) e;
  }
}
