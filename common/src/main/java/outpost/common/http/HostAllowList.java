package outpost.common.http;

import io.vertx.core.net.HostAndPort;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import io.vertx.ext.web.RoutingContext;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;

/**
 * The host names a node answers for. A page on a name the attacker controls can have that name re-pointed
 * at this node (DNS rebinding); the browser then sends the attacker's name as {@code Host} and as the
 * {@code Origin}, so only the Host itself tells the request apart. Accepted: the loopback names
 * (localhost, 127.0.0.0/8, ::1), the address the server is bound to when it is a concrete one, this
 * machine's own addresses when it is bound to all of them (probes and scrapers address a node by IP; an IP
 * literal cannot be rebound), and the names the operator configured.
 */
public final class HostAllowList {
  private static final Pattern NAME = Pattern.compile(
      "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("(?=.*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");
  private static final int MAX_SHOWN = 100;

  private final Set<String> names;

  private HostAllowList(Set<String> names) {
    this.names = Set.copyOf(names);
  }

  /**
   * The names of a server listening on {@code boundHost}. Reads this machine's addresses when that is a
   * wildcard: once, at start-up, from the interface list (no name lookup).
   *
   * @param boundHost the address the HTTP server listens on
   * @param configured the operator's extra names (already checked with {@link #invalid})
   */
  public static HostAllowList of(String boundHost, List<String> configured) {
    Set<String> names = new HashSet<>();
    names.add("localhost");
    String bound = canonical(boundHost);
    if (isWildcard(bound)) {
      names.addAll(ownAddresses());
    } else {
      names.add(bound);
    }
    configured.forEach(n -> names.add(canonical(n)));
    return new HostAllowList(names);
  }

  /** Why {@code name} cannot be an allowed host (null when it can): a host name or an IP address, no port. */
  public static String invalid(String name) {
    if (name == null || name.isBlank()) {
      return "must be a host name or an IP address, not empty";
    }
    String bare = unbracket(name);
    if (NAME.matcher(bare).matches() && !bare.matches("[0-9.]+") || isLiteral(bare.toLowerCase(Locale.ROOT))) {
      return null;
    }
    return "must be a host name or an IP address without scheme, port or path, not '" + name + "'";
  }

  /** True when a request addressed to {@code host} (without its port) is for this node. */
  public boolean allows(String host) {
    String h = canonical(host);
    return names.contains(h) || isLoopbackLiteral(h);
  }

  /**
   * A router handler: lets through requests addressed to this node and fails the others with PERMISSION_DENIED
   * (403, a Host that names another site) or BAD_REQUEST (400, no usable Host: nothing says the request was
   * meant for this node). Each node's failure handler turns the code into its error body.
   */
  public void handle(RoutingContext ctx) {
    HostAndPort authority = ctx.request().authority();
    if (authority == null || authority.host() == null || authority.host().isEmpty()) {
      ctx.fail(new OutpostException(ErrorCode.BAD_REQUEST, "the request has no valid Host header; send Host: "
          + "NAME[:PORT]"));
    } else if (allows(authority.host())) {
      ctx.next();
    } else {
      String shown = authority.host().length() > MAX_SHOWN ? authority.host().substring(0, MAX_SHOWN) + "..."
          : authority.host();
      ctx.fail(new OutpostException(ErrorCode.PERMISSION_DENIED, "host '" + shown
          + "' is not one of this node's names; add it to allowedHosts"));
    }
  }

  /** Lower case, without brackets; an IP literal in one spelling (::1 and 0:0:0:0:0:0:0:1 are the same). */
  static String canonical(String host) {
    String h = unbracket(host.trim()).toLowerCase(Locale.ROOT);
    if (!isLiteral(h)) {
      return h;
    }
    InetAddress address = literal(h);
    return address == null ? h : strip(address.getHostAddress());
  }

  private static boolean isLoopbackLiteral(String canonical) {
    InetAddress address = isLiteral(canonical) ? literal(canonical) : null;
    return address != null && address.isLoopbackAddress();
  }

  private static boolean isWildcard(String canonical) {
    InetAddress address = isLiteral(canonical) ? literal(canonical) : null;
    return address != null && address.isAnyLocalAddress();
  }

  private static boolean isLiteral(String h) {
    return literal(h) != null;
  }

  /**
   * Parses an IP literal: dotted-quad IPv4 (as browsers send it) or IPv6. Anything else is null without
   * a name lookup: the text comes from the request, and a lookup would block the event loop.
   */
  private static InetAddress literal(String h) {
    var v4 = IPV4.matcher(h);
    byte[] bytes = new byte[4];
    if (v4.matches()) {
      for (int i = 0; i < 4; i++) {
        int part = Integer.parseInt(v4.group(i + 1));
        if (part > 255) {
          return null;
        }
        bytes[i] = (byte) part;
      }
    } else if (!IPV6.matcher(h).matches()) {
      return null;
    }
    try {
      // With a ':' in it, getByName parses IPv6 or throws; it never looks a name up.
      return v4.matches() ? InetAddress.getByAddress(bytes) : InetAddress.getByName(h);
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  private static Set<String> ownAddresses() {
    Set<String> out = new HashSet<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          out.add(strip(a.getHostAddress()));
        }
      }
    } catch (SocketException e) {
      // Without the list only loopback and the configured names are accepted: narrower, never wider.
    }
    return out;
  }

  /** Drops an IPv6 zone ("fe80::1%eth0"): a Host header never carries it. */
  private static String strip(String address) {
    int zone = address.indexOf('%');
    return (zone < 0 ? address : address.substring(0, zone)).toLowerCase(Locale.ROOT);
  }

  private static String unbracket(String h) {
    return h.length() > 1 && h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }
}
