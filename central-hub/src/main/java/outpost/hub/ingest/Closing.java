package outpost.hub.ingest;

import io.grpc.stub.ServerCallStreamObserver;

/** Ends a server call normally once its run is on record. */
final class Closing {
  private Closing() {}

  /** An edge that cancelled the call meanwhile has gone: there is nobody to tell, and nothing to undo. */
  static void complete(ServerCallStreamObserver<?> out) {
    if (out.isCancelled()) {
      return;
    }
    try {
      out.onCompleted();
    } catch (IllegalStateException | io.grpc.StatusRuntimeException e) {
      // cancelled between the check and the call: same as above
    }
  }
}
