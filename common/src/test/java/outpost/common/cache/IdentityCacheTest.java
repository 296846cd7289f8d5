package outpost.common.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdentityCacheTest {
  @Test
  void theSameObjectIsComputedOnceAndAnEqualButDifferentOneAgain() {
    IdentityCache<String, Integer> cache = new IdentityCache<>(64);
    AtomicInteger computed = new AtomicInteger();
    String text = new String("stored text");
    assertEquals(11, cache.get(text, s -> computed.incrementAndGet() * 0 + s.length()));
    assertEquals(11, cache.get(text, s -> computed.incrementAndGet() * 0 + s.length()));
    assertEquals(1, computed.get(), "a hit for the same object");
    cache.get(new String("stored text"), s -> computed.incrementAndGet());
    assertEquals(2, computed.get(), "an equal but different object is not taken for it");
  }
}
