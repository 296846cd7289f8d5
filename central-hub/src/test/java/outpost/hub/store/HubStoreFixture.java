package outpost.hub.store;

import static outpost.hub.store.Await.result;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import outpost.common.RecordKey;
import outpost.common.sync.ChangeOutcome;
import outpost.hub.config.Catalog;

/**
 * A fresh, empty store per test with sites A, B and C registered, and the helpers the contract tests
 * share. Implementations extend {@link HubStoreContract}.
 */
public abstract class HubStoreFixture {
  protected static final String A = "site-a";
  protected static final String B = "site-b";
  protected static final String C = "site-c";
  protected static final String HUB = "";

  protected Vertx vertx;
  protected HubStore store;

  /** A new, empty store over fresh storage; {@link #cleanup()} runs after it is closed. */
  protected abstract HubStore newStore(Vertx vertx, Catalog catalog) throws Exception;

  /** Removes what {@link #newStore} created (a schema, a folder). */
  protected void cleanup() throws Exception {}

  @BeforeEach
  void openStore() throws Exception {
    vertx = Vertx.vertx();
    store = newStore(vertx, Changes.CATALOG);
    result(store.open());
    for (String site : List.of(A, B, C)) {
      result(store.addSite(SiteRecord.create(site, "hash-of-" + site, System.currentTimeMillis())));
    }
  }

  @AfterEach
  void closeStore() throws Exception {
    try {
      result(store.close());
      cleanup();
    } finally {
      result(vertx.close());
    }
  }

  protected List<ChangeOutcome> apply(String site, IncomingChange... changes) {
    return result(store.applyBatch(site, "sync-" + site, List.of(changes)));
  }

  protected ChangeOutcome one(String site, IncomingChange change) {
    return apply(site, change).get(0);
  }

  protected long head() {
    return result(store.head());
  }

  protected StoredRecord get(String collection, String id) {
    return result(store.get(new RecordKey(collection, id))).orElse(null);
  }

  /** Everything in the site's scope from a cursor, page by page; answers the pages. */
  protected List<PullPage> pullAll(String site, Set<String> collections, long cursor, int limit) {
    List<PullPage> pages = new ArrayList<>();
    PullPage page;
    do {
      page = result(store.pull(site, collections, cursor, limit));
      pages.add(page);
      cursor = page.cursorAfter();
    } while (!page.last());
    return pages;
  }
}
