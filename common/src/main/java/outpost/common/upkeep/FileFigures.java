package outpost.common.upkeep;

/**
 * The size and fill of a store file as MVStore reports them.
 *
 * @param size the file's length in bytes
 * @param fillRate the share (percent) of the file's blocks that chunks occupy; the rest is free space
 * @param chunksFillRate the share (percent) of the chunks' bytes that are still live
 */
public record FileFigures(long size, int fillRate, int chunksFillRate) {
  /** About how many bytes of the file are live data. */
  public long liveBytes() {
    return size * fillRate / 100 * chunksFillRate / 100;
  }

  /** "12.3 MiB": sizes as the upkeep logs them. */
  public static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
