package outpost.system.fault;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import outpost.edge.config.EdgeConfig;
import outpost.edge.embed.EmbeddedEdge;
import outpost.system.fixture.Await;
import outpost.system.fixture.FaultProxy;
import outpost.system.fixture.Http;

/**
 * An edge node in this JVM ({@link EmbeddedEdge}) on a free loopback port, reaching the hub through its
 * {@link FaultProxy}. A kill drops the store as a dead process would (nothing more reaches its files) and cuts
 * the link; the restart opens the same files, so it recovers what a restarted process would.
 */
final class InJvmEdge extends InJvmNode<EmbeddedEdge> implements EdgeRest {
  final String site;
  private final EdgeConfig config;
  private final FaultProxy link;

  InJvmEdge(Path data, String site, String token, FaultProxy link, JsonObject extra) {
    super(Http.as(null).timeout(Duration.ofSeconds(15)).lenient());
    this.site = site;
    this.link = link;
    EmbeddedEdge.Builder b = EmbeddedEdge.builder(site).dataDir(data).hub("central", link.address(), token);
    extra.forEach(e -> b.set(e.getKey(), e.getValue()));
    this.config = b.config();
  }

  @Override
  EmbeddedEdge open() {
    return Await.of(EmbeddedEdge.start(config));
  }

  @Override
  String urlOf(EmbeddedEdge node) {
    return node.url();
  }

  @Override
  void drop(EmbeddedEdge node) {
    node.node().store().abandon();
    link.cut();
  }

  @Override
  Future<Void> stop(EmbeddedEdge node) {
    return node.stop();
  }

  @Override
  public long pollMillis() {
    return 10;
  }
}
