package outpost.edge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The collection-name check is a loop for speed; it must accept exactly what the documented pattern does. */
class ValidationTest {
  private static final Pattern DOCUMENTED = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

  @Test
  void collectionNamesAreExactlyThoseOfThePattern() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    String alphabet = "aZ09_.-/ é\u0000\u3042";
    for (int i = 0; i < 200_000; i++) {
      int length = random.nextInt(70);
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < length; k++) {
        b.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : 'x');
      }
      String name = b.toString();
      assertEquals(DOCUMENTED.matcher(name).matches(), Validation.isCollectionName(name),
          "'" + name + "' (seed " + seed + ")");
    }
    assertTrue(Validation.isCollectionName("a".repeat(64)));
    assertFalse(Validation.isCollectionName("a".repeat(65)));
    assertFalse(Validation.isCollectionName(null));
    assertFalse(Validation.isCollectionName(".hidden"));
    assertTrue(Validation.isCollectionName("_a.b-c"));
  }
}
