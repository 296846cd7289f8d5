package outpost.edge.sync;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import outpost.edge.EdgeNode;
import outpost.edge.config.EdgeConfig;
import outpost.edge.config.HubConfig;
import outpost.edge.schedule.VertxTimers;

/**
 * Builds a node's sync side from its config: the engine with one target per hub, driven by the
 * scheduler (triggers, coalescing, backoff), told of local writes, and reporting its next due time.
 */
public final class EngineFactory {
  private EngineFactory() {}

  /**
   * The factory {@link EdgeNode} takes; starts scheduling (and the start-up run) at once, and the node's start
   * fails if that does.
   */
  public static SyncApi create(EdgeNode node) {
    EdgeConfig config = node.config();
    SyncEngine engine = new SyncEngine(node.store(), config.site(), targets(config),
        config.toJson(true));
    CoordinatedSync sync = new CoordinatedSync(engine, node.schedule().current(),
        new VertxTimers(node.vertx().getOrCreateContext()));
    node.schedule().onChange(sync::reschedule);
    node.store().onLocalWrite(sync::localWrite);
    node.nextDue(() -> sync.schedule().nextDue());
    new SyncMetrics(node.meterRegistry(), sync);
    node.startsWith(sync.startScheduling());
    return sync;
  }

  static List<HubTarget> targets(EdgeConfig config) {
    List<HubTarget> targets = new ArrayList<>();
    for (HubConfig hub : config.hubs()) {
      List<String> others = config.hubs().stream().filter(h -> h != hub)
          .flatMap(h -> h.collections().stream()).toList();
      Path ca = hub.tls() == null || hub.tls().ca() == null ? null : Path.of(hub.tls().ca());
      targets.add(new HubTarget(hub.name(), hub.address(), hub.token(), hub.collections(), others, ca,
          config.idleTimeout(), config.maxMessageBytes()));
    }
    return targets;
  }
}
