package outpost.system.fault;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Faults that stand for the defects of issue 18, each behind a switch (a system property, on by default now
 * that the engine refuses or survives them): {@code outpost.faults.badInput} (bodies and ids the input
 * grammar must refuse with a 4xx, sent to both nodes' REST APIs), {@code outpost.faults.storeSlow} (the
 * hub's store answers late for a while; in-JVM only) and {@code outpost.faults.clone} (a second device with a
 * site's copied data and token writes and syncs; in-JVM only, after the final check) and
 * {@code outpost.faults.hubResolution} (in the resolution phase, half the conflicts an edge is about to resolve
 * are first resolved on the hub's admin API with another choice: two people deciding one conflict differently).
 * {@code outpost.faults.menu=none} turns all of them off (to replay a seed as it ran before the menu), and
 * {@code outpost.faults.X=false} one of them.
 */
record FaultMenu(boolean badInput, boolean storeSlow, boolean clonedDevice, boolean hubResolution) {
  static final FaultMenu NONE = new FaultMenu(false, false, false, false);

  static FaultMenu fromProperties() {
    if ("none".equals(System.getProperty("outpost.faults.menu"))) {
      return NONE;
    }
    return new FaultMenu(on("outpost.faults.badInput"), on("outpost.faults.storeSlow"), on("outpost.faults.clone"),
        on("outpost.faults.hubResolution"));
  }

  private static boolean on(String property) {
    return !"false".equals(System.getProperty(property));
  }

  /** Whether any item may be chosen during the fault phase. */
  boolean duringFaults() {
    return badInput || storeSlow;
  }

  /** A body every JSON endpoint must refuse (docs/protocol.md, the input grammar). */
  record BadBody(String name, byte[] body) {
    BadBody(String name, String body) {
      this(name, body.getBytes(StandardCharsets.UTF_8));
    }
  }

  static final List<BadBody> BAD_BODIES = List.of(
      new BadBody("depth hidden by comments", "{\"a\":/*\"*/" + "[".repeat(999) + "]".repeat(999) + "/*\"*/}"),
      new BadBody("depth 999", "{\"a\":" + "[".repeat(999) + "]".repeat(999) + "}"),
      new BadBody("comment", "{\"a\":1 /* note */}"),
      new BadBody("exponent beyond the grammar's bound", "{\"a\":1e1001}"),
      new BadBody("lone surrogate", "{\"a\":\"\\ud800\"}"),
      new BadBody("invalid UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}),
      new BadBody("duplicate key", "{\"a\":1,\"a\":2}"),
      new BadBody("trailing garbage", "{\"a\":1} x"),
      new BadBody("not an object", "[1,2]"),
      new BadBody("empty body", ""));

  /** Record ids (URL path segments, already encoded) both nodes must refuse. */
  static final List<String> BAD_IDS = List.of("a%00b", "a%01b", "x".repeat(3000));
}
