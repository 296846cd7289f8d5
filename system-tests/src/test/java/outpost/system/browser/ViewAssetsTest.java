package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The edge and the hub serve the same shared script and styles: two copies, kept identical. */
class ViewAssetsTest {
  @Test
  void sharedScriptAndStylesAreTheSameInBothWebroots() throws IOException {
    for (String file : new String[] {"common.js", "app.css"}) {
      assertArrayEquals(read("webroot/edge/" + file), read("webroot/hub/" + file),
          file + " differs between edge-node and central-hub: copy one over the other");
    }
  }

  private static byte[] read(String resource) throws IOException {
    try (InputStream in = ViewAssetsTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(in, resource + " is not on the classpath");
      return in.readAllBytes();
    }
  }
}
