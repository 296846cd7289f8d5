package outpost.common.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP status of every code, as docs/operations.md ("Error codes") documents it for both nodes. */
class ErrorCodeStatusTest {
  @Test
  void everyCodeHasTheDocumentedStatus() {
    Map<ErrorCode, Integer> documented = new EnumMap<>(ErrorCode.class);
    documented.put(ErrorCode.CONNECTION_ERROR, 503);
    documented.put(ErrorCode.AUTH_ERROR, 401);
    documented.put(ErrorCode.PERMISSION_DENIED, 403);
    documented.put(ErrorCode.VERSION_INCOMPATIBLE, 500);
    documented.put(ErrorCode.TIMEOUT, 503);
    documented.put(ErrorCode.REJECTED, 400);
    documented.put(ErrorCode.CONFLICT, 409);
    documented.put(ErrorCode.INTEGRATION_ERROR, 500);
    documented.put(ErrorCode.NOT_SUPPORTED, 404);
    documented.put(ErrorCode.INTERNAL_ERROR, 500);
    documented.put(ErrorCode.BAD_REQUEST, 400);
    documented.put(ErrorCode.NOT_FOUND, 404);
    documented.put(ErrorCode.ALREADY_RESOLVED, 409);
    documented.put(ErrorCode.PAYLOAD_TOO_LARGE, 413);
    documented.put(ErrorCode.STORE_DAMAGED, 500);
    documented.put(ErrorCode.ORIGIN_REUSED, 500);
    assertEquals(ErrorCode.values().length, documented.size(), "a new code needs its documented status here");
    for (ErrorCode code : ErrorCode.values()) {
      assertEquals(documented.get(code), code.httpStatus(), code.name());
    }
  }
}
