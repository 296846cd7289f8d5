package outpost.hub.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Site tokens: random, shown once, stored only as a bcrypt hash. */
public final class SiteTokens {
  /** bcrypt cost: ~50-100 ms a hash here, which is why verifications are cached. */
  public static final int COST = 10;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] FINGERPRINT_KEY = randomKey();

  private SiteTokens() {}

  /** 32 random bytes, URL-safe base64 without padding (43 characters). */
  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }

  public static String hash(String token) {
    return BCrypt.withDefaults().hashToString(COST, token.toCharArray());
  }

  /** Whether the token matches the hash; the library compares in constant time. */
  public static boolean verify(String token, String hash) {
    if (token == null || hash == null || hash.isEmpty()) {
      return false;
    }
    try {
      return BCrypt.verifyer().verify(token.toCharArray(), hash.toCharArray()).verified;
    } catch (IllegalArgumentException e) {
      return false; // a malformed hash verifies nothing
    }
  }

  /**
   * A keyed fast hash of a presented token, for the in-memory cache of verified tokens: cheap to compare,
   * and useless outside this process (the key is random per process and never stored).
   */
  static byte[] fingerprint(String token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(FINGERPRINT_KEY, "HmacSHA256"));
      return mac.doFinal(token.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Compares two secrets in constant time (hashing first, so that lengths leak nothing either). */
  public static boolean constantTimeEquals(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256(a), sha256(b));
  }
}
