package outpost.system.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.vertx.core.json.JsonObject;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.proto.v1.HelloRequest;
import outpost.system.ChildProcess;
import outpost.system.fixture.Await;
import outpost.system.fixture.FaultProxy;
import outpost.system.fixture.Http;
import outpost.system.fixture.PgSchema;

/**
 * Security properties of the shipped jars. Bad tokens never lock the right one out and cost the hub only
 * a budget of bcrypt work: covered in process by central-hub's {@code AuthUnderAttackTest} and
 * {@code SyncServiceTest.repeatedWrongTokensNeverBlockTheRightToken}, and checked here once more against
 * the real hub.
 */
class SecurityIT {
  @TempDir
  Path tmp;

  @Test
  void adminApiAndMetricsNeedTheTokenAlsoWhenTheHubListensBeyondLoopback() throws Exception {
    try (HubProcess hub = new HubProcess(tmp.resolve("hub"), List.of("--data", tmp.resolve("hub-data").toString()),
        new JsonObject().put("httpHost", "0.0.0.0"))) {
      hub.start();
      List<String> bases = new java.util.ArrayList<>(List.of(hub.url()));
      InetAddress outside = nonLoopbackAddress();
      if (outside != null) {
        bases.add(hub.url().replace("127.0.0.1", outside.getHostAddress()));
      }
      Http anonymous = Http.as(null).timeout(Duration.ofSeconds(10)).lenient();
      Http wrong = Http.as("not-the-admin-token-000000000000").timeout(Duration.ofSeconds(10)).lenient();
      for (String base : bases) {
        for (String path : List.of("/metrics", "/api/sites", "/api/conflicts", "/api/sync/runs", "/api/records/notes")) {
          assertEquals(401, anonymous.get(base + path).status(), base + path + " without a token");
          assertEquals(401, wrong.get(base + path).status(), base + path + " with a wrong token");
          assertEquals(200, hub.rest().get(base + path).status(), base + path + " with the token");
        }
        assertEquals(401, anonymous.post(base + "/api/sites", new JsonObject().put("id", "sneaky")).status());
        assertEquals(200, anonymous.get(base + "/health").status(), "health is open (load balancers)");
      }
      assertTrue(hub.rest().get(hub.url() + "/api/sites").body().contains("[]"), "no site was added");
      System.out.println("SECURITY admin API checked on " + bases);
    }
  }

  @Test
  void edgeRefusesToListenBeyondLoopbackWithoutAnApiToken() throws Exception {
    ChildProcess refused = ChildProcess.start(ChildProcess.edgeJar(), List.of("-Xmx96m"), "serve", "--site", "clinic-a",
        "--data", tmp.resolve("a").toString(), "--http-host", "0.0.0.0", "--http-port", "0",
        "--hub", "central=127.0.0.1:9", "--token", "t");
    assertTrue(refused.process().waitFor(60, TimeUnit.SECONDS), "the edge exits");
    assertNotEquals(0, refused.process().exitValue());
    assertTrue(refused.output().contains("apiToken") && refused.output().contains("0.0.0.0"), refused.output());
    assertTrue(!refused.output().contains("listening on"), refused.output());

    String apiToken = "edge-api-token-for-the-test-7f3a";
    try (ChildProcess edge = ChildProcess.start(ChildProcess.edgeJar(), List.of("-Xmx96m"), "serve", "--site",
        "clinic-b", "--data", tmp.resolve("b").toString(), "--http-host", "0.0.0.0", "--http-port", "0",
        "--hub", "central=127.0.0.1:9", "--token", "t", "--api-token", apiToken)) {
      String url = edge.await(EdgeProcess.LISTENING, 60);
      String local = "http://127.0.0.1:" + url.substring(url.lastIndexOf(':') + 1);
      assertEquals(401, Http.as(null).timeout(Duration.ofSeconds(10)).lenient().get(local + "/api/records/notes").status());
      assertEquals(401, Http.as("wrong").timeout(Duration.ofSeconds(10)).lenient().put(local + "/api/records/notes/n",
          new JsonObject()).status());
      assertEquals(200, Http.as(apiToken).timeout(Duration.ofSeconds(10)).lenient().get(local + "/api/records/notes").status());
      assertEquals(404, Http.as(apiToken).timeout(Duration.ofSeconds(10)).lenient().get(local + "/api/records/notes/n").status(),
          "the refused write wrote nothing");
    }
  }

  @Test
  void repeatedBadTokensNeverLockTheRightTokenOutOnTheRealHub() throws Exception {
    try (HubProcess hub = new HubProcess(tmp.resolve("hub"), List.of("--data", tmp.resolve("hub-data").toString()),
        new JsonObject())) {
      int port = hub.start();
      String token = hub.addSite("clinic-a");
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      try {
        assertTrue(hello(channel, "clinic-a", token).isOk());
        for (int i = 0; i < 20; i++) {
          Status s = hello(channel, "clinic-a", "wrong-" + i);
          // Wrong, or (past the bcrypt budget) "retry later": never let in, never a lock-out of the site.
          assertTrue(s.getCode() == Status.Code.UNAUTHENTICATED && s.getDescription().contains("is wrong")
              || s.getCode() == Status.Code.UNAVAILABLE, s.toString());
        }
        assertTrue(hello(channel, "clinic-a", token).isOk(), "the right token still gets in at once");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static Status hello(ManagedChannel channel, String site, String token) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("x-outpost-site", Metadata.ASCII_STRING_MARSHALLER), site);
    headers.put(Metadata.Key.of("x-outpost-token", Metadata.ASCII_STRING_MARSHALLER), token);
    headers.put(Metadata.Key.of("x-outpost-protocol", Metadata.ASCII_STRING_MARSHALLER), "1");
    return HubFuzzIT.call(channel, headers, HubFuzzIT.HELLO,
        List.of(HelloRequest.newBuilder().setNodeVersion("1").build().toByteArray())).status();
  }

  /**
   * A hub on PostgreSQL (a password in its URL) and two edges with API tokens sync, logging at DEBUG, one
   * site also tries a wrong token; then every line any of them printed is searched for each secret: none
   * appears.
   */
  @Test
  void tokensAndSecretsNeverAppearInTheLogs() throws Exception {
    String pgPassword = "pg-secret-7c1d9e55";
    String wrongToken = "guessed-token-0b5e2a91";
    String apiToken = "edge-api-token-4e8f60d2";
    try (PgSchema schema = new PgSchema();
        HubProcess hub = new HubProcess(tmp.resolve("hub"), List.of("--pg-url",
            schema.url().replace("postgres@", "postgres:" + pgPassword + "@")), new JsonObject()).debugLogs()) {
      int port = hub.start();
      String tokenA = hub.addSite("clinic-a");
      String tokenB = hub.addSite("clinic-b");
      JsonObject extra = new JsonObject().put("apiToken", apiToken);
      try (EdgeProcess a = new EdgeProcess(tmp.resolve("a"), "clinic-a", hubEntry(port, tokenA), extra);
          EdgeProcess b = new EdgeProcess(tmp.resolve("b"), "clinic-b", hubEntry(port, wrongToken), extra)) {
        a.debugLogs().start();
        b.debugLogs().start();
        assertEquals(201, a.rest().put(a.url() + "/api/records/notes/n1", new JsonObject().put("v", 1)).status());
        JsonObject ok = a.sync(60);
        assertNotNull(ok);
        assertEquals("COMPLETE", ok.getString("status"), Cluster.summary(ok));
        JsonObject refused = b.sync(60);
        assertEquals("AUTH_ERROR", refused.getJsonArray("hubs").getJsonObject(0).getJsonObject("error").getString("code"));
        assertTrue(ok.getJsonObject("config").encode().contains("***"), "the run's config is masked");

        String all = hub.output() + a.output() + b.output();
        Files.writeString(tmp.resolve("all.log"), all);
        for (String secret : List.of(HubProcess.ADMIN_TOKEN, tokenA, tokenB, wrongToken, apiToken, pgPassword)) {
          assertTrue(!all.contains(secret), "a secret is in the logs: " + secret.substring(0, 6) + "...");
          assertTrue(!ok.encode().contains(secret) && !refused.encode().contains(secret), "a secret is in a run");
        }
        System.out.println("SECURITY searched " + all.lines().count() + " log lines for 6 secrets: 0 found");
      }
    }
  }

  private static JsonObject hubEntry(int port, String token) {
    return new JsonObject().put("name", "central").put("address", "127.0.0.1:" + port).put("token", token);
  }

  /**
   * TLS with a CA made for the test (openssl): the hub serves gRPC with a certificate the CA signed, an
   * edge trusting that CA syncs; an edge trusting another CA fails with CONNECTION_ERROR and pushes nothing.
   */
  @Test
  void tlsWorksEndToEndWithATestCaAndAnotherCaIsRefused() throws Exception {
    Path pki = testCa();
    JsonObject tls = new JsonObject().put("tls", new JsonObject().put("cert", pki.resolve("hub.pem").toString())
        .put("key", pki.resolve("hub.key").toString()));
    try (HubProcess hub = new HubProcess(tmp.resolve("hub"), List.of("--data", tmp.resolve("hub-data").toString()), tls)) {
      int port = hub.start();
      JsonObject schedule = new JsonObject().put("schedule", new JsonObject().put("intervalMinutes", 1440)
          .put("debounceSeconds", 3600).put("backoffInitialSeconds", 3600).put("backoffMaxSeconds", 3600));
      try (EdgeProcess trusting = new EdgeProcess(tmp.resolve("a"), "clinic-a", hubEntry(port, hub.addSite("clinic-a"))
              .put("tls", new JsonObject().put("ca", pki.resolve("ca.pem").toString())), schedule);
          EdgeProcess other = new EdgeProcess(tmp.resolve("b"), "clinic-b", hubEntry(port, hub.addSite("clinic-b"))
              .put("tls", new JsonObject().put("ca", pki.resolve("other.pem").toString())), schedule)) {
        trusting.start();
        other.start();
        assertEquals(201, trusting.rest().put(trusting.url() + "/api/records/notes/over-tls",
            new JsonObject().put("v", 1)).status());
        LostAckIT.synced(trusting);
        assertEquals(200, hub.rest().get(hub.url() + "/api/records/notes/over-tls").status(), "pushed over TLS");

        assertEquals(201, other.rest().put(other.url() + "/api/records/notes/wrong-ca", new JsonObject()).status());
        JsonObject run = other.sync(90);
        assertNotNull(run);
        assertEquals("CONNECTION_ERROR", run.getJsonArray("hubs").getJsonObject(0).getJsonObject("error")
            .getString("code"), Cluster.summary(run));
        assertEquals(404, hub.rest().get(hub.url() + "/api/records/notes/wrong-ca").status());
        assertEquals(1L, other.status().getJsonObject("pending").getLong("central"), "kept for a later run");
      }
    }
  }

  /**
   * After a run fails to reach a TLS hub (its link is down), the hub's return is noticed and starts a
   * reconnect run by itself: the edge's reachability probe must trust the configured CA too.
   */
  @Test
  void reconnectRunStartsByItselfWhenATlsHubIsBack() throws Exception {
    Path pki = testCa();
    JsonObject tls = new JsonObject().put("tls", new JsonObject().put("cert", pki.resolve("hub.pem").toString())
        .put("key", pki.resolve("hub.key").toString()));
    try (HubProcess hub = new HubProcess(tmp.resolve("hub"), List.of("--data", tmp.resolve("hub-data").toString()), tls)) {
      int port = hub.start();
      try (FaultProxy link = new FaultProxy(port); EdgeProcess edge = new EdgeProcess(tmp.resolve("a"), "clinic-a",
          hubEntry(port, hub.addSite("clinic-a")).put("address", link.address())
              .put("tls", new JsonObject().put("ca", pki.resolve("ca.pem").toString())),
          new JsonObject().put("schedule", new JsonObject().put("intervalMinutes", 1440).put("debounceSeconds", 3600)
              .put("backoffInitialSeconds", 3600).put("backoffMaxSeconds", 3600)))) {
        edge.start();
        LostAckIT.synced(edge);
        link.down(true);
        JsonObject failed = edge.sync(90);
        assertEquals("CONNECTION_ERROR", failed.getJsonArray("hubs").getJsonObject(0).getJsonObject("error")
            .getString("code"), Cluster.summary(failed));
        link.down(false);
        JsonObject reconnect = Await.value(() -> completedReconnect(edge), Duration.ofSeconds(60),
            "a completed reconnect run after the TLS hub came back");
        assertNotNull(reconnect, "no reconnect run after the TLS hub came back");
      }
    }
  }

  private static JsonObject completedReconnect(EdgeProcess edge) {
    JsonObject reconnect = null;
    for (Object o : edge.rest().get(edge.url() + "/api/sync/runs?limit=5").json().getJsonArray("items")) {
      JsonObject run = (JsonObject) o;
      if ("reconnect".equals(run.getString("trigger")) && "COMPLETE".equals(run.getString("status"))) {
        reconnect = run;
      }
    }
    return reconnect;
  }

  /** A CA, another CA, and a hub certificate for 127.0.0.1 and localhost that the first CA signed. */
  private Path testCa() throws Exception {
    Path pki = tmp.resolve("pki");
    if (Files.exists(pki.resolve("hub.pem"))) {
      return pki;
    }
    Files.createDirectories(pki);
    openssl(pki, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=Outpost Test CA");
    openssl(pki, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other.pem",
        "-days", "2", "-subj", "/CN=Some Other CA");
    openssl(pki, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "hub.key", "-out", "hub.csr", "-subj", "/CN=localhost");
    Files.writeString(pki.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    openssl(pki, "x509", "-req", "-in", "hub.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "hub.pem", "-days", "2", "-extfile", "san.ext");
    return pki;
  }

  private static void openssl(Path dir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl " + String.join(" ", args) + ":\n" + out);
  }

  private static InetAddress nonLoopbackAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return a;
        }
      }
    }
    return null;
  }
}
