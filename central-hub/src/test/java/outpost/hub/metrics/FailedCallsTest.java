package outpost.hub.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** The code label of a failed call: an error code name, whatever the status description says. */
class FailedCallsTest {
  @Test
  void theCodeIsTakenFromTheDescriptionTheHubWrites() {
    assertEquals("AUTH_ERROR", FailedCalls.code(Status.UNAUTHENTICATED.withDescription("AUTH_ERROR: site 'x' ...")));
    assertEquals("VERSION_INCOMPATIBLE",
        FailedCalls.code(Status.FAILED_PRECONDITION.withDescription("VERSION_INCOMPATIBLE: hub speaks 1..1")));
    assertEquals("TIMEOUT", FailedCalls.code(Status.INTERNAL.withDescription("TIMEOUT: the store did not answer")));
  }

  @Test
  void aDescriptionThatIsNoErrorCodeCannotMakeANewLabelValue() {
    // Each distinct value is a new series: an arbitrary word in a description must not become one.
    assertEquals("INTERNAL_ERROR", FailedCalls.code(Status.INTERNAL.withDescription("SOMETHING_NEW: boom")));
    assertEquals("BAD_REQUEST", FailedCalls.code(Status.INVALID_ARGUMENT.withDescription("clinic-42: bad")));
    assertEquals("CONNECTION_ERROR", FailedCalls.code(Status.UNAVAILABLE));
    assertEquals("TIMEOUT", FailedCalls.code(Status.DEADLINE_EXCEEDED.withDescription(null)));
    assertEquals("INTERNAL_ERROR", FailedCalls.code(Status.UNKNOWN.withDescription("")));
  }
}
