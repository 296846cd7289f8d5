package outpost.hub.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import outpost.common.error.ErrorCode;
import outpost.hub.grpc.GrpcErrors;

/**
 * Checks every call's metadata before any message is read (docs/protocol.md §1): site credentials, then the
 * protocol version window. A refused call is closed with UNAUTHENTICATED or FAILED_PRECONDITION and
 * its handler never starts, so nothing is applied. Descriptions never echo the token.
 */
public final class AuthInterceptor implements ServerInterceptor {
  private final RefusalLog refusals = new RefusalLog(org.slf4j.LoggerFactory.getLogger(AuthInterceptor.class));
  public static final Metadata.Key<String> SITE_HEADER =
      Metadata.Key.of("x-outpost-site", Metadata.ASCII_STRING_MARSHALLER);
  public static final Metadata.Key<String> TOKEN_HEADER =
      Metadata.Key.of("x-outpost-token", Metadata.ASCII_STRING_MARSHALLER);
  public static final Metadata.Key<String> PROTOCOL_HEADER =
      Metadata.Key.of("x-outpost-protocol", Metadata.ASCII_STRING_MARSHALLER);

  /** The authenticated site of the current call. */
  public static final Context.Key<String> SITE_ID = Context.key("outpost-site-id");
  /** The protocol version the calling edge speaks. */
  public static final Context.Key<Integer> PROTOCOL = Context.key("outpost-protocol");

  private final SiteAuthenticator authenticator;
  private final int minProtocol;
  private final int maxProtocol;

  public AuthInterceptor(SiteAuthenticator authenticator, int minProtocol, int maxProtocol) {
    this.authenticator = authenticator;
    this.minProtocol = minProtocol;
    this.maxProtocol = maxProtocol;
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
      ServerCallHandler<Q, A> next) {
    String site = headers.get(SITE_HEADER);
    String peer = peer(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    SiteAuthenticator.Verdict verdict = authenticator.authenticate(site, headers.get(TOKEN_HEADER));
    if (verdict != SiteAuthenticator.Verdict.OK) {
      return refuse(call, refusal(verdict, site), peer);
    }
    Integer protocol = parse(headers.get(PROTOCOL_HEADER));
    if (protocol == null || protocol < minProtocol || protocol > maxProtocol) {
      return refuse(call, GrpcErrors.exception(ErrorCode.VERSION_INCOMPATIBLE, "hub speaks "
          + minProtocol + ".." + maxProtocol + ", the edge sent "
          + (protocol == null ? "no valid protocol version" : "version " + protocol)), peer);
    }
    Context context = Context.current().withValue(SITE_ID, site).withValue(PROTOCOL, protocol);
    return Contexts.interceptCall(context, call, headers, next);
  }

  private <Q, A> ServerCall.Listener<Q> refuse(ServerCall<Q, A> call, StatusRuntimeException refusal,
      String peer) {
    // The description starts with the error code and never holds the token.
    refusals.warn(peer, "refused a " + call.getMethodDescriptor().getBareMethodName() + " call from " + peer + ": "
        + refusal.getStatus().getDescription());
    call.close(refusal.getStatus(), refusal.getTrailers());
    return new ServerCall.Listener<>() {};
  }

  /**
   * Wrong credentials are UNAUTHENTICATED (the edge's AUTH_ERROR, not retried). A spent budget or a
   * store that does not answer says nothing about the credentials: UNAVAILABLE, which edges retry.
   */
  static StatusRuntimeException refusal(SiteAuthenticator.Verdict verdict, String site) {
    String name = site == null ? "" : site.replaceAll("[^A-Za-z0-9_.-]", "?");
    return switch (verdict) {
      case MISSING_CREDENTIALS -> unauthenticated("the call carries no site id or no token");
      case UNKNOWN_SITE -> unauthenticated("site '" + name + "' is not registered on this hub");
      case BAD_TOKEN -> unauthenticated("the token of site '" + name + "' is wrong");
      case DISABLED -> unauthenticated("site '" + name + "' is disabled on this hub");
      case BUSY -> GrpcErrors.exception(ErrorCode.CONNECTION_ERROR,
          "the hub has too many token checks to do right now; retry later");
      case STORE_UNAVAILABLE -> GrpcErrors.exception(ErrorCode.CONNECTION_ERROR,
          "the hub's store did not answer while checking site '" + name + "'; retry later");
      case OK -> throw new IllegalArgumentException("an accepted call is not refused");
    };
  }

  private static StatusRuntimeException unauthenticated(String reason) {
    return GrpcErrors.exception(ErrorCode.AUTH_ERROR, reason);
  }

  private static Integer parse(String value) {
    try {
      return value == null ? null : Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String peer(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      return inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
    }
    return address == null ? null : address.toString();
  }
}
