package outpost.edge.web;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Requests with any path and any body bytes (java.net.http refuses a path like "/a%zz" before sending it), on a
 * real port; each answer within a deadline, so a request that never answers fails the test instead of hanging it.
 */
final class RawHttp implements AutoCloseable {
  record Answer(int status, String body) {}

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client;
  private final int port;

  RawHttp(int port) {
    this.port = port;
    this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  Answer send(HttpMethod method, String uri, byte[] body) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(uri).setHost("127.0.0.1").setPort(port)
        .putHeader("Content-Type", "application/json");
    try {
      return client.request(options)
          .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
          .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b.toString())))
          .await(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(method + " " + uri + " did not answer within 20 s", e);
    }
  }

  @Override
  public void close() {
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }
}
