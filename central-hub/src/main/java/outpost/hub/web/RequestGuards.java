package outpost.hub.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Locale;
import outpost.common.error.ErrorCode;
import outpost.hub.auth.AdminTokenGuard;

/** The checks every admin API request passes: no cross-site writes, the bearer token, JSON bodies. */
final class RequestGuards {
  private RequestGuards() {}

  /**
   * Refuses a state-changing request a browser made on behalf of another site: one marked
   * {@code Sec-Fetch-Site: cross-site}, or whose {@code Origin} is not this server's own host.
   */
  static void crossSite(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
      ctx.next();
      return;
    }
    if ("cross-site".equalsIgnoreCase(ctx.request().getHeader("Sec-Fetch-Site"))) {
      HttpErrors.send(ctx, 403, ErrorCode.PERMISSION_DENIED, "cross-site requests may not change hub data");
      return;
    }
    String origin = ctx.request().getHeader("Origin");
    var authority = ctx.request().authority(); // the Host header, or :authority on HTTP/2
    String host = authority == null ? null
        : authority.port() > 0 ? authority.host() + ":" + authority.port() : authority.host();
    if (origin != null && !sameHost(origin, host)) {
      HttpErrors.send(ctx, 403, ErrorCode.PERMISSION_DENIED, "the request's Origin is not this hub");
      return;
    }
    ctx.next();
  }

  static boolean sameHost(String origin, String host) {
    if (host == null) {
      return false;
    }
    try {
      URI o = URI.create(origin.trim());
      if (o.getHost() == null) {
        return false; // "null" origins (sandboxed frames, files) are never this hub
      }
      int originPort = o.getPort() != -1 ? o.getPort() : "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
      URI h = URI.create("http://" + host.trim());
      int hostPort = h.getPort() != -1 ? h.getPort() : originPort;
      return o.getHost().equalsIgnoreCase(h.getHost()) && originPort == hostPort;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Lets through only requests carrying {@code Authorization: Bearer ADMIN_TOKEN} (see {@link AdminTokenGuard}). */
  static io.vertx.core.Handler<RoutingContext> adminToken(AdminTokenGuard guard) {
    return ctx -> {
      var remote = ctx.request().remoteAddress();
      AdminTokenGuard.Outcome outcome = guard.check(ctx.request().getHeader("Authorization"),
          remote == null ? null : remote.hostAddress(), ctx.request().method() + " " + ctx.request().path());
      switch (outcome) {
        case ACCEPTED -> ctx.next();
        case UNAUTHORIZED -> {
          ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"outpost-hub\"");
          HttpErrors.send(ctx, 401, ErrorCode.AUTH_ERROR, "a valid admin token is required (Authorization: Bearer ...)",
              AdminTokenGuard.hint());
        }
        case TOO_MANY_ATTEMPTS -> {
          ctx.response().putHeader("Retry-After", "6");
          HttpErrors.send(ctx, 429, ErrorCode.AUTH_ERROR,
              "too many requests without the right admin token from this address; retry later", AdminTokenGuard.hint());
        }
      }
    };
  }

  /** A request with a body must say it is JSON; this keeps HTML forms (which cannot) from writing. */
  static void jsonBody(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    boolean hasBody = ctx.body() != null && ctx.body().length() > 0;
    String type = ctx.request().getHeader("Content-Type");
    if ((method == HttpMethod.POST || method == HttpMethod.PUT) && hasBody
        && (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json"))) {
      HttpErrors.send(ctx, 415, ErrorCode.BAD_REQUEST, "the body must be sent as Content-Type: application/json");
      return;
    }
    ctx.next();
  }
}
