package outpost.system;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import outpost.edge.run.RunJson;
import outpost.edge.schedule.RunRequest;
import outpost.edge.store.Conflicts;
import outpost.edge.store.Durability;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.LocalRecord;
import outpost.edge.sync.HubTarget;
import outpost.edge.sync.SyncEngine;
import outpost.system.fixture.Await;

/** A real edge for tests: the MVStore store in a temp folder and the real sync engine. */
public final class TestEdge implements AutoCloseable {
  public final String site;
  public final EdgeStore store;
  public final SyncEngine engine;
  public final Conflicts conflicts;

  public record Hub(String name, String address, String token, List<String> collections) {}

  public TestEdge(Vertx vertx, Path dir, String site, List<Hub> hubs, int protocol) {
    this.site = site;
    List<HubTarget> targets = new ArrayList<>();
    for (Hub h : hubs) {
      List<String> others = hubs.stream().filter(o -> o != h).flatMap(o -> o.collections().stream()).toList();
      targets.add(new HubTarget(h.name(), h.address(), h.token(), h.collections(), others, null,
          Duration.ofSeconds(20), 8 << 20));
    }
    this.store = EdgeStore.open(vertx, dir, site, Durability.COMMIT, c -> route(hubs, c), Clock.systemUTC());
    this.engine = new SyncEngine(store, site, targets, new JsonObject().put("site", site), protocol);
    this.conflicts = new Conflicts(store);
  }

  public TestEdge(Vertx vertx, Path dir, String site, String hubAddress, String token) {
    this(vertx, dir, site, List.of(new Hub("central", hubAddress, token, List.of())), 1);
  }

  private static String route(List<Hub> hubs, String collection) {
    for (Hub h : hubs) {
      if (h.collections().contains(collection)) {
        return h.name();
      }
    }
    return hubs.stream().filter(h -> h.collections().isEmpty()).map(Hub::name).findFirst().orElse(hubs.get(0).name());
  }

  public JsonObject sync() {
    return RunJson.toJson(Await.of(engine.run(RunRequest.manual())));
  }

  public void put(String collection, String id, JsonObject data) {
    Await.of(store.put(collection, id, data));
  }

  public Optional<LocalRecord> get(String collection, String id) {
    return Await.of(store.get(collection, id));
  }

  @Override
  public void close() {
    engine.close();
    store.close();
  }
}
