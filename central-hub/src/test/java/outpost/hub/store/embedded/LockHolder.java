package outpost.hub.store.embedded;

import java.nio.file.Path;

/** A child process for the lock test: opens a hub data dir, says so, and holds it until stdin closes. */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    HubMaps maps = HubMaps.open(Path.of(args[0]));
    System.out.println("locked");
    System.out.flush();
    while (System.in.read() >= 0) {
      // hold the file until the parent closes our stdin (or kills us)
    }
    maps.store.close();
  }
}
