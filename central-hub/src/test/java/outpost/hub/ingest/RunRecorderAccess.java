package outpost.hub.ingest;

import io.vertx.core.Future;
import java.util.function.Function;
import outpost.hub.store.HubRun;
import outpost.hub.store.HubStore;

/** Lets store tests record run parts as the hub's calls do, through the real {@link RunRecorder}. */
public final class RunRecorderAccess {
  private RunRecorderAccess() {}

  /** A hub replica's recorder over this store: each call files one part of a run. */
  public static Function<HubRun, Future<Void>> recorder(HubStore store) {
    RunRecorder recorder = new RunRecorder(store);
    return part -> recorder.record(part, null);
  }
}
