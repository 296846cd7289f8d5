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
  void aBudgetRefillsWithTimeAndOneKeyCannotSpendAnothersShare() {
    AtomicLong now = new AtomicLong(0);
    RateBudget budget = new RateBudget(4, 4, 1, 2, now::get);
    assertTrue(budget.take("peer:x"));
    assertTrue(budget.take("peer:x"));
    assertFalse(budget.take("peer:x"), "the key's burst is spent");
    assertTrue(budget.take("peer:y"), "another key still has its share");
    assertTrue(budget.take("peer:z"));
    assertFalse(budget.take("peer:w"), "the process-wide burst is spent");
    now.addAndGet(1_000_000_000L);
    assertTrue(budget.take("peer:x"), "a second later the key may work again");
    assertFalse(budget.take("peer:x"));
    now.addAndGet(3_600_000_000_000L);
    assertTrue(budget.take("peer:x"));
    assertTrue(budget.take("peer:x"));
    assertFalse(budget.take("peer:x"), "saving up never exceeds the burst");
  }

  @Test
  void aKeyRefusedOnlyForTheGlobalBudgetKeepsItsOwnShare() {
    AtomicLong now = new AtomicLong(0);
    RateBudget budget = new RateBudget(1, 1, 1, 1, now::get);
    assertTrue(budget.take("a"));
    assertFalse(budget.take("b"), "the process-wide budget is spent");
    now.addAndGet(1_000_000_000L);
    assertTrue(budget.take("b"), "b did no work before, so its own bucket is still full");
  }

  @Test
  void workThatCostMoreThanReservedIsOwedAndLessIsGivenBack() {
    AtomicLong now = new AtomicLong(0);
    RateBudget budget = new RateBudget(100, 300, 100, 300, now::get);
    assertTrue(budget.take(null, 100));
    budget.settle(null, 100, 400); // it took 400: the budget now owes 100
    assertFalse(budget.take(null, 1));
    now.addAndGet(1_000_000_000L);
    assertFalse(budget.take(null, 1), "a second pays back the debt, nothing more");
    now.addAndGet(1_000_000_000L);
    assertTrue(budget.take(null, 100));
    budget.settle(null, 100, 10);
    assertTrue(budget.take(null, 90), "what was not used comes back");
    assertFalse(budget.take(null, 1));
  }
}
