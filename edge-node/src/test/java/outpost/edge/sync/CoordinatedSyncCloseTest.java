package outpost.edge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import outpost.common.error.ErrorCode;
import outpost.edge.run.RunResult;
import outpost.edge.run.RunStatus;
import outpost.edge.schedule.ScheduleConfig;
import outpost.edge.schedule.VertxTimers;
import outpost.edge.store.EdgeStore;

/** Closing a node's sync side stops the running run: it never sits through the run's backoff. */
class CoordinatedSyncCloseTest {
  @TempDir
  Path dir;

  @Test
  void closeDuringARunBackingOffAgainstARefusedPortReturnsWithinSeconds() throws Exception {
    HubTarget hub = BackoffFixture.refusedHub();
    Vertx vertx = Vertx.vertx();
    try (EdgeStore store = BackoffFixture.store(vertx, dir)) {
      SyncEngine engine = new SyncEngine(store, "site-a", List.of(hub), new JsonObject(), HubLink.PROTOCOL_VERSION,
          BackoffFixture.LONG_BACKOFF_MILLIS);
      CoordinatedSync sync = new CoordinatedSync(engine, ScheduleConfig.DEFAULT,
          new VertxTimers(vertx.getOrCreateContext()));
      String startup = sync.startScheduling().await(10, TimeUnit.SECONDS);
      BackoffFixture.waitFor(() -> Thread.getAllStackTraces().keySet().stream()
          .anyMatch(t -> t.getName().equals("outpost-sync") && BackoffFixture.inBackoff(t)), Duration.ofSeconds(30),
          "the start-up run backs off after a refused connection");

      long closeAt = System.nanoTime();
      sync.close();
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeAt);
      assertTrue(tookMillis < 5_000, "closing took " + tookMillis + " ms");

      List<RunResult> runs = sync.runs(SyncApi.RunQuery.latest(null, 10)).await(10, TimeUnit.SECONDS);
      assertEquals(List.of(startup), runs.stream().map(RunResult::id).toList(), "no retry after the close");
      RunResult run = runs.get(0);
      assertEquals(RunStatus.FAILED, run.status());
      assertEquals(ErrorCode.CONNECTION_ERROR, run.hubs().get(0).error().code(), "it ends on the error it had");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** A node stops on a Vert.x worker thread (EdgeNode.stop), where Vert.x refuses Future.await. */
  @Test
  void closeOnAVertxWorkerThreadWaitsForTheCoordinatorWithoutAWarning() throws Exception {
    HubTarget hub = BackoffFixture.refusedHub();
    Vertx vertx = Vertx.vertx();
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger syncLog = (Logger) LoggerFactory.getLogger(CoordinatedSync.class);
    log.start();
    syncLog.addAppender(log);
    try (EdgeStore store = BackoffFixture.store(vertx, dir)) {
      SyncEngine engine = new SyncEngine(store, "site-a", List.of(hub), new JsonObject(), HubLink.PROTOCOL_VERSION,
          BackoffFixture.LONG_BACKOFF_MILLIS);
      CoordinatedSync sync = new CoordinatedSync(engine, ScheduleConfig.DEFAULT,
          new VertxTimers(vertx.getOrCreateContext()));
      sync.startScheduling().await(10, TimeUnit.SECONDS);
      BackoffFixture.waitFor(() -> Thread.getAllStackTraces().keySet().stream()
          .anyMatch(t -> t.getName().equals("outpost-sync") && BackoffFixture.inBackoff(t)), Duration.ofSeconds(30),
          "the start-up run backs off after a refused connection");

      vertx.executeBlocking(() -> {
        sync.close();
        return null;
      }).await(10, TimeUnit.SECONDS);
      assertEquals(List.of(), log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
          .map(ILoggingEvent::getFormattedMessage).toList(), "closing on a worker thread warned");
    } finally {
      syncLog.detachAppender(log);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
