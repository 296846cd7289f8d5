package outpost.common.mvstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;

/**
 * Opens a node's MVStore file with the settings its store chose, and refuses clearly what it must not use: a file
 * another process (or another store in this one) holds, and a file of a layout this version does not read. The
 * refused file is released untouched.
 */
public final class StoreFile {
  /** The map that holds the layout marker; it keeps MVStore's default types so that any layout's marker reads. */
  public static final String META = "meta";

  private StoreFile() {}

  /**
   * One kind of store file.
   *
   * @param name what messages call it ("edge data", "hub data")
   * @param key the key of the layout marker in {@link #META}
   * @param version the layout this version reads and marks new files with
   * @param unmarked the layout of a file that holds maps but no marker (written before markers), or null to read
   *     such a file as {@code version}
   * @param advice what to do with a file of another layout, appended to the refusal
   * @param upgrades the layout before {@code version} that the store brings up to date when it opens such a file
   *     (it is marked {@code version} then), or null when every other layout is refused
   */
  public record Layout(String name, String key, String version, String unmarked, String advice, String upgrades) {
    /** A layout that refuses every other. */
    public Layout(String name, String key, String version, String unmarked, String advice) {
      this(name, key, version, unmarked, advice, null);
    }
  }

  /** Thrown when another holder has the file locked: callers that can go another way (an admin API) test for it. */
  public static final class LockedException extends OutpostException {
    private static final long serialVersionUID = 1L;

    LockedException(String message, Throwable cause) {
      super(ErrorCode.INTERNAL_ERROR, message, cause);
    }
  }

  /**
   * Creates the file's folder, opens {@code file} with {@code settings} and checks its layout (marking a new
   * file); fails with {@link LockedException} when it is held, or with INTERNAL_ERROR naming the problem.
   */
  public static MVStore open(Path file, MVStore.Builder settings, Layout layout) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new OutpostException(ErrorCode.INTERNAL_ERROR, "cannot create " + layout.name() + " dir " + dir + ": "
          + e, e);
    }
    MVStore store;
    try {
      store = settings.fileName(file.toString()).open();
    } catch (MVStoreException e) {
      if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
        throw new LockedException(layout.name() + " dir " + file.getParent() + " is in use by another process", e);
      }
      throw new OutpostException(ErrorCode.INTERNAL_ERROR, "cannot open " + layout.name() + " file " + file + ": "
          + e.getMessage(), e);
    }
    try {
      checkLayout(store, layout, file);
      return store;
    } catch (RuntimeException e) {
      store.closeImmediately();
      throw e;
    }
  }

  private static void checkLayout(MVStore store, Layout layout, Path file) {
    boolean holdsMaps = store.getMapNames().stream().anyMatch(name -> !name.equals(META));
    MVMap<String, String> meta = store.openMap(META);
    String found = meta.get(layout.key());
    if (found == null && holdsMaps && layout.unmarked() != null) {
      found = layout.unmarked();
    }
    if (found == null || found.equals(layout.upgrades())) {
      meta.put(layout.key(), layout.version());
    } else if (!found.equals(layout.version())) {
      throw new OutpostException(ErrorCode.INTERNAL_ERROR, layout.name() + " file " + file + " has layout " + found
          + " but this version reads layout " + layout.version() + "; " + layout.advice());
    }
  }
}
