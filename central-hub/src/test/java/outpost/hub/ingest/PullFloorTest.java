package outpost.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.ManagedChannel;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.hub.server.Stores;
import outpost.hub.store.HubStore;
import outpost.proto.v1.PullBatch;
import outpost.proto.v1.PullRequest;

/**
 * A pull asks the store for its floor only when pulls read from a replica: without one, the first page is the
 * call's first store call (a slow store would otherwise cost every pull one more wait before it sends anything).
 */
class PullFloorTest {
  @TempDir
  Path dir;

  @Test
  void aPullWithoutReplicaNeverAsksForTheFloor() throws Exception {
    AtomicInteger floors = new AtomicInteger();
    assertEquals(3, pulledRecords(false, floors));
    assertEquals(0, floors.get(), "pullFloor calls without a replica");
  }

  @Test
  void aPullFromAReplicaAsksForTheFloorOnceBeforeItsFirstPage() throws Exception {
    AtomicInteger floors = new AtomicInteger();
    assertEquals(3, pulledRecords(true, floors));
    assertEquals(1, floors.get(), "pullFloor calls with a replica");
  }

  /** Pushes three records as one site, pulls them as another; answers how many the pull sent. */
  private int pulledRecords(boolean replica, AtomicInteger floors) throws Exception {
    TestHub hub = TestHub.start(dir, new JsonObject(),
        (vertx, config) -> counting(Stores.create(vertx, config), replica, floors));
    ManagedChannel channel = hub.channel();
    try {
      String tokenA = hub.addSite("clinic-a");
      String tokenB = hub.addSite("clinic-b");
      PushClient.push(TestHub.async(channel, "clinic-a", tokenA), List.of(List.of(
          PushClient.put(1, "notes", "n1", new JsonObject().put("text", "one")),
          PushClient.put(2, "notes", "n2", new JsonObject().put("text", "two")),
          PushClient.put(3, "notes", "n3", new JsonObject().put("text", "three")))));
      List<PullBatch> batches = new ArrayList<>();
      TestHub.blocking(channel, TestHub.credentials("clinic-b", tokenB, 1))
          .pull(PullRequest.newBuilder().setCursor(0).setBatchSize(2).setSyncId("s-floor").build())
          .forEachRemaining(batches::add);
      return batches.stream().mapToInt(PullBatch::getRecordsCount).sum();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      hub.close();
    }
  }

  /** The real store, counting pullFloor calls and saying whether it reads from a replica as told. */
  private static HubStore counting(HubStore store, boolean replica, AtomicInteger floors) {
    return (HubStore) Proxy.newProxyInstance(HubStore.class.getClassLoader(), new Class<?>[] {HubStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("pullsFromReplica")) {
            return replica;
          }
          if (method.getName().equals("pullFloor")) {
            floors.incrementAndGet();
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
