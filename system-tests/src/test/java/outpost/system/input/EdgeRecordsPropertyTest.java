package outpost.system.input;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import outpost.common.RecordKey;
import outpost.common.json.StrictJson;
import outpost.edge.EdgeNode;
import outpost.edge.config.EdgeConfig;

/**
 * Arbitrary requests to every records endpoint of a real edge node (MVStore file in a temp folder, HTTP on
 * port 0): no answer is a 5xx or missing, each refusal carries a code, and after each request the record it
 * named and its collection's listing hold exactly what the node acknowledged.
 */
class EdgeRecordsPropertyTest {
  static Path dir;
  static EdgeNode node;
  static final AcknowledgedRecords MODEL = new AcknowledgedRecords();
  static final Map<String, String> HEADERS = Map.of();

  @BeforeContainer
  static void start() throws IOException {
    dir = Files.createTempDirectory("edge-input-property");
    // Two hubs, one routed by name and one taking the rest: every valid collection name is writable.
    JsonArray hubs = new JsonArray()
        .add(new JsonObject().put("name", "central").put("address", "127.0.0.1:1").put("token", "t1")
            .put("collections", new JsonArray().add("patients").add("items")))
        .add(new JsonObject().put("name", "other").put("address", "127.0.0.1:2").put("token", "t2"));
    node = new EdgeNode(EdgeConfig.fromJson(new JsonObject().put("site", "clinic-p").put("httpPort", 0)
        .put("data", dir.resolve("edge").toString()).put("hubs", hubs)), null);
    node.start().await();
  }

  @AfterContainer
  static void stop() throws IOException {
    if (node != null) {
      node.stop().await();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Property(tries = 300)
  void everyRequestIsAnsweredWithoutA5xxAndTheStoreHoldsWhatWasAcknowledged(@ForAll("requests") RawRequest request) {
    RawRequest.Answer answer = request.send(node.httpPort());
    AcknowledgedRecords.assertAnsweredWithACode(request, answer);
    RecordKey key = RecordPaths.key(request.path());
    boolean ok = answer.status() / 100 == 2;
    if (ok && request.method().equals("PUT")) {
      JsonObject written = answer.json();
      key = new RecordKey(written.getString("collection"), written.getString("id"));
      MODEL.written(key, StrictJson.object(request.body()));
    } else if (ok && request.method().equals("DELETE")) {
      MODEL.deleted(key);
    } else if (ok && request.method().equals("POST") && request.path().startsWith(RecordPaths.PREFIX)) {
      String collection = RecordPaths.decode(request.path().substring(RecordPaths.PREFIX.length()));
      JsonArray items = StrictJson.object(request.body()).getJsonArray("items");
      for (int i = 0; i < items.size(); i++) {
        key = new RecordKey(collection, items.getJsonObject(i).getString("id"));
        MODEL.written(key, items.getJsonObject(i).getJsonObject("data"));
      }
    }
    if (key != null) {
      MODEL.assertNodeHolds(key, node.httpPort(), HEADERS);
    }
  }

  @Provide
  Arbitrary<RawRequest> requests() {
    Arbitrary<String> one = Combinators.combine(RecordPaths.collections(), RecordPaths.ids())
        .as((c, id) -> RecordPaths.PREFIX + c + "/" + id);
    Arbitrary<String> many = RecordPaths.collections().map(c -> RecordPaths.PREFIX + c);
    Arbitrary<String> query = Arbitraries.of("", "?limit=2", "?limit=0", "?limit=-1", "?limit=x", "?after=%zz",
        "?after=a&limit=1", "?limit=99999999999");
    Arbitrary<RawRequest> put = Combinators.combine(one, JsonTexts.bodies(JsonTexts.records()))
        .as((p, b) -> new RawRequest("PUT", p, b, HEADERS));
    Arbitrary<RawRequest> readOrDelete = Combinators.combine(Arbitraries.of("GET", "DELETE"), one)
        .as((m, p) -> new RawRequest(m, p, null, HEADERS));
    Arbitrary<RawRequest> list = Combinators.combine(many, query).as((p, q) -> new RawRequest("GET", p + q, null, HEADERS));
    Arbitrary<RawRequest> bulk = Combinators.combine(many, JsonTexts.bodies(bulkBodies()))
        .as((p, b) -> new RawRequest("POST", p, b, HEADERS));
    return Arbitraries.frequencyOf(Tuple.of(5, put), Tuple.of(2, readOrDelete), Tuple.of(1, list), Tuple.of(2, bulk));
  }

  /** {"items": [{"id": ..., "data": ...}]} with odd ids and data, sometimes not that shape at all. */
  static Arbitrary<String> bulkBodies() {
    Arbitrary<String> id = Arbitraries.oneOf(
        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(6).map(JsonTexts::quote),
        JsonTexts.strings(), Arbitraries.of("1", "null", "\"\"", "\".\""));
    Arbitrary<String> item = Combinators.combine(id, JsonTexts.records())
        .as((i, d) -> "{\"id\":" + i + ",\"data\":" + d + "}");
    return Arbitraries.oneOf(item.list().ofMaxSize(4).map(l -> "{\"items\":[" + String.join(",", l) + "]}"),
        JsonTexts.records());
  }
}
