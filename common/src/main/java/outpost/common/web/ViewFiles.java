package outpost.common.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The files of a node's web view under GET /view/*: the script and styles both views load (one folder on
 * the classpath, {@link #SHARED}) and the node's own page and script (its own webroot), at one URL prefix,
 * so that a page names {@code /view/common.js} and {@code /view/edge.js} alike. GET / opens the page.
 */
public final class ViewFiles {
  /**
   * The classpath folder of the shared files. Not under {@code webroot/}: a node's own folder lives there,
   * and a name of its own keeps the two from ever meaning the same resource.
   */
  public static final String SHARED = "outpost-web";
  /** Small files that change with the node's version: revalidate after a minute instead of caching for a day. */
  static final int MAX_AGE_SECONDS = 60;

  private ViewFiles() {}

  /**
   * Mounts GET / and GET /view/* on {@code router}. The shared folder is asked first and passes a name it
   * lacks on to the node's folder, so a stale copy of a shared file in a node's webroot is never served.
   *
   * @param ownWebroot the node's classpath folder (index.html and its script)
   */
  public static void mount(Router router, String ownWebroot) {
    router.get("/").handler(ctx -> ctx.reroute("/view/index.html"));
    router.get("/view/*").handler(files(SHARED));
    router.get("/view/*").handler(files(ownWebroot));
  }

  private static StaticHandler files(String root) {
    return StaticHandler.create(root).setMaxAgeSeconds(MAX_AGE_SECONDS).setDirectoryListing(false);
  }
}
