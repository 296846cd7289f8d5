package outpost.edge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.RecordKey;
import outpost.common.mvstore.Maps;
import outpost.edge.EdgeNode;
import outpost.edge.config.EdgeConfig;
import outpost.edge.store.EdgeStore;

/** A record the store cannot read, planted into the file of a real node: clear answers, and the rest is served. */
class DamagedRecordsApiTest {
  @TempDir
  Path dir;

  private EdgeNode start(Path data) {
    EdgeConfig config = EdgeConfig.fromJson(new JsonObject().put("site", "clinic-a").put("data", data.toString())
        .put("httpPort", 0).put("hubs", new JsonArray().add(new JsonObject().put("name", "central")
            .put("address", "127.0.0.1:1").put("token", "t"))));
    EdgeNode node = new EdgeNode(config, null);
    node.start().await();
    return node;
  }

  @Test
  void anUnreadableRecordAnswersStoreDamagedAndTheListingCountsIt() {
    Path data = dir.resolve("data");
    EdgeNode node = start(data);
    Http http = new Http(node.url());
    for (String id : new String[] {"a", "b", "c"}) {
      assertEquals(201, http.put("/api/records/notes/" + id, "{\"v\":\"" + id + "\"}").status());
    }
    node.stop().await();
    MVStore mv = EdgeStore.openFile(data.resolve(EdgeStore.FILE_NAME));
    try {
      var records = Maps.strings(mv, "records");
      String key = new RecordKey("notes", "b").encode();
      records.put(key, records.get(key).replace("{\"v\":\"b\"}", "{\"a\":" + "[".repeat(3000) + "]".repeat(3000)
          + "}"));
      mv.commit();
    } finally {
      mv.close();
    }

    node = start(data);
    try {
      http = new Http(node.url());
      Http.Answer list = http.get("/api/records/notes");
      assertEquals(200, list.status(), list.body());
      assertEquals(2, list.json().getJsonArray("items").size());
      assertEquals(1, list.json().getInteger("unreadable"));

      Http.Answer get = http.get("/api/records/notes/b");
      assertEquals(500, get.status());
      assertEquals("STORE_DAMAGED", get.json().getString("error"));
      assertTrue(get.json().getString("message").startsWith("record notes/b is damaged"), get.body());
      assertFalse(get.body().contains("at outpost."), "no stack trace");

      Http.Answer delete = http.delete("/api/records/notes/b");
      assertEquals("STORE_DAMAGED", delete.json().getString("error"), delete.body());
      assertEquals(200, http.get("/api/records/notes/a").status());
      assertEquals(201, http.put("/api/records/notes/d", "{\"v\":\"d\"}").status(), "other writes go on");
    } finally {
      node.stop().await();
    }
  }
}
