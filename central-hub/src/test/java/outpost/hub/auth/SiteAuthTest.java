package outpost.hub.auth;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SiteAuthTest {
  @Test
  void tokensAreRandomUrlSafeAndVerifyOnlyAgainstTheirOwnHash() {
    String token = SiteTokens.newToken();
    assertEquals(43, token.length());
    assertTrue(token.matches("[A-Za-z0-9_-]+"));
    assertNotEquals(token, SiteTokens.newToken());
    String hash = SiteTokens.hash(token);
    assertTrue(hash.startsWith("$2a$10$"), hash);
    assertTrue(SiteTokens.verify(token, hash));
    assertFalse(SiteTokens.verify(SiteTokens.newToken(), hash));
    assertFalse(SiteTokens.verify(token, "not-a-hash"));
    assertFalse(SiteTokens.verify(null, hash));
  }

  @Test
  void fiveFailuresWithinAMinuteBlockTheKeyForTheCooldown() {
    AtomicLong now = new AtomicLong(1_000_000);
    FailureThrottle throttle = new FailureThrottle(5, 60_000, 60_000, now::get);
    for (int i = 0; i < 4; i++) {
      throttle.failed("site:a");
      now.addAndGet(1_000);
    }
    assertFalse(throttle.blocked("site:a"));
    throttle.failed("site:a");
    assertTrue(throttle.blocked("site:a"));
    assertFalse(throttle.blocked("site:b"), "other keys are not affected");
    now.addAndGet(60_001);
    assertFalse(throttle.blocked("site:a"), "the cooldown ends");
  }

  @Test
  void failuresSpreadOverMoreThanTheWindowDoNotBlock() {
    AtomicLong now = new AtomicLong(0);
    FailureThrottle throttle = new FailureThrottle(5, 60_000, 60_000, now::get);
    for (int i = 0; i < 10; i++) {
      throttle.failed("peer:x");
      now.addAndGet(20_000);
    }
    assertFalse(throttle.blocked("peer:x"));
  }
}
