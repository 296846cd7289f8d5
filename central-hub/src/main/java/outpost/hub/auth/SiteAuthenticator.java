package outpost.hub.auth;

import io.vertx.core.Future;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import outpost.hub.store.HubStore;
import outpost.hub.store.SiteRecord;

/**
 * Decides whether a (site, token) pair may call the hub, synchronously, from an in-memory snapshot of
 * the sites (id → token hash, disabled). The snapshot is refreshed from the store at start, after every
 * site change made through this process, and periodically (for replicas and the CLI).
 *
 * <p>Someone without the token must never deny service to someone with it, so nothing here blocks a
 * site id or an address. What is limited is the costly work a caller can make the hub do: a bcrypt
 * verification (tens of milliseconds of CPU, budgeted by the time it takes) and a store lookup of an id
 * missing from the snapshot, each from a process-wide {@link RateBudget}. A token verified once is remembered
 * per site as a keyed fast hash, valid while the site's stored hash is unchanged: the right token then
 * costs no bcrypt and is never subject to the budget. A store that fails or does not answer is
 * {@link Verdict#STORE_UNAVAILABLE}, never an auth failure. Must be called on a gRPC executor thread,
 * never on an event loop (a lookup waits for the store).
 */
public final class SiteAuthenticator {
  /** Why a call is refused; OK lets it through. */
  public enum Verdict {
    OK, MISSING_CREDENTIALS, UNKNOWN_SITE, BAD_TOKEN, DISABLED,
    /** The budget for costly checks is spent: retry later. Says nothing about the credentials. */
    BUSY,
    /** The store failed or did not answer in time: retry later. Says nothing about the credentials. */
    STORE_UNAVAILABLE
  }

  /** How long a lookup of a site missing from the snapshot may wait for the store. */
  static final long LOOKUP_TIMEOUT_MS = 3_000;
  private static final int MAX_MISSING = 10_000;

  private record Entry(String hash, boolean disabled) {}

  private record Verified(String hash, byte[] fingerprint) {}

  private final HubStore store;
  private final RateBudget bcryptBudget;
  private final RateBudget lookupBudget;
  private volatile Map<String, Entry> sites = Map.of();
  /** Ids the store said it does not know, until the next refresh: made-up ids cost one lookup each. */
  private final Set<String> missing = ConcurrentHashMap.newKeySet();
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private final AtomicLong bcryptVerifications = new AtomicLong();
  private final AtomicLong bcryptNanos = new AtomicLong();
  /** What the next bcrypt check is expected to cost, reserved before it runs; racing updates only blur it. */
  private volatile double bcryptNanosEstimate = 100e6;

  /** The standard budgets ({@link #standardBcryptBudget()}, {@link #standardLookupBudget()}). */
  public SiteAuthenticator(HubStore store) {
    this(store, standardBcryptBudget(), standardLookupBudget());
  }

  public SiteAuthenticator(HubStore store, RateBudget bcryptBudget, RateBudget lookupBudget) {
    this.store = store;
    this.bcryptBudget = bcryptBudget;
    this.lookupBudget = lookupBudget;
  }

  /**
   * bcrypt work, counted in nanoseconds: on average a quarter of the machine (0.25 s a second per core),
   * with up to 10 s per core saved up, so that a hub that just started can let a few hundred sites in at
   * once (a check at cost 10 takes ~60 ms). Process-wide only: behind a load balancer or NAT every caller has the same address, so a share
   * per address would be the whole budget anyway.
   */
  public static RateBudget standardBcryptBudget() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new RateBudget(0.25e9 * cores, 10e9 * cores, 0.25e9 * cores, 10e9 * cores, System::nanoTime);
  }

  /** Store lookups of ids missing from the snapshot: 50 a second, 100 saved up, for the process. */
  public static RateBudget standardLookupBudget() {
    return new RateBudget(50, 100, 50, 100, System::nanoTime);
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
      forgetIfChanged(site);
    }
    sites = Map.copyOf(next);
    missing.clear();
    verified.keySet().retainAll(next.keySet());
  }

  /** Records one site's new state at once (a new token, disabled, enabled), without waiting for a refresh. */
  public void update(SiteRecord site) {
    Map<String, Entry> next = new HashMap<>(sites);
    next.put(site.id(), new Entry(site.tokenHash(), site.disabled()));
    sites = Map.copyOf(next);
    missing.remove(site.id());
    forgetIfChanged(site);
  }

  /** A new token hash or a disabled site ends the cached verification at once. */
  private void forgetIfChanged(SiteRecord site) {
    Verified hit = verified.get(site.id());
    if (hit != null && (site.disabled() || !hit.hash().equals(site.tokenHash()))) {
      verified.remove(site.id(), hit);
    }
  }

  public int knownSites() {
    return sites.size();
  }

  /** bcrypt verifications run since start (what a brute-force attempt costs the hub). */
  public long bcryptVerifications() {
    return bcryptVerifications.get();
  }

  /** Time spent in them, in nanoseconds: what {@link #standardBcryptBudget()} bounds. */
  public long bcryptNanos() {
    return bcryptNanos.get();
  }

  /**
   * Authenticates one call. The caller's address plays no part: behind NAT or a load balancer one address
   * is a whole fleet, so nothing may be decided, or refused, by it.
   */
  public Verdict authenticate(String siteId, String token) {
    if (siteId == null || siteId.isEmpty() || token == null || token.isEmpty()) {
      return Verdict.MISSING_CREDENTIALS;
    }
    Entry entry = sites.get(siteId);
    if (entry == null) {
      if (missing.contains(siteId)) {
        return Verdict.UNKNOWN_SITE;
      }
      if (!lookupBudget.take(null)) {
        return Verdict.BUSY;
      }
      Optional<Entry> found;
      try {
        found = lookup(siteId);
      } catch (Exception e) {
        return Verdict.STORE_UNAVAILABLE;
      }
      if (found.isEmpty()) {
        return Verdict.UNKNOWN_SITE;
      }
      entry = found.get();
    }
    if (entry.disabled()) {
      return Verdict.DISABLED;
    }
    byte[] fingerprint = SiteTokens.fingerprint(token);
    if (cached(siteId, entry, fingerprint)) {
      return Verdict.OK;
    }
    double reserved = bcryptNanosEstimate;
    if (!bcryptBudget.take(null, reserved)) {
      return Verdict.BUSY;
    }
    long start = System.nanoTime();
    boolean valid = SiteTokens.verify(token, entry.hash());
    long spent = System.nanoTime() - start;
    bcryptBudget.settle(null, reserved, spent);
    bcryptNanosEstimate = 0.8 * bcryptNanosEstimate + 0.2 * spent;
    bcryptVerifications.incrementAndGet();
    bcryptNanos.addAndGet(spent);
    if (!valid) {
      return Verdict.BAD_TOKEN;
    }
    remember(siteId, new Verified(entry.hash(), fingerprint));
    return Verdict.OK;
  }

  private boolean cached(String siteId, Entry entry, byte[] fingerprint) {
    Verified hit = verified.get(siteId);
    return hit != null && hit.hash().equals(entry.hash()) && MessageDigest.isEqual(hit.fingerprint(), fingerprint);
  }

  /** Caches a verification unless the site's hash changed while bcrypt ran (a rotation in between). */
  private void remember(String siteId, Verified v) {
    Entry now = sites.get(siteId);
    if (now == null || (now.hash().equals(v.hash()) && !now.disabled())) {
      verified.put(siteId, v);
    }
  }

  /** A site missing from the snapshot may have been added elsewhere a moment ago: ask the store. */
  private Optional<Entry> lookup(String siteId) throws Exception {
    Optional<SiteRecord> found = store.site(siteId).await(LOOKUP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    if (found.isEmpty()) {
      if (missing.size() >= MAX_MISSING) {
        missing.clear(); // bounded while refreshes fail; lookups stay budgeted either way
      }
      missing.add(siteId);
      return Optional.empty();
    }
    update(found.get());
    return found.map(s -> new Entry(s.tokenHash(), s.disabled()));
  }
}
