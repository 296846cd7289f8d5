package outpost.common;

/**
 * The range of a change's origin sequence number, the exactly-once key of a site's change (with the site id).
 * A hub accepts 1..{@link #MAX} and an edge never hands out more. The ceiling keeps every number exact where
 * JSON readers use doubles (2^53 − 1 is JavaScript's largest safe integer) and leaves an edge's renumbering
 * far from {@code long} overflow: a site writing a million changes a second would need 285 years to reach it.
 * See docs/protocol.md.
 */
public final class OriginSeq {
  /** The highest origin sequence number a hub accepts: 2^53 − 1. */
  public static final long MAX = (1L << 53) - 1;

  private OriginSeq() {}

  /** Whether {@code seq} is one a site may send. */
  public static boolean valid(long seq) {
    return seq >= 1 && seq <= MAX;
  }
}
