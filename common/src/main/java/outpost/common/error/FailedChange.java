package outpost.common.error;

/**
 * What a person can do about a change a hub refused with a given code (docs/operations.md, "Failed items"): every
 * failed change can be discarded; only some can be retried as they are. The one place that decides it, so that the
 * API, the views and the CLI never offer a retry that must fail again.
 */
public final class FailedChange {
  private FailedChange() {}

  /**
   * Whether sending the same change again can succeed. Permanent refusals are about the change itself (this site
   * may not write it, the hub refused its value, the stored value is unreadable); retryable ones end when
   * something outside the change is fixed (the link, the hub's collections, a cloned site's numbering).
   */
  public static boolean retryable(ErrorCode code) {
    return switch (code) {
      case CONNECTION_ERROR, TIMEOUT, INTERNAL_ERROR, INTEGRATION_ERROR, NOT_SUPPORTED, ORIGIN_REUSED,
          VERSION_INCOMPATIBLE, AUTH_ERROR -> true;
      case PERMISSION_DENIED, REJECTED, BAD_REQUEST, PAYLOAD_TOO_LARGE, STORE_DAMAGED, CONFLICT, NOT_FOUND,
          ALREADY_RESOLVED -> false;
    };
  }

  /** {@link #retryable(ErrorCode)} for a code as stored (an unknown name reads as INTERNAL_ERROR). */
  public static boolean retryable(String code) {
    return retryable(ErrorCode.parse(code));
  }
}
