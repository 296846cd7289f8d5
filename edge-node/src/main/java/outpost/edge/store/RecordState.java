package outpost.edge.store;

/** The sync state of a local record, as the REST API shows it ({@code sync.state}). */
public enum RecordState {
  SYNCED, PENDING, CONFLICT, FAILED;

  public String json() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
