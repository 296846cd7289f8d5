package outpost.hub.sites;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.hub.auth.SiteTokens;
import outpost.hub.store.ConflictEntry;
import outpost.hub.store.HubStore;
import outpost.hub.store.HubRun;
import outpost.hub.store.SiteRecord;
import outpost.hub.store.SiteReport;

/**
 * The site registry's operations, shared by the admin API and the CLI: add and rotate a token (the token
 * is returned once, only its bcrypt hash is stored), list with activity, disable and enable. bcrypt runs on a worker thread, never
 * on an event loop.
 */
public final class SiteService {
  private static final Pattern SITE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** A site just added and its token, which is never shown again. */
  public record NewSite(String id, String token) {}

  private final Vertx vertx;
  private final HubStore store;
  private final Consumer<SiteRecord> changed;

  /** {@code changed} hears every site this service adds or changes (the authenticator's snapshot). */
  public SiteService(Vertx vertx, HubStore store, Consumer<SiteRecord> changed) {
    this.vertx = vertx;
    this.store = store;
    this.changed = changed;
  }

  public static void validateId(String id) {
    if (id == null || !SITE_ID.matcher(id).matches()) {
      throw OutpostException.badRequest("a site id is 1-64 letters, digits, '_', '.' or '-'");
    }
  }

  public Future<NewSite> add(String id) {
    try {
      validateId(id);
    } catch (OutpostException e) {
      return Future.failedFuture(e);
    }
    String token = SiteTokens.newToken();
    return store.site(id).compose(existing -> {
      if (existing.isPresent()) {
        return Future.failedFuture(OutpostException.withHint(ErrorCode.CONFLICT, "site '" + id + "' already exists",
            "To give it a new token, rotate it: POST /api/sites/" + id + "/token or `central-hub site rotate-token "
                + id + "` (the old token stops working at once). A disabled site comes back with POST /api/sites/"
                + id + "/enable or `central-hub site enable " + id + "`."));
      }
      return vertx.executeBlocking(() -> SiteTokens.hash(token), false);
    }).compose(hash -> {
      SiteRecord site = SiteRecord.create(id, hash, System.currentTimeMillis());
      return store.addSite(site).map(v -> {
        changed.accept(site);
        return new NewSite(id, token);
      });
    });
  }

  public Future<Void> disable(String id) {
    return announce(id, store.setSiteDisabled(id, true));
  }

  /** Lets a disabled site call again, with the token it had. */
  public Future<Void> enable(String id) {
    return announce(id, store.setSiteDisabled(id, false));
  }

  /**
   * Gives a site a new token, returned once; the old one stops working at once in this process (its
   * cached verification is dropped) and, on other replicas, at their next refresh of the site list.
   */
  public Future<NewSite> rotateToken(String id) {
    String token = SiteTokens.newToken();
    return store.site(id).compose(existing -> {
      if (existing.isEmpty()) {
        return Future.failedFuture(notFound(id));
      }
      return vertx.executeBlocking(() -> SiteTokens.hash(token), false);
    }).compose(hash -> announce(id, store.setSiteTokenHash(id, hash))).map(v -> new NewSite(id, token));
  }

  /** After a change to a site in the store, tells the authenticator the site's new state. */
  private Future<Void> announce(String id, Future<Boolean> change) {
    return change.compose(found -> found ? store.site(id) : Future.failedFuture(notFound(id))).map(site -> {
      site.ifPresent(changed);
      return null;
    });
  }

  private static OutpostException notFound(String id) {
    return new OutpostException(ErrorCode.NOT_FOUND, "no site '" + id + "'");
  }

  /**
   * Every site with its activity, pending conflicts, lag, latest run and latest fleet report (docs/rest-api.md);
   * never its token hash. The last status is the latest run's as merged from all its parts: a site's own record
   * holds whichever part (push or pull) ended last, which reads COMPLETE after a PARTIAL push.
   */
  public Future<List<JsonObject>> list() {
    Future<List<SiteReport>> reports = store.siteReports();
    return store.sites().compose(sites -> Future.all(store.conflicts(), reports).compose(both -> {
      Map<String, Integer> pending = new HashMap<>();
      for (ConflictEntry c : both.<List<ConflictEntry>>resultAt(0)) {
        pending.merge(c.site(), 1, Integer::sum);
      }
      Map<String, SiteReport> reportOf = new HashMap<>();
      for (SiteReport r : both.<List<SiteReport>>resultAt(1)) {
        reportOf.put(r.site(), r);
      }
      List<Future<JsonObject>> rows = new ArrayList<>();
      for (SiteRecord s : sites) {
        Future<Long> lag = store.lag(s.id(), s.pullCursor());
        Future<List<HubRun>> latest = store.runs(s.id(), 1);
        rows.add(Future.all(lag, latest).map(f -> SiteView.of(s, pending.getOrDefault(s.id(), 0), lag.result(),
            latest.result().isEmpty() ? null : latest.result().get(0), reportOf.get(s.id()))));
      }
      return Future.all(rows).map(all -> all.<JsonObject>list());
    }));
  }

}
