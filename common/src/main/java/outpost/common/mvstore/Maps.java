package outpost.common.mvstore;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.LongDataType;

/** Opens maps with explicit key and value types instead of MVStore's per-value type dispatch. */
public final class Maps {
  private Maps() {}

  public static MVMap<String, String> strings(MVStore store, String name) {
    return store.openMap(name, new MVMap.Builder<String, String>().keyType(Utf8StringType.INSTANCE)
        .valueType(Utf8StringType.INSTANCE));
  }

  public static MVMap<String, Long> stringToLong(MVStore store, String name) {
    return store.openMap(name, new MVMap.Builder<String, Long>().keyType(Utf8StringType.INSTANCE)
        .valueType(LongDataType.INSTANCE));
  }

  public static MVMap<Long, String> longToString(MVStore store, String name) {
    return store.openMap(name, new MVMap.Builder<Long, String>().keyType(LongDataType.INSTANCE)
        .valueType(Utf8StringType.INSTANCE));
  }
}
