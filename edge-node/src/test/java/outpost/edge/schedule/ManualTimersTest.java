package outpost.edge.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualTimersTest {
  private static final Instant T0 = Instant.parse("2026-07-13T15:00:00Z");

  @Test
  void advanceFiresDueTasksInOrderWithTheClockAtTheirDueTime() {
    ManualTimers timers = new ManualTimers(T0);
    List<String> fired = new ArrayList<>();
    timers.schedule(Duration.ofSeconds(30), () -> fired.add("b@" + timers.now()));
    timers.schedule(Duration.ofSeconds(10), () -> fired.add("a@" + timers.now()));
    timers.schedule(Duration.ofSeconds(30), () -> fired.add("c@" + timers.now()));
    timers.schedule(Duration.ofSeconds(90), () -> fired.add("late"));
    timers.advance(Duration.ofMinutes(1));
    assertEquals(List.of("a@" + T0.plusSeconds(10), "b@" + T0.plusSeconds(30),
        "c@" + T0.plusSeconds(30)), fired);
    assertEquals(T0.plusSeconds(60), timers.now());
    assertEquals(T0.plusSeconds(90), timers.nextTaskAt());
  }

  @Test
  void tasksScheduledByTasksFireInTheSameAdvanceAndCancelledOnesNever() {
    ManualTimers timers = new ManualTimers(T0);
    List<Instant> fired = new ArrayList<>();
    Cancellable off = timers.schedule(Duration.ofSeconds(5), () -> fired.add(Instant.EPOCH));
    timers.schedule(Duration.ofSeconds(1), () -> {
      fired.add(timers.now());
      timers.schedule(Duration.ofSeconds(1), () -> fired.add(timers.now()));
    });
    off.cancel();
    off.cancel();
    timers.advance(Duration.ofSeconds(10));
    assertEquals(List.of(T0.plusSeconds(1), T0.plusSeconds(2)), fired);
    assertEquals(0, timers.pending());
    assertNull(timers.nextTaskAt());
  }
}
