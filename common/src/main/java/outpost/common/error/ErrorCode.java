package outpost.common.error;

/**
 * Error codes of the public contract (docs/operations.md, "Error codes"), each with a default message and a hint
 * for people.
 */
public enum ErrorCode {
  CONNECTION_ERROR(true, "The hub could not be reached.",
      "Check the network link and that the hub address is right; the sync retries by itself."),
  AUTH_ERROR(false, "The hub refused this site's credentials.",
      "Check the site id and token in the edge config; ask the hub operator whether the site is disabled."),
  PERMISSION_DENIED(false, "This site may not change that record.",
      "The collection is read-only here or the record belongs to another site; discard the change or ask the hub operator."),
  VERSION_INCOMPATIBLE(false, "The hub does not speak this node's protocol version.",
      "Upgrade the edge node or the hub so that their protocol versions overlap (see docs/operations.md)."),
  TIMEOUT(true, "The hub stopped answering.",
      "The link may be stalled; the next sync resumes where this one stopped."),
  REJECTED(false, "The hub rejected the change.",
      "Read the reason, then fix the record (the fix is sent with the next sync) or discard the change."),
  CONFLICT(false, "The record was changed on both sides.",
      "Open Conflicts and choose which version to keep, or edit a merged value."),
  INTEGRATION_ERROR(false, "The hub's data could not be applied here.",
      "Retry the sync; if it persists, send the run detail to support."),
  NOT_SUPPORTED(false, "The hub does not know this collection.",
      "Declare the collection on the hub, or route it to a hub that has it."),
  INTERNAL_ERROR(true, "Something failed inside Outpost.",
      "Retry; if it persists, send the logs and the run id to support."),
  BAD_REQUEST(false, "The request is not valid.", "Fix the request as the message says."),
  NOT_FOUND(false, "Not found.", "Check the collection and id."),
  ALREADY_RESOLVED(false, "The conflict was already resolved elsewhere.",
      "Reload: the record now holds the value chosen there."),
  PAYLOAD_TOO_LARGE(false, "The request body is too large.", "Split the request into smaller ones."),
  STORE_DAMAGED(false, "This node's stored data is damaged or incomplete.",
      "See \"When a node refuses to start because its store lost data\" in docs/operations.md."),

  ORIGIN_REUSED(false, "The hub already holds a different change under this change's number.",
      "Another copy of this node (a cloned device, or one restored from a backup) used the same site id: keep one"
      + " device per site id, then retry the failed item to send it under a new number (see docs/operations.md).");

  private final boolean retriable;
  private final String message;
  private final String hint;

  ErrorCode(boolean retriable, String message, String hint) {
    this.retriable = retriable;
    this.message = message;
    this.hint = hint;
  }

  public boolean retriable() {
    return retriable;
  }

  public String message() {
    return message;
  }

  public String hint() {
    return hint;
  }

  /**
   * The HTTP status both nodes answer with this code: the one mapping of codes to statuses, so that the edge's
   * REST API and the hub's admin API agree (docs/operations.md, "Error codes").
   */
  public int httpStatus() {
    return switch (this) {
      case BAD_REQUEST, REJECTED -> 400;
      case AUTH_ERROR -> 401;
      case PERMISSION_DENIED -> 403;
      case NOT_FOUND, NOT_SUPPORTED -> 404;
      case CONFLICT, ALREADY_RESOLVED -> 409;
      case PAYLOAD_TOO_LARGE -> 413;
      case CONNECTION_ERROR, TIMEOUT -> 503;
      case VERSION_INCOMPATIBLE, INTEGRATION_ERROR, INTERNAL_ERROR, STORE_DAMAGED, ORIGIN_REUSED -> 500;
    };
  }

  /** Parses a code name, answering INTERNAL_ERROR for names this version does not know. */
  public static ErrorCode parse(String name) {
    try {
      return valueOf(name);
    } catch (IllegalArgumentException | NullPointerException e) {
      return INTERNAL_ERROR;
    }
  }
}
