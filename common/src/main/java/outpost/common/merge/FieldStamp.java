package outpost.common.merge;

/**
 * When a top-level field last changed on the hub: the hub sequence of that change and the site it came
 * from ("" for a hub-side write). The origin lets a site's own earlier change never count as a
 * concurrent edit against that site's later change (which happens after a lost ack or coalescing).
 */
public record FieldStamp(long version, String origin) {
  public FieldStamp {
    origin = origin == null ? "" : origin;
  }
}
