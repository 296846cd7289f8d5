package outpost.hub.ingest;

import io.grpc.Status;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import outpost.hub.store.HubStore;
import outpost.hub.store.RunConfirmation;
import outpost.proto.v1.CollectionStatus;
import outpost.proto.v1.RunReport;

/**
 * Applies an edge's report of how its part of a run ended (ReportRun, or HelloRequest.last_run when that call was
 * not delivered; docs/protocol.md) to the hub's record of that sync id. A site confirms only its own runs: the
 * store looks the run up under the calling site, so another site's sync id is as unknown as a made-up one.
 */
final class RunReports {
  private static final Logger LOG = LoggerFactory.getLogger(RunReports.class);

  private RunReports() {}

  /**
   * Confirms the run, then keeps the report's fleet figures as the site's latest when {@code fleet}. Fails with
   * INVALID_ARGUMENT (a word outside the contract's) or NOT_FOUND (no run of this site under the sync id) and
   * changes nothing then.
   */
  static Future<Void> apply(HubStore store, String site, RunReport report, boolean fleet) {
    RunConfirmation confirmation;
    try {
      confirmation = confirmation(report);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(Status.INVALID_ARGUMENT.withDescription("BAD_REQUEST: " + e.getMessage())
          .asRuntimeException());
    }
    return store.confirmRun(site, report.getSyncId(), confirmation).compose(found -> {
      if (!found) {
        return Future.failedFuture(Status.NOT_FOUND.withDescription("NOT_FOUND: site '" + site
            + "' has no run under sync id '" + report.getSyncId() + "' on this hub").asRuntimeException());
      }
      if (fleet && report.hasFleet()) {
        FleetReports.save(store, site, report.getFleet());
      }
      return Future.<Void>succeededFuture();
    });
  }

  /**
   * The last_run of a Hello: applied like the call, but a refusal is the report's loss, never the Hello's. Its
   * fleet figures are older than the Hello's own report, so they are not kept.
   */
  static void applyLate(HubStore store, String site, RunReport report) {
    apply(store, site, report, false).onFailure(e -> LOG.info("ignored the late run report of site {} for sync {}: {}",
        site, report.getSyncId(), e.getMessage()));
  }

  static RunConfirmation confirmation(RunReport r) {
    if (r.getSyncId().isEmpty()) {
      throw new IllegalArgumentException("sync_id is empty");
    }
    Map<String, String> collections = new LinkedHashMap<>();
    for (CollectionStatus c : r.getCollectionsList()) {
      if (collections.put(c.getCollection(), c.getStatus()) != null) {
        throw new IllegalArgumentException("collection '" + c.getCollection() + "' is named twice");
      }
    }
    return new RunConfirmation(r.getStatus(), collections, r.getErrorCode(), r.getErrorMessage());
  }
}
