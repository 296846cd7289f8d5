package outpost.edge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Status;
import org.junit.jupiter.api.Test;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;

/** What a hub's transport failure reads as on the page: the code's sentence and the transport's words a person can use. */
class StatusMappingTest {
  @Test
  void aDeadlineReadsAsHowLongTheHubGaveNoAnswerWithoutTheChannelsInternals() {
    OutpostException e = StatusMapping.from(Status.DEADLINE_EXCEEDED.withDescription("CallOptions deadline exceeded"
        + " after 5.892946606s. Name resolution delay 0.039332980 seconds. [closed=[], open=[[connecting_and_lb_delay"
        + "=5899394629ns, was_still_waiting]]]").asRuntimeException());
    assertEquals(ErrorCode.TIMEOUT, e.code());
    assertEquals("The hub stopped answering (no answer for 6 s)", e.getMessage());
  }

  @Test
  void aConnectionFailureKeepsTheTransportsFirstSentenceOnly() {
    assertEquals("The hub could not be reached (io exception)", StatusMapping.from(Status.UNAVAILABLE
        .withDescription("io exception").asRuntimeException()).getMessage());
    assertEquals("The hub could not be reached (Connection refused)", StatusMapping.from(Status.UNAVAILABLE
        .withDescription("Connection refused. Details follow [a=b]").asRuntimeException()).getMessage());
  }
}
