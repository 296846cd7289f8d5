package outpost.edge.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import outpost.common.ScopeDigest;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.edge.fleet.FleetReporter;
import outpost.edge.run.RunStatus;
import outpost.edge.run.Step;
import outpost.edge.store.CollectionRules;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.Repair;
import outpost.edge.store.Tally;
import outpost.proto.v1.CollectionDigest;
import outpost.proto.v1.CollectionRule;
import outpost.proto.v1.HelloReply;
import outpost.proto.v1.HelloRequest;
import outpost.proto.v1.PullRequest;
import outpost.proto.v1.RunReport;

/**
 * One hub's part of a run: hello, push, pull, then the divergence check ("integrate"). A connection
 * failure is retried a few times with exponential backoff and jitter before the hub's steps fail; the
 * other hubs of the run are not affected. A stop of the run cuts a backoff short ({@link RetryPause}).
 */
final class HubCycle {
  static final int PULL_BATCH = 500;
  static final int PUSH_BATCH = 500;
  private static final int ATTEMPTS = 3;
  /** The first wait between connection attempts; each next one doubles it. */
  static final long FIRST_BACKOFF_MILLIS = 200;

  private final EdgeStore store;
  private final HubTarget hub;
  private final String site;
  private final RunTracker run;
  private final int protocolVersion;
  private final RunReporter reports;
  private final long firstBackoffMillis;
  private boolean greeted;

  /** The first backoff is {@link #FIRST_BACKOFF_MILLIS} but in tests, which make it long to stop a run inside it. */
  HubCycle(EdgeStore store, HubTarget hub, String site, RunTracker run, int protocolVersion, RunReporter reports,
      long firstBackoffMillis) {
    this.firstBackoffMillis = firstBackoffMillis;
    this.store = store;
    this.hub = hub;
    this.site = site;
    this.run = run;
    this.protocolVersion = protocolVersion;
    this.reports = reports;
  }

  /** Whether the hub answered this cycle's Hello: only then can it hold a record of the run to confirm. */
  boolean greeted() {
    return greeted;
  }

  /** Runs the cycle; answers the hub's final status (COMPLETE, PARTIAL or FAILED). */
  RunStatus run() {
    run.hubStarted(hub.name());
    Step step = Step.PUSH;
    try (HubLink link = new HubLink(hub, site, protocolVersion)) {
      run.checkStop();
      // Hello is unary: a link that accepts but never answers would hold it forever without a deadline.
      HelloRequest.Builder helloRequest = HelloRequest.newBuilder().setNodeVersion("1")
          .setReport(Await.result(FleetReporter.gather(store, hub.name())));
      RunReport lastRun = reports.unreported(hub); // a report the link dropped: the hub confirms that run now
      if (lastRun != null) {
        helloRequest.setLastRun(lastRun);
      }
      HelloReply hello = withRetry(() -> link.blocking()
          .withDeadlineAfter(hub.idleTimeout().toMillis(), TimeUnit.MILLISECONDS).hello(helloRequest.build()));
      greeted = true;
      if (lastRun != null) {
        reports.delivered(hub, lastRun);
      }
      learn(hello);
      List<String> collections = collections(hello);
      run.routes(hub.name(), collections);
      int renumbered = Await.result(store.adoptHubSequence(hub.name(), hello.getLastOriginSeq()));
      if (renumbered > 0) {
        run.note(hub.name() + ": this store's sequence was behind the hub's (a store started over or restored"
            + " from a backup): " + renumbered + " pending changes renumbered so that none is taken for a duplicate");
      }
      long before = Await.result(store.lastSeq());
      Tally pushed = withRetry(() -> new PushSession(store, link, hub, run, PUSH_BATCH, hello.getMaxMessageBytes()).push());
      run.counts(hub.name(), "push", pushed);
      checkPushed(before);
      step = Step.PULL;
      run.checkStop();
      PullSession.Result pulled = withRetry(() -> pull(link, collections));
      run.counts(hub.name(), "pull", pulled.tally());
      step = Step.INTEGRATE;
      run.checkStop();
      integrate(link, pulled);
      return run.hubEnded(hub.name());
    } catch (RuntimeException e) {
      OutpostException error = StatusMapping.from(e);
      run.fail(hub.name(), step, error);
      return RunStatus.FAILED;
    }
  }

  /**
   * After a push that ended normally, every change written before the run has been answered (applied, or kept
   * as a failed item or conflict): none is left in the log. One that is left was never answered (a hub that
   * acknowledged without results, a log the push could not read): the push step fails with the reason, the
   * run is not COMPLETE (nor are the collections of those changes), and the changes stay pending for the next run.
   */
  private void checkPushed(long lastSeqBefore) {
    List<outpost.edge.store.LogEntry> left = Await.result(store.readLog(hub.name(), Long.MIN_VALUE, PUSH_BATCH))
        .stream().filter(e -> e.seq() <= lastSeqBefore).toList();
    if (left.isEmpty()) {
      return;
    }
    outpost.edge.store.LogEntry first = left.get(0);
    run.failStep(hub.name(), Step.PUSH, new OutpostException(ErrorCode.INTEGRATION_ERROR, left.size()
        + (left.size() == PUSH_BATCH ? " or more" : "") + " pending changes written before this run were not"
        + " pushed: the hub answered none of them (the first: " + first.collection() + "/" + first.id()
        + ", origin sequence " + first.seq() + "); they stay pending and the next run sends them again"),
        left.stream().map(outpost.edge.store.LogEntry::collection).distinct().toList());
  }

  private PullSession.Result pull(HubLink link, List<String> collections) {
    long cursor = Await.result(store.pullCursor(hub.name()));
    // The hub leaves out this site's own changes the push results already gave it (a repair asks for all).
    long acknowledged = Await.result(store.pushCursor(hub.name()));
    run.step(hub.name(), Step.PULL, RunStatus.RUNNING, 0, 0);
    PullRequest request = PullRequest.newBuilder().setCursor(cursor).setAcknowledgedSeq(acknowledged)
        .setBatchSize(PULL_BATCH)
        .setMaxMessageBytes(hub.maxMessageBytes()).addAllCollections(collections).setSyncId(run.id()).build();
    PullSession.Result result = new PullSession(link, hub, run::stopRequested).pull(request,
        (records, after) -> Await.result(store.applyPull(hub.name(), records, after)),
        (done, total) -> run.step(hub.name(), Step.PULL, RunStatus.RUNNING, done, total));
    long done = result.tally().total();
    run.step(hub.name(), Step.PULL, RunStatus.COMPLETE, done, done);
    return result;
  }

  /** Compares the hub's digests with the edge's own and repairs a collection that diverged. */
  private void integrate(HubLink link, PullSession.Result pulled) {
    List<CollectionDigest> digests = pulled.last() == null ? List.of() : pulled.last().getDigestsList();
    run.step(hub.name(), Step.INTEGRATE, RunStatus.RUNNING, 0, digests.size());
    int done = 0;
    for (CollectionDigest digest : digests) {
      run.checkStop();
      String collection = digest.getCollection();
      if (Await.result(store.hasPending(collection))) {
        run.note(hub.name() + ": digest of '" + collection + "' not checked: local changes are waiting to be pushed");
      } else {
        ScopeDigest local = Await.result(store.digest(collection));
        if (local.count() != digest.getCount() || local.hash() != digest.getHash()) {
          repair(link, collection, local, digest);
        }
      }
      run.step(hub.name(), Step.INTEGRATE, RunStatus.RUNNING, ++done, digests.size());
    }
    run.step(hub.name(), Step.INTEGRATE, RunStatus.COMPLETE, done, digests.size());
  }

  private void repair(HubLink link, String collection, ScopeDigest local, CollectionDigest hubDigest) {
    Repair repair = store.repair(hub.name(), collection);
    PullRequest request = PullRequest.newBuilder().setCursor(0).setBatchSize(PULL_BATCH)
        .setMaxMessageBytes(hub.maxMessageBytes()).addCollections(collection).setSyncId(run.id()).build();
    PullSession.Result result = new PullSession(link, hub, run::stopRequested).pull(request,
        (records, after) -> Await.result(repair.apply(records)), (d, t) -> { });
    int removed = Await.result(repair.finish());
    long restored = result.tally().total(Tally.Kind.NEW) + result.tally().total(Tally.Kind.UPDATED)
        + result.tally().total(Tally.Kind.DELETED);
    ScopeDigest after = Await.result(store.digest(collection));
    boolean fixed = after.count() == hubDigest.getCount() && after.hash() == hubDigest.getHash();
    int resent = repair.requeued();
    run.note(hub.name() + ": divergence in '" + collection + "' (local " + local.count() + " records, hub "
        + hubDigest.getCount() + "): repaired, restored " + restored + ", removed " + removed
        + (resent > 0 ? ", " + resent + " writes marked synced that the hub never had are pending again" : "")
        + (fixed ? "; digests now match" : "; digests still differ (changes arrived meanwhile)"));
    run.counts(hub.name(), "repair", result.tally());
  }

  private void learn(HelloReply hello) {
    Map<String, CollectionRules.Rule> rules = new HashMap<>();
    for (CollectionRule r : hello.getCollectionsList()) {
      rules.put(r.getName(), new CollectionRules.Rule(r.getScope(), r.getWriters()));
    }
    Await.result(store.learnRules(new CollectionRules(rules)));
  }

  private List<String> collections(HelloReply hello) {
    if (!hub.collections().isEmpty()) {
      return hub.collections();
    }
    List<String> all = new ArrayList<>();
    for (CollectionRule r : hello.getCollectionsList()) {
      if (!hub.otherHubsCollections().contains(r.getName())) {
        all.add(r.getName());
      }
    }
    return all;
  }

  private <T> T withRetry(java.util.function.Supplier<T> body) {
    for (int attempt = 1; ; attempt++) {
      try {
        return body.get();
      } catch (RuntimeException e) {
        OutpostException error = StatusMapping.from(e);
        if (error.code() != ErrorCode.CONNECTION_ERROR || attempt >= ATTEMPTS) {
          throw error;
        }
        long delay = (firstBackoffMillis << (attempt - 1)) + ThreadLocalRandom.current().nextLong(100);
        // Cut short by a stop (the node or the run's owner stopping): the run ends on the error it had.
        if (!RetryPause.await(delay, run.stopSignal())) {
          throw error;
        }
      }
    }
  }
}
