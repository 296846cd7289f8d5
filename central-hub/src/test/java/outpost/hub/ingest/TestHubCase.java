package outpost.hub.ingest;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test class whose every test gets a fresh real hub ({@link TestHub}) in a temp folder. */
public abstract class TestHubCase {
  @TempDir
  protected Path dir;
  protected TestHub hub;

  /** The hub.json entries this class's hub starts with, beyond the defaults. */
  protected JsonObject config() {
    return new JsonObject();
  }

  @BeforeEach
  void startHub() throws Exception {
    hub = TestHub.start(dir, config());
  }

  @AfterEach
  void closeHub() throws Exception {
    hub.close();
  }
}
