package outpost.system.protocol;

/** The seed of a randomised test: {@code -Doutpost.seed=N} replays a run; the seed is always printed. */
final class Seeds {
  private Seeds() {}

  static long seed(String test) {
    Long given = Long.getLong("outpost.seed");
    long seed = given != null ? given : System.nanoTime() ^ Double.doubleToLongBits(Math.random());
    System.out.println(test + " seed=" + seed + " (replay with -Doutpost.seed=" + seed + ")");
    return seed;
  }
}
