package outpost.edge.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.common.web.ViewFiles;
import outpost.edge.config.EdgeConfig;
import outpost.edge.config.HubConfig;
import outpost.edge.settings.ScheduleSettings;

/**
 * The sync status web view: GET / (the page), GET /view/* (its page and script from the classpath folder
 * {@code webroot/edge}, the script and styles both views share through {@link ViewFiles}), GET /api/node
 * (who this node is) and GET /api/node/qr.svg (a QR code of the node's configured public URL, so that a
 * phone can open the view).
 */
final class ViewRoutes {
  static final String WEBROOT = "webroot/edge";
  /** Each error code's hint, so that the page can explain item errors (which carry only code and message). */
  private static final JsonObject HINTS = hints();

  private final Vertx vertx;
  private final EdgeConfig config;
  private final ScheduleSettings schedule;
  private final ConcurrentMap<String, String> qrCache = new ConcurrentHashMap<>();
  private volatile Future<String> lanAddress;

  ViewRoutes(Vertx vertx, EdgeConfig config, ScheduleSettings schedule) {
    this.vertx = vertx;
    this.config = config;
    this.schedule = schedule;
  }

  void mount(Router router) {
    ViewFiles.mount(router, WEBROOT);
    router.get("/api/node").handler(this::node);
    router.get("/api/node/qr.svg").handler(this::qr);
  }

  private void node(RoutingContext ctx) {
    Reply.with(ctx, url(ctx.request()), 200, url -> {
      JsonArray hubs = new JsonArray();
      for (HubConfig hub : config.hubs()) {
        hubs.add(new JsonObject().put("name", hub.name()).put("address", hub.address())
            .put("collections", hub.catchAll() ? null : new JsonArray(hub.collections())));
      }
      return new JsonObject().put("site", config.site()).put("url", url).put("hubs", hubs)
          .put("staleAmberHours", config.staleAmberHours()).put("staleRedHours", config.staleRedHours())
          .put("historyDays", config.historyDays()).put("tokenRequired", config.apiToken() != null)
          .put("timeZone", schedule.current().timeZone().getId()).put("publicUrl", config.publicUrl()).put("qrMissing", qrMissing())
          .put("hints", HINTS);
    });
  }

  /** The QR code of the configured public URL; 404 with the reason when there is none. */
  private void qr(RoutingContext ctx) {
    String url = config.publicUrl();
    if (url == null) {
      ctx.fail(new OutpostException(ErrorCode.NOT_FOUND, qrMissing()));
      return;
    }
    String svg = qrCache.computeIfAbsent(url, QrSvg::of);
    ctx.response().putHeader("Content-Type", "image/svg+xml").putHeader("Cache-Control", "no-cache").end(svg);
  }

  /**
   * Why the view shows no QR code, or null when it shows one. Only a configured address is encoded: the
   * address a phone must use (a LAN name, a proxy) cannot be guessed from the node's side reliably, and a
   * code of 127.0.0.1 opens the phone itself.
   */
  private String qrMissing() {
    if (config.publicUrl() != null) {
      return null;
    }
    if (isLoopback(config.httpHost())) {
      return "No QR code: this node listens only on " + config.httpHost() + " (httpHost), which a phone cannot"
          + " reach, and its config sets no publicUrl. Set publicUrl to the address phones use, e.g. through a"
          + " proxy, or listen on the network with an apiToken.";
    }
    return "No QR code: the config sets no publicUrl, the address at which phones on the site's network open"
        + " this node (e.g. http://192.168.1.20:" + config.httpPort() + "/).";
  }

  /**
   * The URL a phone on the same network can open: the configured host when it is a real address;
   * when the node listens on every interface, the host the browser used, or the machine's LAN address
   * when that was a loopback name.
   */
  private Future<String> url(HttpServerRequest req) {
    int port = req.localAddress() == null ? config.httpPort() : req.localAddress().port();
    String host = config.httpHost();
    if (!host.equals("0.0.0.0") && !host.equals("::") && !host.equals("[::]")) {
      return Future.succeededFuture(url(host, port));
    }
    String asked = req.authority() == null ? null : req.authority().host();
    if (asked != null && !isLoopback(asked)) {
      return Future.succeededFuture(url(asked, port));
    }
    if (lanAddress == null) {
      // Enumerating interfaces is a system call: once, on a worker thread.
      lanAddress = vertx.executeBlocking(ViewRoutes::firstLanAddress, false);
    }
    return lanAddress.map(lan -> url(lan == null ? (asked == null ? "127.0.0.1" : asked) : lan, port));
  }

  private static JsonObject hints() {
    JsonObject hints = new JsonObject();
    for (ErrorCode code : ErrorCode.values()) {
      hints.put(code.name(), code.hint());
    }
    return hints;
  }

  private static String url(String host, int port) {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port + "/";
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1");
  }

  private static String firstLanAddress() throws SocketException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && address.isSiteLocalAddress()) {
          return address.getHostAddress();
        }
      }
    }
    return null;
  }
}
