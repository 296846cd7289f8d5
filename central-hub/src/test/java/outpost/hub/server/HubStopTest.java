package outpost.hub.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.hub.config.HubConfig;
import outpost.hub.store.HubStore;

/** A hub whose store fails to close says so from stop(), after closing everything else. */
class HubStopTest {
  @TempDir
  Path dir;

  @Test
  void aStoreThatFailsToCloseFailsTheStop() throws Exception {
    AtomicBoolean realClosed = new AtomicBoolean();
    StoreFactory failingClose = (vertx, config) -> {
      HubStore real = Stores.create(vertx, config);
      return (HubStore) Proxy.newProxyInstance(HubStore.class.getClassLoader(), new Class<?>[] {HubStore.class},
          (proxy, method, args) -> {
            try {
              Object answer = method.invoke(real, args);
              if (method.getName().equals("close")) {
                return ((Future<?>) answer).transform(ar -> {
                  realClosed.set(ar.succeeded());
                  return Future.failedFuture(new IllegalStateException("the store did not close"));
                });
              }
              return answer;
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    };
    HubServer hub = new HubServer(HubConfig.fromJson(new JsonObject().put("grpcPort", 0).put("httpPort", 0)
        .put("data", dir.resolve("hub-data").toString())), failingClose);
    hub.start().await(30, TimeUnit.SECONDS);

    Exception e = assertThrows(Exception.class, () -> hub.stop().await(30, TimeUnit.SECONDS));
    assertEquals("the store did not close", e.getMessage());
    assertTrue(realClosed.get(), "the parts were closed all the same");
  }
}
