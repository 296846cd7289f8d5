package outpost.hub.cli;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** What the site commands need, from a store opened directly or from a serving hub's admin API. */
interface SiteRegistry extends AutoCloseable {
  /** Answers {id, token}. */
  JsonObject add(String siteId) throws Exception;

  List<JsonObject> list() throws Exception;

  void disable(String siteId) throws Exception;

  void enable(String siteId) throws Exception;

  /** Answers {id, token}: the new token; the old one no longer works. */
  JsonObject rotateToken(String siteId) throws Exception;

  @Override
  void close();
}
