package outpost.hub.ingest;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import outpost.hub.auth.AuthInterceptor;
import outpost.hub.config.HubConfig;
import outpost.hub.server.HubServer;
import outpost.hub.server.StoreFactory;
import outpost.hub.server.Stores;
import outpost.proto.v1.SyncGrpc;

/** A real hub on ports 0 with a store in a temp folder, and helpers to call it as a site would. */
public final class TestHub implements AutoCloseable {
  public static final String ADMIN_TOKEN = "admin-token-for-tests-0123456789";
  public static final JsonArray COLLECTIONS = new JsonArray()
      .add(new JsonObject().put("name", "patients").put("scope", "site").put("writers", "owner"))
      .add(new JsonObject().put("name", "items").put("scope", "shared").put("writers", "hub"))
      .add(new JsonObject().put("name", "notes").put("scope", "shared").put("writers", "any"));

  public final HubServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestHub(HubServer server) {
    this.server = server;
  }

  public static TestHub start(Path dir, JsonObject overrides) throws Exception {
    return start(dir, overrides, Stores::create);
  }

  /** A hub on a store of the test's making (e.g. a real store behind a wrapper that makes it slow). */
  public static TestHub start(Path dir, JsonObject overrides, StoreFactory stores) throws Exception {
    JsonObject json = new JsonObject().put("grpcPort", 0).put("httpPort", 0).put("adminToken", ADMIN_TOKEN)
        .put("data", dir.resolve("hub-data").toString()).put("collections", COLLECTIONS).mergeIn(overrides);
    HubConfig config = HubConfig.fromJson(json);
    HubServer server = new HubServer(config, stores);
    server.start().await(30, TimeUnit.SECONDS);
    return new TestHub(server);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.httpPort();
  }

  /** Registers a site through the admin API and answers its token. */
  public String addSite(String id) throws Exception {
    HttpResponse<String> r = admin("POST", "/api/sites", new JsonObject().put("id", id).encode());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("site add answered " + r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body()).getString("token");
  }

  public HttpResponse<String> admin(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .header("Authorization", "Bearer " + ADMIN_TOKEN)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public ManagedChannel channel() {
    return NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
  }

  public static Metadata credentials(String site, String token, int protocol) {
    Metadata md = new Metadata();
    md.put(AuthInterceptor.SITE_HEADER, site);
    md.put(AuthInterceptor.TOKEN_HEADER, token);
    md.put(AuthInterceptor.PROTOCOL_HEADER, Integer.toString(protocol));
    return md;
  }

  public static SyncGrpc.SyncStub async(ManagedChannel ch, String site, String token) {
    return SyncGrpc.newStub(ch).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(credentials(site, token, 1)));
  }

  public static SyncGrpc.SyncBlockingStub blocking(ManagedChannel ch, Metadata md) {
    return SyncGrpc.newBlockingStub(ch).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /** Calls Hello as the site and answers the status code it got (OK when let in). */
  public static io.grpc.Status.Code hello(ManagedChannel ch, String site, String token) {
    try {
      blocking(ch, credentials(site, token, 1)).hello(outpost.proto.v1.HelloRequest.getDefaultInstance());
      return io.grpc.Status.Code.OK;
    } catch (io.grpc.StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Override
  public void close() throws Exception {
    server.stop().await(30, TimeUnit.SECONDS);
  }
}
