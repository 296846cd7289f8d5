package outpost.hub.auth;

import static org.junit.jupiter.api.Assertions.*;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.hub.ingest.TestHub;
import outpost.proto.v1.HelloRequest;
import outpost.proto.v1.PullRequest;

/**
 * A real hub on port 0 attacked from the address its real site also uses (loopback: one NAT, one load
 * balancer): wrong tokens for the real site id and made-up site ids, from several threads at once.
 */
class AuthUnderAttackTest {
  @TempDir
  Path dir;
  TestHub hub;
  ManagedChannel channel;
  String token;
  final AtomicBoolean attacking = new AtomicBoolean();
  final AtomicLong attempts = new AtomicLong();
  final List<Thread> attackers = new ArrayList<>();
  final ConcurrentHashMap<Status.Code, AtomicLong> attackAnswers = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    hub = TestHub.start(dir, new JsonObject());
    channel = hub.channel();
    token = hub.addSite("clinic-a");
  }

  @AfterEach
  void stop() throws Exception {
    attacking.set(false);
    for (Thread t : attackers) {
      t.join(30_000);
    }
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    hub.close();
  }

  /** One sync as an edge makes it: hello, then a pull, each call authenticated. */
  private void syncOnce(String site, String siteToken) {
    TestHub.blocking(channel, TestHub.credentials(site, siteToken, 1)).hello(HelloRequest.getDefaultInstance());
    TestHub.blocking(channel, TestHub.credentials(site, siteToken, 1))
        .pull(PullRequest.newBuilder().setCursor(0).setSyncId("s-" + System.nanoTime()).build())
        .forEachRemaining(batch -> { });
  }

  /** Threads that call with a wrong token for {@code site} (or a made-up site id when null) until stopped. */
  private void attack(int threads, String site) {
    attacking.set(true);
    for (int i = 0; i < threads; i++) {
      ManagedChannel own = hub.channel();
      Thread t = new Thread(() -> {
        try {
          while (attacking.get()) {
            String id = site != null ? site : "made-up-" + attempts.get();
            attempts.incrementAndGet();
            try {
              TestHub.blocking(own, TestHub.credentials(id, SiteTokens.newToken(), 1))
                  .hello(HelloRequest.getDefaultInstance());
              fail("a made-up token got in");
            } catch (StatusRuntimeException e) {
              attackAnswers.computeIfAbsent(e.getStatus().getCode(), c -> new AtomicLong()).incrementAndGet();
            }
          }
        } finally {
          own.shutdownNow();
        }
      }, "attacker-" + i);
      t.start();
      attackers.add(t);
    }
  }

  private void awaitAttempts(long atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (attempts.get() < atLeast) {
      assertTrue(System.nanoTime() < deadline, "the attack did not get going");
      Thread.sleep(10);
    }
  }

  @Test
  void theRealSiteKeepsSyncingWhileWrongTokensAndMadeUpSitesFloodFromItsAddress() throws Exception {
    syncOnce("clinic-a", token);
    attack(3, "clinic-a");
    attack(2, null);
    awaitAttempts(200);
    int runs = 30;
    for (int i = 0; i < runs; i++) {
      try {
        syncOnce("clinic-a", token);
      } catch (StatusRuntimeException e) {
        fail("run " + (i + 1) + " of " + runs + " of the real site failed during the attack: " + e.getStatus());
      }
    }
    long seen = attempts.get();
    assertTrue(seen > 300, "the attack ran alongside: " + seen + " attempts");
    // The attacker learnt nothing it could use: every answer was a refusal.
    assertTrue(attackAnswers.keySet().stream().allMatch(c -> c == Status.Code.UNAUTHENTICATED
        || c == Status.Code.UNAVAILABLE), attackAnswers.toString());
  }

  @Test
  void bruteForceGetsNoMoreBcryptWorkThanTheBudget() throws Exception {
    SiteAuthenticator auth = hub.server.authenticator();
    RateBudget budget = SiteAuthenticator.standardBcryptBudget();
    syncOnce("clinic-a", token); // a site verified once is never subject to the budget again
    long verifiedBefore = auth.bcryptVerifications();
    long nanosBefore = auth.bcryptNanos();
    long start = System.nanoTime();
    int threads = 8;
    attack(threads, "clinic-a");
    awaitAttempts(3_000);
    long verified = auth.bcryptVerifications() - verifiedBefore;
    long spentNanos = auth.bcryptNanos() - nanosBefore;
    double seconds = (System.nanoTime() - start) / 1e9;
    attacking.set(false);
    // What the budget allows: its burst, its rate over the attack, and the checks already running when it
    // ran dry (each reserved only an estimate of its cost).
    double perCheck = verified == 0 ? 0 : (double) spentNanos / verified;
    double bound = budget.globalBurst() + budget.globalRate() * seconds + threads * perCheck * 2;
    assertTrue(spentNanos <= bound, String.format("%d bcrypt checks took %.2f s of bcrypt in %.1f s; the budget"
        + " allows %.2f s", verified, spentNanos / 1e9, seconds, bound / 1e9));
    assertTrue(attempts.get() >= 5 * verified, "most attempts cost no bcrypt: " + attempts.get() + " attempts, "
        + verified + " verified");
    // Refusals for lack of budget are UNAVAILABLE, which says nothing about the token guessed.
    assertTrue(attackAnswers.getOrDefault(Status.Code.UNAVAILABLE, new AtomicLong()).get() > 0, attackAnswers.toString());
    syncOnce("clinic-a", token);
  }
}
