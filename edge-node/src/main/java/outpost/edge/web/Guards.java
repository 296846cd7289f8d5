package outpost.edge.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import outpost.common.error.ErrorCode;

/** The boundary checks every request passes before a route sees it. */
final class Guards {
  private Guards() {}

  /** Requires {@code Authorization: Bearer TOKEN} when a token is configured; compared in constant time. */
  static io.vertx.core.Handler<RoutingContext> bearer(String token) {
    byte[] expected = token.getBytes(StandardCharsets.UTF_8);
    return ctx -> {
      String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
      byte[] given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
          ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
      if (!MessageDigest.isEqual(expected, given)) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        HttpErrors.send(ctx, 401, ErrorCode.AUTH_ERROR, "this API needs the header Authorization: Bearer TOKEN "
            + "with the node's apiToken");
        return;
      }
      ctx.next();
    };
  }

  /**
   * Refuses state-changing requests a browser sent on another site's behalf: an {@code Origin} that is not
   * this node, or {@code Sec-Fetch-Site: cross-site}. Clients that are not browsers send neither.
   */
  static void sameOrigin(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    if (!changesState(req.method())) {
      ctx.next();
      return;
    }
    String origin = req.getHeader("Origin");
    boolean crossSite = "cross-site".equalsIgnoreCase(req.getHeader("Sec-Fetch-Site"))
        || origin != null && !originMatches(origin, req.scheme(), authority(req));
    if (crossSite) {
      HttpErrors.send(ctx, 403, ErrorCode.PERMISSION_DENIED, "cross-site request refused");
      return;
    }
    ctx.next();
  }

  /** A request carrying a body must say it is JSON (415 otherwise), before the body is read. */
  static void jsonContentType(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    boolean hasBody = req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
        || length != null && !length.trim().equals("0");
    if (hasBody) {
      String type = req.getHeader(HttpHeaders.CONTENT_TYPE);
      String[] parts = type == null ? new String[] {""} : type.split(";");
      boolean json = parts[0].trim().equalsIgnoreCase("application/json");
      for (int i = 1; json && i < parts.length; i++) {
        String p = parts[i].trim().toLowerCase(Locale.ROOT);
        if (p.startsWith("charset=") && !p.equals("charset=utf-8") && !p.equals("charset=\"utf-8\"")) {
          json = false;
        }
      }
      if (!json) {
        HttpErrors.send(ctx, 415, ErrorCode.BAD_REQUEST, "the request body must be application/json (UTF-8)");
        return;
      }
    }
    ctx.next();
  }

  /** Host[:port] the request was addressed to: the Host header, or :authority under HTTP/2. */
  private static String authority(HttpServerRequest req) {
    var authority = req.authority();
    if (authority == null) {
      return req.getHeader(HttpHeaders.HOST);
    }
    String host = authority.host().contains(":") && !authority.host().startsWith("[") ? "[" + authority.host() + "]"
        : authority.host();
    return authority.port() > 0 ? host + ":" + authority.port() : host;
  }

  static boolean changesState(HttpMethod method) {
    return method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
  }

  /** Compares scheme, host and port, filling in default ports, as browsers serialise origins. */
  static boolean originMatches(String origin, String scheme, String hostHeader) {
    if (hostHeader == null) {
      return false;
    }
    try {
      URI o = new URI(origin);
      URI self = new URI(scheme + "://" + hostHeader);
      return o.getScheme() != null && o.getHost() != null && o.getScheme().equalsIgnoreCase(self.getScheme())
          && o.getHost().equalsIgnoreCase(self.getHost()) && port(o) == port(self)
          && (o.getPath() == null || o.getPath().isEmpty());
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
