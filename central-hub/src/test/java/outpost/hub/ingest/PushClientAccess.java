package outpost.hub.ingest;

import io.vertx.core.json.JsonObject;
import java.util.List;
import outpost.proto.v1.SyncGrpc;

/** Lets tests in other packages push one note and read its result status. */
public final class PushClientAccess {
  private PushClientAccess() {}

  public static String push(SyncGrpc.SyncStub stub, long seq, String id, JsonObject data) throws Exception {
    return PushClient.push(stub, List.of(List.of(PushClient.put(seq, "notes", id, data))))
        .get(0).getResults(0).getStatus().name();
  }
}
