package outpost.hub.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import outpost.hub.store.HubStore;
import outpost.hub.store.SiteReport;
import outpost.proto.v1.FleetReport;

/**
 * Keeps the fleet report an edge sends in its Hello (docs/protocol.md) as the site's latest. The report is
 * bookkeeping for the operator: the Hello is answered without waiting for it, and a failure to store it is
 * logged, never the sync's failure.
 */
final class FleetReports {
  private static final Logger LOG = LoggerFactory.getLogger(FleetReports.class);
  /** An edge's error sentence is shown in a table cell: longer text is cut, not stored whole. */
  static final int MAX_ERROR_CHARS = 500;

  private FleetReports() {}

  static void save(HubStore store, String site, FleetReport r) {
    String error = r.getLastError();
    SiteReport report = new SiteReport(site, System.currentTimeMillis(), cut(r.getNodeVersion(), 64),
        Math.max(0, r.getPending()), Math.max(0, r.getOldestPendingMillis()), Math.max(0, r.getFailedItems()),
        Math.max(0, r.getOpenConflicts()), Math.max(0, r.getStoreBytes()), cut(error, MAX_ERROR_CHARS),
        cut(r.getLastErrorCode(), 64));
    store.saveSiteReport(report).onFailure(e -> LOG.warn("could not keep the fleet report of site {}: {}", site,
        e.toString()));
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
