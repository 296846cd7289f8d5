package outpost.edge.sync;

import outpost.edge.run.RunResult;

/** The filters of GET /api/sync/runs applied to one run. */
final class RunFilter {
  private RunFilter() {}

  static boolean matches(RunResult run, SyncApi.RunQuery q) {
    if (q.from() != null && run.startedAt().isBefore(q.from()) || q.to() != null && run.startedAt().isAfter(q.to())) {
      return false;
    }
    if (q.status() != null && !q.status().equalsIgnoreCase(run.status().json())) {
      return false;
    }
    if (q.collection() != null || q.operation() != null) {
      boolean any = run.counts().stream().anyMatch(c ->
          (q.collection() == null || q.collection().equals(c.collection()))
              && (q.operation() == null || q.operation().equals(c.operation())));
      if (!any) {
        return false;
      }
    }
    if (q.q() != null && !q.q().isBlank()) {
      String needle = q.q().trim();
      if (!run.id().equals(needle)) {
        return run.items().stream().anyMatch(i -> needle.equals(i.id()));
      }
    }
    return true;
  }
}
