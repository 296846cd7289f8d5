package outpost.hub.store.pg;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;

/**
 * Maps database failures to Outpost errors: losing or not reaching the server is CONNECTION_ERROR
 * (the edge retries the whole batch; the transaction was rolled back, so nothing is half applied);
 * anything else the server refuses is INTERNAL_ERROR. Errors Outpost raised itself pass through.
 */
final class PgErrors {
  /** SQLSTATEs meaning the server went away or cannot take the connection now. */
  private static final Set<String> CONNECTION_STATES = Set.of("57P01", "57P02", "57P03", "53300");

  private PgErrors() {}

  static <T> Future<T> fail(Throwable t) {
    return Future.failedFuture(map(t));
  }

  static OutpostException map(Throwable t) {
    if (t instanceof OutpostException o) {
      return o;
    }
    if (t instanceof PgException pg) {
      String state = pg.getSqlState() == null ? "" : pg.getSqlState();
      ErrorCode code = state.startsWith("08") || CONNECTION_STATES.contains(state)
          ? ErrorCode.CONNECTION_ERROR : ErrorCode.INTERNAL_ERROR;
      return new OutpostException(code, "PostgreSQL: " + pg.getErrorMessage() + " (SQLSTATE " + state + ")", t);
    }
    if (t instanceof ClosedConnectionException || t instanceof IOException || t instanceof TimeoutException) {
      return new OutpostException(ErrorCode.CONNECTION_ERROR, "PostgreSQL is unreachable: " + t, t);
    }
    return new OutpostException(ErrorCode.INTERNAL_ERROR, "hub store failure: " + t, t);
  }
}
