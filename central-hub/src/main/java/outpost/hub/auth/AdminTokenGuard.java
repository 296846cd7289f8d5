package outpost.hub.auth;

import org.slf4j.LoggerFactory;

/**
 * Checks the admin API's bearer token. The right token is always accepted: the comparison costs a few
 * hashes, so there is nothing to protect by refusing it, and refusing it would let anyone who can reach
 * the port lock the operator out. Wrong or missing tokens are logged with the remote address (never the
 * token); wrong ones, past a budget per address, are answered "too many attempts" (HTTP 429) instead of
 * 401. Log lines are thinned out under a flood. Guessing stays hopeless because the token is long (16+
 * characters, checked at start-up), not because of the budget.
 */
public final class AdminTokenGuard {
  /** What the HTTP layer answers. */
  public enum Outcome { ACCEPTED, UNAUTHORIZED, TOO_MANY_ATTEMPTS }

  /** Wrong attempts one address may make: 10 at once, then one every 6 seconds. */
  private final RateBudget failures;
  private final RefusalLog log = new RefusalLog(LoggerFactory.getLogger(AdminTokenGuard.class));
  private final String token;

  public AdminTokenGuard(String token) {
    this(token, new RateBudget(1_000, 1_000, 1.0 / 6, 10, System::nanoTime));
  }

  AdminTokenGuard(String token, RateBudget failures) {
    this.token = token;
    this.failures = failures;
  }

  /**
   * @param authorization the request's {@code Authorization} header, or null
   * @param peer the remote address, for the log and the budget
   * @param what the request, e.g. "POST /api/sites", for the log
   */
  public Outcome check(String authorization, String peer, String what) {
    String given = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        ? authorization.substring(7).trim() : null;
    if (SiteTokens.constantTimeEquals(given, token)) {
      return Outcome.ACCEPTED;
    }
    String request = what.replaceAll("\\p{Cntrl}", "?");
    if (given == null || given.isEmpty()) {
      // No token is no guess (a browser opening the view, a probe): logged, never counted.
      log.warn(peer, "admin API: no admin token for " + request + " from " + peer);
      return Outcome.UNAUTHORIZED;
    }
    boolean withinBudget = failures.take(peer);
    log.warn(peer, "admin API: a wrong admin token for " + request + " from " + peer
        + (withinBudget ? "" : " (too many wrong tokens from this address: answered 429)"));
    return withinBudget ? Outcome.UNAUTHORIZED : Outcome.TOO_MANY_ATTEMPTS;
  }

  /** The hint an admin API client gets with a 401 or 429. */
  public static String hint() {
    return "Send the hub's admin token (adminToken in hub.json, --admin-token or OUTPOST_HUB_ADMIN_TOKEN)"
        + " as Authorization: Bearer TOKEN.";
  }
}
