package outpost.hub.auth;

import static org.junit.jupiter.api.Assertions.*;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.hub.ingest.TestHub;
import outpost.hub.server.Stores;
import outpost.hub.store.SiteRecord;

/**
 * A site the hub has not cached yet (added by the CLI or another replica a moment ago) calls while the
 * store cannot answer: the edge must hear "retry later" (UNAVAILABLE), never "your credentials are wrong".
 */
class StoreTroubleAuthTest {
  @TempDir
  Path dir;
  TestHub hub;
  ManagedChannel channel;
  final AtomicReference<TroubledStore> store = new AtomicReference<>();
  String lateToken;

  @BeforeEach
  void start() throws Exception {
    hub = TestHub.start(dir, new JsonObject(), (vertx, config) -> {
      TroubledStore troubled = new TroubledStore(Stores.create(vertx, config));
      store.set(troubled);
      return troubled;
    });
    channel = hub.channel();
    // Reads fail from now on, so the periodic refresh cannot bring the late site into the snapshot.
    store.get().trouble = TroubledStore.Trouble.FAILING;
    lateToken = SiteTokens.newToken();
    hub.server.store().addSite(SiteRecord.create("clinic-late", SiteTokens.hash(lateToken), 1L))
        .await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    store.get().trouble = TroubledStore.Trouble.NONE;
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    hub.close();
  }

  private Status.Code hello(String site, String token) {
    return TestHub.hello(channel, site, token);
  }


  @Test
  void aFailingStoreIsUnavailableAndNeverCountsAsAnAuthFailure() {
    for (int i = 0; i < 8; i++) {
      assertEquals(Status.Code.UNAVAILABLE, hello("clinic-late", lateToken), "attempt " + (i + 1));
    }
    store.get().trouble = TroubledStore.Trouble.NONE;
    assertEquals(Status.Code.OK, hello("clinic-late", lateToken), "the failures were not held against the site");
  }

  @Test
  void aHangingStoreIsUnavailableWithinTheLookupTimeout() {
    store.get().trouble = TroubledStore.Trouble.HANGING;
    long start = System.nanoTime();
    assertEquals(Status.Code.UNAVAILABLE, hello("clinic-late", lateToken));
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15), "answered without waiting for ever");
    store.get().trouble = TroubledStore.Trouble.NONE;
    assertEquals(Status.Code.OK, hello("clinic-late", lateToken));
  }

  @Test
  void anUnknownSiteIsStillAnAuthErrorOnceTheStoreAnswers() {
    store.get().trouble = TroubledStore.Trouble.NONE;
    assertEquals(Status.Code.UNAUTHENTICATED, hello("clinic-nobody", lateToken));
  }
}
