package outpost.common.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrorTextTest {
  @Test
  void aMessageThatRepeatsItsCodeShowsTheCodeOnce() {
    assertEquals("AUTH_ERROR: Site 'clinic-c' is disabled. " + ErrorCode.AUTH_ERROR.hint(),
        ErrorText.of("AUTH_ERROR", "AUTH_ERROR: site 'clinic-c' is disabled", null));
  }

  @Test
  void aBareTransportMessageBecomesASentenceWithTheCodesHint() {
    assertEquals("CONNECTION_ERROR: Io exception. " + ErrorCode.CONNECTION_ERROR.hint(),
        ErrorText.of("CONNECTION_ERROR", "io exception", ""));
    assertEquals("TIMEOUT: " + ErrorCode.TIMEOUT.message() + " " + ErrorCode.TIMEOUT.hint(),
        ErrorText.of("TIMEOUT", null, null));
  }

  @Test
  void permanentRefusalsAreNotRetryable() {
    assertFalse(FailedChange.retryable(ErrorCode.PERMISSION_DENIED));
    assertFalse(FailedChange.retryable(ErrorCode.STORE_DAMAGED));
    assertTrue(FailedChange.retryable(ErrorCode.ORIGIN_REUSED));
    assertTrue(FailedChange.retryable("NOT_SUPPORTED"));
  }
}
