package outpost.edge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;

/** The edge's failure handler answers each code with the status the hub's admin API gives it. */
class ErrorStatusTest {
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.get("/fail/:code").handler(ctx -> ctx.fail(new OutpostException(
        ErrorCode.valueOf(ctx.pathParam("code")), "failed with " + ctx.pathParam("code"))));
    router.route().failureHandler(HttpErrors::handle);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void refusedTimedOutAndConflictingAnswerTheirOwnStatuses() {
    Http http = new Http("http://127.0.0.1:" + server.actualPort());
    for (ErrorCode code : new ErrorCode[] {ErrorCode.REJECTED, ErrorCode.TIMEOUT, ErrorCode.CONFLICT,
        ErrorCode.CONNECTION_ERROR, ErrorCode.ALREADY_RESOLVED, ErrorCode.STORE_DAMAGED}) {
      Http.Answer a = http.get("/fail/" + code.name());
      assertEquals(code.httpStatus(), a.status(), code.name());
      assertEquals(code.name(), a.json().getString("error"));
      assertEquals("failed with " + code.name(), a.json().getString("message"));
    }
    assertEquals(400, http.get("/fail/" + ErrorCode.REJECTED.name()).status());
    assertEquals(503, http.get("/fail/" + ErrorCode.TIMEOUT.name()).status());
    assertEquals(409, http.get("/fail/" + ErrorCode.CONFLICT.name()).status());
  }
}
