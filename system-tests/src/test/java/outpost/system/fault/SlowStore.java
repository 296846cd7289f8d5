package outpost.system.fault;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import outpost.hub.store.HubStore;

/**
 * A hub store that answers late while its switch is on: every call that answers a {@code Future} starts only
 * after the delay (a database under a long lock, a disk that stalls). The real store is untouched.
 */
final class SlowStore {
  /** How late the store answers now; 0 is on time. */
  static final class Switch {
    private volatile long delayMillis;

    void delay(long millis) {
      delayMillis = millis;
    }

    long delay() {
      return delayMillis;
    }
  }

  private SlowStore() {}

  static HubStore wrap(Vertx vertx, HubStore store, Switch slow) {
    return (HubStore) Proxy.newProxyInstance(HubStore.class.getClassLoader(), new Class<?>[] {HubStore.class},
        (proxy, method, args) -> {
          long delay = slow.delay();
          if (delay <= 0 || method.getReturnType() != Future.class || method.getName().equals("close")) {
            return call(store, method, args);
          }
          return vertx.timer(delay).compose(v -> (Future<?>) call(store, method, args));
        });
  }

  private static Object call(HubStore store, Method method, Object[] args) {
    try {
      return method.invoke(store, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
