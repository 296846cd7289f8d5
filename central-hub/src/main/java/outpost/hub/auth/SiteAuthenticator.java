package outpost.hub.auth;

import io.vertx.core.Future;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import outpost.hub.store.HubStore;
import outpost.hub.store.SiteRecord;

/**
 * Decides whether a (site, token) pair may call the hub, synchronously, from an in-memory snapshot of
 * the sites (id → token hash, disabled). The snapshot is refreshed from the store at start, after every
 * site change made through this process, and periodically (for replicas and the CLI).
 *
 * <p>bcrypt is slow on purpose, and every call authenticates; so a successful verification is cached
 * per site as the SHA-256 of the token, valid only while the site's stored hash is unchanged. The cache
 * lives in memory only. Must be called on a gRPC executor thread, never on an event loop.
 */
public final class SiteAuthenticator {
  /** Why a call is refused; OK lets it through. */
  public enum Verdict { OK, MISSING_CREDENTIALS, UNKNOWN_SITE, BAD_TOKEN, DISABLED, THROTTLED }

  private record Entry(String hash, boolean disabled) {}

  private record Verified(String hash, byte[] tokenDigest) {}

  private final HubStore store;
  private final FailureThrottle throttle;
  private final FailureThrottle peerThrottle;
  private volatile Map<String, Entry> sites = Map.of();
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  /** Site ids throttled by {@code throttle}, remote addresses by {@link FailureThrottle#perPeer()}. */
  public SiteAuthenticator(HubStore store, FailureThrottle throttle) {
    this(store, throttle, FailureThrottle.perPeer());
  }

  /**
   * {@code throttle} counts failures per site id; {@code peerThrottle} per remote address, with a
   * higher limit because many sites may share one address (NAT, a load balancer in front of replicas).
   */
  public SiteAuthenticator(HubStore store, FailureThrottle throttle, FailureThrottle peerThrottle) {
    this.store = store;
    this.throttle = throttle;
    this.peerThrottle = peerThrottle;
  }

  /** Reloads the snapshot from the store. */
  public Future<Void> refresh() {
    return store.sites().map(list -> {
      install(list);
      return null;
    });
  }

  /** Replaces the snapshot (also used after a change this process made). */
  public void install(List<SiteRecord> list) {
    Map<String, Entry> next = new HashMap<>();
    for (SiteRecord site : list) {
      next.put(site.id(), new Entry(site.tokenHash(), site.disabled()));
      if (site.disabled()) {
        verified.remove(site.id());
      }
    }
    sites = Map.copyOf(next);
    verified.keySet().retainAll(next.keySet());
  }

  /** Records one site's new state at once, without waiting for the next refresh. */
  public void update(SiteRecord site) {
    Map<String, Entry> next = new HashMap<>(sites);
    next.put(site.id(), new Entry(site.tokenHash(), site.disabled()));
    sites = Map.copyOf(next);
    if (site.disabled()) {
      verified.remove(site.id());
    }
  }

  public int knownSites() {
    return sites.size();
  }

  /**
   * Authenticates one call. {@code peer} is the remote address, throttled like the site id so that one
   * client cycling through site ids is slowed down as well.
   */
  public Verdict authenticate(String siteId, String token, String peer) {
    if (siteId == null || siteId.isEmpty() || token == null || token.isEmpty()) {
      return Verdict.MISSING_CREDENTIALS;
    }
    String siteKey = "site:" + siteId;
    String peerKey = "peer:" + peer;
    if (throttle.blocked(siteKey) || (peer != null && peerThrottle.blocked(peerKey))) {
      return Verdict.THROTTLED;
    }
    Entry entry = sites.get(siteId);
    if (entry == null) {
      entry = lookup(siteId);
    }
    Verdict verdict;
    if (entry == null) {
      verdict = Verdict.UNKNOWN_SITE;
    } else if (entry.disabled()) {
      verdict = Verdict.DISABLED;
    } else if (cached(siteId, entry, token) || verifySlow(siteId, entry, token)) {
      verdict = Verdict.OK;
    } else {
      verdict = Verdict.BAD_TOKEN;
    }
    if (verdict == Verdict.OK) {
      throttle.succeeded(siteKey);
    } else if (verdict != Verdict.DISABLED) {
      throttle.failed(siteKey);
      if (peer != null) {
        peerThrottle.failed(peerKey);
      }
    }
    return verdict;
  }

  private boolean cached(String siteId, Entry entry, String token) {
    Verified hit = verified.get(siteId);
    return hit != null && hit.hash().equals(entry.hash())
        && MessageDigest.isEqual(hit.tokenDigest(), SiteTokens.sha256(token));
  }

  private boolean verifySlow(String siteId, Entry entry, String token) {
    if (!SiteTokens.verify(token, entry.hash())) {
      return false;
    }
    verified.put(siteId, new Verified(entry.hash(), SiteTokens.sha256(token)));
    return true;
  }

  /** A site missing from the snapshot may have been added elsewhere a moment ago: ask the store. */
  private Entry lookup(String siteId) {
    try {
      Optional<SiteRecord> found = store.site(siteId).await(5, TimeUnit.SECONDS);
      found.ifPresent(this::update);
      return found.map(s -> new Entry(s.tokenHash(), s.disabled())).orElse(null);
    } catch (TimeoutException | RuntimeException e) {
      return null;
    }
  }
}
