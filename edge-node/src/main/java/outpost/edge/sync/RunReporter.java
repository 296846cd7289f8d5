package outpost.edge.sync;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import outpost.edge.fleet.FleetReporter;
import outpost.edge.run.CollectionOutcome;
import outpost.edge.run.HubResult;
import outpost.edge.run.RunResult;
import outpost.edge.store.EdgeStore;
import outpost.proto.v1.CollectionStatus;
import outpost.proto.v1.FleetReport;
import outpost.proto.v1.RunReport;

/**
 * Tells each hub a run reached how the run's part with it ended here (ReportRun, docs/protocol.md), so that the hub
 * shows the edge's status for the sync id. The report is kept in the store until a hub has it: one the link dropped
 * rides in the next Hello to that hub ({@code last_run}). Nothing here fails or holds a run: the run's result is
 * saved and answered before a report goes, each call has a short deadline, and every failure is logged.
 */
final class RunReporter {
  private static final Logger LOG = LoggerFactory.getLogger(RunReporter.class);
  /** The store setting that keeps a hub's undelivered report (one per hub: the latest run's). */
  static final String SETTING = "unreported-run:";
  /** A report is small: a hub that takes longer is treated as gone, and the next Hello carries it. */
  static final Duration MAX_WAIT = Duration.ofSeconds(10);
  /** Answers that say the hub will never take this report: it is dropped rather than sent again. */
  private static final Set<Status.Code> FINAL = Set.of(Status.Code.NOT_FOUND, Status.Code.INVALID_ARGUMENT,
      Status.Code.UNIMPLEMENTED, Status.Code.PERMISSION_DENIED, Status.Code.UNAUTHENTICATED,
      Status.Code.FAILED_PRECONDITION);

  private final EdgeStore store;
  private final String site;
  private final int protocolVersion;

  RunReporter(EdgeStore store, String site, int protocolVersion) {
    this.store = store;
    this.site = site;
    this.protocolVersion = protocolVersion;
  }

  /** Reports the run to each of {@code reached}; keeps the reports when {@code send} is false (a stopping node). */
  void reportAll(RunResult run, List<HubTarget> reached, boolean send) {
    for (HubTarget hub : reached) {
      try {
        report(run, hub, send);
      } catch (RuntimeException e) {
        LOG.warn("could not report sync {} to hub {}: {}", run.id(), hub.name(), e.toString());
      }
    }
  }

  private void report(RunResult run, HubTarget hub, boolean send) {
    HubResult part = run.hubs().stream().filter(h -> h.name().equals(hub.name())).findFirst().orElse(null);
    if (part == null) {
      return;
    }
    RunReport report = of(run, part, Await.result(FleetReporter.gather(store, hub.name())));
    Await.result(store.putSetting(SETTING + hub.name(), Base64.getEncoder().encodeToString(report.toByteArray())));
    if (!send) {
      return;
    }
    try (HubLink link = new HubLink(hub, site, protocolVersion)) {
      long wait = Math.min(hub.idleTimeout().toMillis(), MAX_WAIT.toMillis());
      link.blocking().withDeadlineAfter(wait, TimeUnit.MILLISECONDS).reportRun(report);
      delivered(hub, report);
    } catch (StatusRuntimeException e) {
      if (FINAL.contains(e.getStatus().getCode())) {
        LOG.warn("hub {} refused the report of sync {}: {}", hub.name(), run.id(), e.getStatus());
        delivered(hub, report);
      } else {
        LOG.info("the report of sync {} did not reach hub {} ({}); the next Hello carries it", run.id(), hub.name(),
            e.getStatus().getCode());
      }
    }
  }

  /** The report of a hub's part of a run, as the protocol carries it. */
  static RunReport of(RunResult run, HubResult part, FleetReport fleet) {
    RunReport.Builder b = RunReport.newBuilder().setSyncId(run.id()).setStatus(part.status().json()).setFleet(fleet);
    for (CollectionOutcome c : run.collections()) {
      if (c.hub().equals(part.name())) {
        b.addCollections(CollectionStatus.newBuilder().setCollection(c.collection()).setStatus(c.status().json()));
      }
    }
    FleetReporter.errorOf(part).ifPresent(e -> b.setErrorCode(e.code().name()).setErrorMessage(e.message()));
    return b.build();
  }

  /** The report a Hello to {@code hub} should carry: the last one it has not had, or null. */
  RunReport unreported(HubTarget hub) {
    try {
      String kept = Await.result(store.setting(SETTING + hub.name()));
      return kept == null ? null : RunReport.parseFrom(Base64.getDecoder().decode(kept));
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      LOG.warn("dropped an unreadable undelivered run report for hub {}: {}", hub.name(), e.toString());
      Await.result(store.putSetting(SETTING + hub.name(), null));
      return null;
    }
  }

  /** The hub has the report (or will never take it): it is not sent again. */
  void delivered(HubTarget hub, RunReport report) {
    RunReport kept = unreported(hub);
    if (kept != null && kept.getSyncId().equals(report.getSyncId())) {
      Await.result(store.putSetting(SETTING + hub.name(), null));
    }
  }
}
