package outpost.edge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.proto.v1.PullBatch;
import outpost.proto.v1.PullRequest;
import outpost.proto.v1.PushAck;
import outpost.proto.v1.PushBatch;
import outpost.proto.v1.SyncGrpc;

/** The inbox between a real gRPC stream (a server on port 0) and the thread that drives it. */
class StreamInboxTest {
  private static final long WAIT_MS = 10_000;

  /** Pull: cursor 0 answers three batches then completes, 1 fails unauthenticated, 2 never answers. */
  private static final class FakeHub extends SyncGrpc.SyncImplBase {
    @Override
    public void pull(PullRequest request, StreamObserver<PullBatch> out) {
      if (request.getCursor() == 0) {
        for (int i = 1; i <= 3; i++) {
          out.onNext(PullBatch.newBuilder().setCursorAfter(i).setLast(i == 3).build());
        }
        out.onCompleted();
      } else if (request.getCursor() == 1) {
        out.onError(Status.UNAUTHENTICATED.withDescription("AUTH_ERROR: unknown site").asRuntimeException());
      }
    }

    /** Acks each batch with its number, completes when the edge half-closes. */
    @Override
    public StreamObserver<PushBatch> push(StreamObserver<PushAck> out) {
      return new StreamObserver<>() {
        @Override
        public void onNext(PushBatch batch) {
          out.onNext(PushAck.newBuilder().setBatchNo(batch.getBatchNo()).build());
        }

        @Override
        public void onError(Throwable t) {
          // the edge went away: nothing to answer
        }

        @Override
        public void onCompleted() {
          out.onCompleted();
        }
      };
    }
  }

  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new FakeHub()).build()
        .start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  private StreamInbox<PullRequest, PullBatch> pull(long cursor, int initial) {
    StreamInbox<PullRequest, PullBatch> inbox = new StreamInbox<>(initial, false,
        stream -> stream.disableAutoRequestWithInitial(initial));
    SyncGrpc.newStub(channel).pull(PullRequest.newBuilder().setCursor(cursor).build(), inbox);
    return inbox;
  }

  @Test
  void answersArriveInOrderAsRequestedThenTheEnd() throws Exception {
    StreamInbox<PullRequest, PullBatch> inbox = pull(0, 1);
    List<Long> cursors = new ArrayList<>();
    while (true) {
      StreamInbox.Event<PullBatch> event = inbox.poll(WAIT_MS);
      if (event.kind() == StreamInbox.Kind.COMPLETED) {
        break;
      }
      assertEquals(StreamInbox.Kind.ANSWER, event.kind());
      cursors.add(event.answer().getCursorAfter());
      inbox.call().request(1);
    }
    assertEquals(List.of(1L, 2L, 3L), cursors);
  }

  @Test
  void aStreamErrorIsRethrownWithItsCode() {
    StreamInbox<PullRequest, PullBatch> inbox = pull(1, 1);
    OutpostException e = assertThrows(OutpostException.class, () -> inbox.poll(WAIT_MS));
    assertEquals(ErrorCode.AUTH_ERROR, e.code());
    assertEquals("unknown site", e.getMessage());
  }

  @Test
  void aStreamThatSendsNothingTimesOut() throws Exception {
    StreamInbox<PullRequest, PullBatch> inbox = pull(2, 1);
    assertEquals(StreamInbox.Kind.TIMED_OUT, inbox.poll(200).kind());
    inbox.call().cancel("test over", null);
  }

  @Test
  void theRequestSideTurningReadyWakesTheThreadAndAcksFollow() throws Exception {
    StreamInbox<PushBatch, PushAck> inbox = new StreamInbox<>(2, true, stream -> { });
    SyncGrpc.newStub(channel).push(inbox);
    StreamInbox.Event<PushAck> event = inbox.poll(WAIT_MS);
    assertEquals(StreamInbox.Kind.READY, event.kind(), "a new call turns ready");
    inbox.call().onNext(PushBatch.newBuilder().setBatchNo(1).build());
    inbox.call().onNext(PushBatch.newBuilder().setBatchNo(2).build());
    inbox.call().onCompleted();
    List<Long> acked = new ArrayList<>();
    while (true) {
      event = inbox.poll(WAIT_MS);
      if (event.kind() == StreamInbox.Kind.COMPLETED) {
        break;
      }
      if (event.kind() == StreamInbox.Kind.ANSWER) {
        acked.add(event.answer().getBatchNo());
      } else {
        assertEquals(StreamInbox.Kind.READY, event.kind());
      }
    }
    assertEquals(List.of(1L, 2L), acked);
  }

  @Test
  void aPeerThatSendsMoreThanAskedForFailsTheStreamInsteadOfGrowingTheInbox() throws Exception {
    StreamInbox<PullRequest, PullBatch> inbox = new StreamInbox<>(1, false, stream -> { });
    // Capacity: the one batch asked for, a wake-up and the end; a fourth item has no room.
    for (int i = 0; i < 4; i++) {
      inbox.onNext(PullBatch.newBuilder().setCursorAfter(i).build());
    }
    OutpostException e = assertThrows(OutpostException.class, () -> inbox.poll(WAIT_MS));
    assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
  }

  @Test
  void anInterruptedThreadCancelsTheCallKeepsItsFlagAndFailsAsAnInternalError() {
    StreamInbox<PullRequest, PullBatch> inbox = pull(2, 1);
    RuntimeException e = inbox.abandon(new InterruptedException(), "pull");
    assertTrue(Thread.interrupted(), "the interrupt stays visible to the caller");
    assertEquals(ErrorCode.INTERNAL_ERROR, ((OutpostException) e).code());
    assertEquals("pull interrupted", e.getMessage());
    // The cancel ends the call: its end reaches the inbox instead of nothing until the idle timeout.
    assertThrows(OutpostException.class, () -> inbox.poll(WAIT_MS));
  }

  @Test
  void anyOtherFailureCancelsTheCallAndIsThrownAsItIs() {
    StreamInbox<PullRequest, PullBatch> inbox = pull(2, 1);
    IllegalStateException failure = new IllegalStateException("apply failed");
    assertSame(failure, inbox.abandon(failure, "pull"));
    assertFalse(Thread.currentThread().isInterrupted());
    assertThrows(OutpostException.class, () -> inbox.poll(WAIT_MS));
  }
}
