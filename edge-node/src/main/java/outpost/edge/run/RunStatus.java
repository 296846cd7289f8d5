package outpost.edge.run;

/**
 * The status of a run, of one hub in it, of one step and of one collection. The words are the contract's
 * (docs/rest-api.md): QUEUED and RUNNING while a run goes, COMPLETE, PARTIAL or FAILED once it has ended.
 */
public enum RunStatus {
  QUEUED, RUNNING, COMPLETE, PARTIAL, FAILED;

  /** Whether this is an end state. */
  public boolean ended() {
    return this == COMPLETE || this == PARTIAL || this == FAILED;
  }

  /** The contract word, for JSON. */
  public String json() {
    return name();
  }

  public static RunStatus fromJson(String word) {
    return word == null ? QUEUED : valueOf(word);
  }
}
