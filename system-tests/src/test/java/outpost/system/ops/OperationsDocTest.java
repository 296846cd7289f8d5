package outpost.system.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import outpost.common.error.ErrorCode;
import outpost.hub.config.HubConfig;

/** docs/operations.md keeps up with the code: every error code and every hub environment variable is there. */
class OperationsDocTest {
  @Test
  void everyErrorCodeHasARowInTheErrorTable() throws IOException {
    String doc = Files.readString(Ops.repoRoot().resolve("docs/operations.md"));
    for (ErrorCode code : ErrorCode.values()) {
      assertTrue(doc.contains("\n| `" + code.name() + "`"), code + " is not in the error table of docs/operations.md");
    }
  }

  @Test
  void everyEnvironmentVariableIsDocumented() throws IOException {
    String doc = Files.readString(Ops.repoRoot().resolve("docs/operations.md"));
    for (String variable : HubConfig.ENV.keySet()) {
      assertTrue(doc.contains("`" + variable + "`"), variable);
    }
    for (String variable : new String[] {"OUTPOST_EDGE_SITE", "OUTPOST_EDGE_DATA", "OUTPOST_EDGE_HTTP_HOST",
        "OUTPOST_EDGE_HTTP_PORT", "OUTPOST_EDGE_TOKEN", "OUTPOST_EDGE_API_TOKEN", "OUTPOST_LOG_FORMAT",
        "OUTPOST_LOG_LEVEL"}) {
      assertTrue(doc.contains("`" + variable + "`"), variable);
    }
  }
}
