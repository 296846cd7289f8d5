package outpost.edge.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Duration INITIAL = Duration.ofSeconds(5);
  private static final Duration MAX = Duration.ofMinutes(5);

  @Test
  void delayDoublesPerFailureUpToTheCap() {
    Backoff b = new Backoff(INITIAL, MAX, () -> 1.0);
    List<Long> seconds = new ArrayList<>();
    for (int n = 1; n <= 9; n++) {
      seconds.add(b.delay(n).toSeconds());
    }
    assertEquals(List.of(5L, 10L, 20L, 40L, 80L, 160L, 300L, 300L, 300L), seconds);
    assertEquals(MAX, b.delay(1_000_000));
  }

  @Test
  void jitterDrawsBetweenHalfAndAllOfTheCappedDelay() {
    assertEquals(Duration.ofMillis(2500), new Backoff(INITIAL, MAX, () -> 0.0).delay(1));
    assertEquals(Duration.ofSeconds(150), new Backoff(INITIAL, MAX, () -> 0.0).delay(12));
    assertEquals(Duration.ofMillis(3750), new Backoff(INITIAL, MAX, () -> 0.5).delay(1));
    long seed = 42;
    Random random = new Random(seed);
    Backoff b = new Backoff(INITIAL, MAX, random::nextDouble);
    for (int n = 1; n <= 20; n++) {
      Duration d = b.delay(n);
      Duration ceiling = b.ceiling(n);
      assertTrue(d.compareTo(ceiling.dividedBy(2)) >= 0 && d.compareTo(ceiling) <= 0,
          "seed " + seed + " failure " + n + ": " + d + " outside [" + ceiling.dividedBy(2) + ", "
              + ceiling + "]");
    }
  }
}
