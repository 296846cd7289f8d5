package outpost.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import outpost.proto.v1.CollectionStatus;
import outpost.proto.v1.FleetReport;
import outpost.proto.v1.HelloRequest;
import outpost.proto.v1.PullRequest;
import outpost.proto.v1.RunReport;
import outpost.proto.v1.SyncGrpc;

/**
 * ReportRun through a real stub and the admin API, as a careless or hostile site would call it: a site confirms only
 * its own runs, only with the contract's words, and a refused report changes nothing the operator sees.
 */
class RunReportTest extends TwoSitesCase {
  private SyncGrpc.SyncBlockingStub as(String site, String token) {
    return TestHub.blocking(channel, TestHub.credentials(site, token, 1));
  }

  /** A pull under the sync id: the hub then holds a COMPLETE run of the site under it. */
  private void pulled(String site, String token, String syncId) {
    as(site, token).pull(PullRequest.newBuilder().setSyncId(syncId).build()).forEachRemaining(b -> { });
  }

  private JsonArray runs() throws Exception {
    var r = hub.admin("GET", "/api/sync/runs", null);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getJsonArray("items");
  }

  private JsonObject run(String syncId) throws Exception {
    return runs().stream().map(JsonObject.class::cast).filter(r -> syncId.equals(r.getString("id"))).findFirst()
        .orElseThrow();
  }

  private void awaitConfirmed(String syncId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!run(syncId).getBoolean("confirmed") && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    assertTrue(run(syncId).getBoolean("confirmed"), syncId + " confirmed");
  }

  private static RunReport report(String syncId, String status) {
    return RunReport.newBuilder().setSyncId(syncId).setStatus(status)
        .addCollections(CollectionStatus.newBuilder().setCollection("notes").setStatus(status))
        .setErrorCode("INTEGRATION_ERROR").setErrorMessage("the pulled data could not be applied")
        .setFleet(FleetReport.newBuilder().setNodeVersion("t").setPending(7)).build();
  }

  private Status.Code refusal(SyncGrpc.SyncBlockingStub stub, RunReport report) {
    return assertThrows(StatusRuntimeException.class, () -> stub.reportRun(report)).getStatus().getCode();
  }

  @Test
  void aSitesReportMakesItsStatusTheRunsAndSaysSoAtRunsAndSites() throws Exception {
    pulled("clinic-a", tokenA, "s-a");
    JsonObject seen = run("s-a");
    assertEquals("COMPLETE", seen.getString("status"));
    assertFalse(seen.getBoolean("confirmed"), "as the hub saw it, until the site says");

    as("clinic-a", tokenA).reportRun(report("s-a", "FAILED"));
    JsonObject confirmed = run("s-a");
    assertEquals("FAILED", confirmed.getString("status"));
    assertTrue(confirmed.getBoolean("confirmed"));
    assertEquals("COMPLETE", confirmed.getString("hubStatus"));
    assertEquals("INTEGRATION_ERROR", confirmed.getJsonObject("edge").getString("errorCode"));

    as("clinic-a", tokenA).reportRun(report("s-a", "FAILED"));
    assertEquals(confirmed, run("s-a"), "a repeated report is idempotent");

    var sites = new JsonObject(hub.admin("GET", "/api/sites", null).body()).getJsonArray("items");
    JsonObject a = sites.stream().map(JsonObject.class::cast).filter(s -> "clinic-a".equals(s.getString("id")))
        .findFirst().orElseThrow();
    assertEquals("FAILED", a.getJsonObject("lastRun").getString("status"));
    assertTrue(a.getJsonObject("lastRun").getBoolean("confirmed"));
    assertEquals("INTEGRATION_ERROR: the pulled data could not be applied",
        a.getJsonObject("lastRun").getString("edgeError"));
    assertEquals(7, a.getJsonObject("fleet").getLong("pending"), "the report's fleet figures are the site's latest");
  }

  @Test
  void anotherSitesSyncIdAnUnknownOneAndABadStatusAreRefusedAndChangeNothing() throws Exception {
    pulled("clinic-a", tokenA, "s-a");
    JsonArray before = runs();

    assertEquals(Status.Code.NOT_FOUND, refusal(as("clinic-b", tokenB), report("s-a", "FAILED")));
    assertEquals(Status.Code.NOT_FOUND, refusal(as("clinic-a", tokenA), report("s-unknown", "FAILED")));
    assertEquals(Status.Code.INVALID_ARGUMENT, refusal(as("clinic-a", tokenA), report("s-a", "DONE")));
    assertEquals(Status.Code.INVALID_ARGUMENT, refusal(as("clinic-a", tokenA), report("s-a", "RUNNING")));
    assertEquals(Status.Code.INVALID_ARGUMENT, refusal(as("clinic-a", tokenA), report("s-a", "FAILED").toBuilder()
        .setErrorCode("NOT_A_CODE").build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, refusal(as("clinic-a", tokenA), report("s-a", "PARTIAL").toBuilder()
        .addCollections(CollectionStatus.newBuilder().setCollection("items").setStatus("GREEN")).build()));
    assertEquals(Status.Code.UNAUTHENTICATED, refusal(as("clinic-a", tokenB), report("s-a", "FAILED")));

    assertEquals(before, runs(), "nothing changed");
    assertFalse(run("s-a").getBoolean("confirmed"));
    var sites = new JsonObject(hub.admin("GET", "/api/sites", null).body()).getJsonArray("items");
    sites.forEach(s -> assertNull(((JsonObject) s).getValue("fleet"), "no refused report's fleet figures are kept"));
  }

  @Test
  void aHelloCarriesTheLastUndeliveredReportAndABadOneDoesNotStopTheHello() throws Exception {
    pulled("clinic-a", tokenA, "s-a");
    as("clinic-a", tokenA).hello(HelloRequest.newBuilder().setLastRun(report("s-a", "PARTIAL")).build());
    awaitConfirmed("s-a");
    assertEquals("PARTIAL", run("s-a").getString("status"));

    pulled("clinic-a", tokenA, "s-b");
    as("clinic-b", tokenB).hello(HelloRequest.newBuilder().setLastRun(report("s-b", "FAILED")).build());
    as("clinic-a", tokenA).hello(HelloRequest.newBuilder().setLastRun(report("s-b", "DONE")).build());
    pulled("clinic-a", tokenA, "s-c");
    as("clinic-a", tokenA).hello(HelloRequest.newBuilder().setLastRun(report("s-c", "COMPLETE")).build());
    awaitConfirmed("s-c"); // the store takes reports in order: the refused ones came first
    assertEquals("COMPLETE", run("s-b").getString("status"), "the Hellos were answered; their reports refused");
    assertFalse(run("s-b").getBoolean("confirmed"));
  }
}
