package outpost.common;

import java.util.Objects;

/**
 * Identifies a record: (collection, id). Encoded as one string for ordered maps, with a NUL
 * separator so that all ids of a collection sort together and no id can forge another collection.
 */
public record RecordKey(String collection, String id) implements Comparable<RecordKey> {
  public static final char SEP = '\u0000';

  public RecordKey {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(id, "id");
  }

  public String encode() {
    return collection + SEP + id;
  }

  public static RecordKey decode(String encoded) {
    int i = encoded.indexOf(SEP);
    if (i < 0) {
      throw new IllegalArgumentException("not a record key: " + encoded);
    }
    return new RecordKey(encoded.substring(0, i), encoded.substring(i + 1));
  }

  /** The lowest encoded key of a collection; all its keys are greater or equal. */
  public static String collectionStart(String collection) {
    return collection + SEP;
  }

  @Override
  public int compareTo(RecordKey o) {
    return encode().compareTo(o.encode());
  }
}
