package outpost.common.http;

import io.vertx.ext.web.RoutingContext;

/** The headers every answer of either node carries, JSON and errors included, not only the pages. */
public final class SecurityHeaders {
  /** Scripts, styles and images from the node itself only; no page may be framed (clickjacking). */
  public static final String CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

  private SecurityHeaders() {}

  /** A router handler: sets nosniff, the CSP and no-referrer as the answer's headers are written. */
  public static void handle(RoutingContext ctx) {
    ctx.addHeadersEndHandler(v -> ctx.response().headers().set("X-Content-Type-Options", "nosniff")
        .set("Content-Security-Policy", CSP).set("Referrer-Policy", "no-referrer"));
    ctx.next();
  }
}
