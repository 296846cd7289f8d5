package outpost.hub.store.embedded;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import outpost.common.RecordKey;
import outpost.common.ScopeDigest;
import outpost.common.mvstore.Maps;
import outpost.common.mvstore.StoreFile;
import outpost.hub.store.ConflictEntry;
import outpost.hub.store.SiteRecord;
import outpost.hub.store.StoredRecord;

/**
 * The maps of the hub's MVStore file and their codecs. Touched only on the store's worker thread.
 *
 * <p>Layout (values are JSON text unless said otherwise):
 * <ul>
 *   <li>{@code records}: encoded {@link RecordKey} → {@link StoredRecord}, tombstones included;</li>
 *   <li>{@code feed:OWNER} (OWNER "" for shared records): collection NUL 19-digit version → encoded key.
 *       One entry per record, at its current version; keys group by collection, so the records of a
 *       collection above a version are one range, counted in O(log n) with {@code getKeyIndex};</li>
 *   <li>{@code digests}: OWNER NUL collection → "count:hash" of the live records ({@link ScopeDigest});</li>
 *   <li>{@code conflicts}: encoded key NUL site → {@link ConflictEntry};</li>
 *   <li>{@code audit}: encoded key NUL 19-digit sequence → audit entry;</li>
 *   <li>{@code sites}: id → {@link SiteRecord}; {@code runs}: 19-digit start NUL site NUL syncId → run,
 *       with {@code runKeys}: site NUL syncId → its key in {@code runs};</li>
 *   <li>{@code siteReports}: site id → its latest {@link outpost.hub.store.SiteReport};</li>
 *   <li>{@code origins}: site NUL 19-digit origin sequence → decimal {@link outpost.hub.store.ChangeDigest} of
 *       the change processed under it, with {@code originsSince}: site → the first sequence kept there (sites
 *       that pushed before the hub kept digests; absent: every sequence of the site is kept);</li>
 *   <li>{@code meta}: "head", "auditSeq", "schema" → decimal text.</li>
 * </ul>
 */
final class HubMaps {
  static final char SEP = RecordKey.SEP;
  /** 2: UTF-8 string values ({@link outpost.common.mvstore.Utf8StringType}); 1 was MVStore's own encoding. */
  static final String SCHEMA = "2";
  /** A file without the marker is taken as this layout and marked. */
  static final StoreFile.Layout LAYOUT = new StoreFile.Layout("hub data", "schema", SCHEMA, null,
      "start the version that wrote it, or this version with an empty data dir");

  final MVStore store;
  final MVMap<String, String> records;
  final MVMap<String, String> digests;
  final MVMap<String, String> conflicts;
  final MVMap<String, String> audit;
  final MVMap<String, String> sites;
  final MVMap<String, String> runs;
  final MVMap<String, String> runKeys;
  final MVMap<String, String> siteReports;
  final MVMap<String, String> meta;
  final MVMap<String, String> origins;
  final MVMap<String, String> originsSince;
  private final Map<String, MVMap<String, String>> feeds = new HashMap<>();

  private HubMaps(MVStore store) {
    this.store = store;
    // Opened and its layout checked by StoreFile.
    meta = store.openMap(StoreFile.META);
    records = Maps.strings(store, "records");
    digests = Maps.strings(store, "digests");
    conflicts = Maps.strings(store, "conflicts");
    audit = Maps.strings(store, "audit");
    sites = Maps.strings(store, "sites");
    runs = Maps.strings(store, "runs");
    runKeys = Maps.strings(store, "runKeys");
    siteReports = Maps.strings(store, "siteReports");
    boolean keptOrigins = store.hasMap("origins");
    origins = Maps.strings(store, "origins");
    originsSince = Maps.strings(store, "originsSince");
    if (!keptOrigins) {
      // A file written before digests were kept: what its sites pushed so far cannot be compared.
      for (SiteRecord site : values(sites, SiteRecord::fromJson)) {
        if (site.lastSeq() > 0) {
          originsSince.put(site.id(), Long.toString(site.lastSeq() + 1));
        }
      }
    }
  }

  /** Opens (creating) {@code dataDir/hub.mv.db}; a file another process holds fails with a clear message. */
  static HubMaps open(Path dataDir) {
    // autoCommitBufferSize(0): MVStore must not store a half-applied batch on its own when unsaved pages pile up
    // (it does from ~1 MiB); the store's groups are bounded instead (EmbeddedHubStore's groupFull).
    MVStore store = StoreFile.open(dataDir.resolve("hub.mv.db"),
        new MVStore.Builder().autoCommitDisabled().autoCommitBufferSize(0), LAYOUT);
    try {
      HubMaps maps = new HubMaps(store);
      store.commit();
      return maps;
    } catch (RuntimeException e) {
      store.closeImmediately();
      throw e;
    }
  }

  /**
   * Opens every map of the file with its own types (compaction moves only the pages of open maps). A map
   * this version does not know is left closed rather than opened with types that could misread it.
   */
  void openAll() {
    for (String name : store.getMapNames()) {
      if (name.startsWith("feed:")) {
        feed(name.substring("feed:".length()), false);
      } else if (name.equals("upkeep")) {
        store.openMap(name);
      }
    }
  }

  /** Forgets cached map handles: after a rollback, maps created since the last commit are gone. */
  void forgetFeeds() {
    feeds.clear();
  }

  // ---- feed

  static String feedName(String owner) {
    return "feed:" + owner;
  }

  /** The feed of a partition, created when {@code create}; null when absent and not created. */
  MVMap<String, String> feed(String owner, boolean create) {
    MVMap<String, String> map = feeds.get(owner);
    if (map == null && (create || store.hasMap(feedName(owner)))) {
      map = Maps.strings(store, feedName(owner));
      feeds.put(owner, map);
    }
    return map;
  }

  static String feedKey(String collection, long version) {
    String digits = Long.toString(version);
    StringBuilder key = new StringBuilder(collection.length() + 20).append(collection).append(SEP);
    for (int i = digits.length(); i < 19; i++) {
      key.append('0');
    }
    return key.append(digits).toString();
  }

  static long feedVersion(String feedKey) {
    return Long.parseLong(feedKey.substring(feedKey.length() - 19));
  }

  /** How many records of {@code collection} in this feed have a version above {@code version}. */
  static long countAbove(MVMap<String, String> feed, String collection, long version) {
    if (feed == null || version == Long.MAX_VALUE) {
      return 0;
    }
    return rank(feed, collection + (char) (SEP + 1)) - rank(feed, feedKey(collection, version + 1));
  }

  /** How many keys sort below {@code key}. */
  private static long rank(MVMap<String, String> map, String key) {
    long index = map.getKeyIndex(key);
    return index >= 0 ? index : -(index + 1);
  }

  // ---- records, digests, conflicts

  StoredRecord record(RecordKey key) {
    String json = records.get(key.encode());
    return json == null ? null : StoredRecord.fromJson(new JsonObject(json));
  }

  static String digestKey(String owner, String collection) {
    return owner + SEP + collection;
  }

  ScopeDigest digest(String owner, String collection) {
    String value = digests.get(digestKey(owner, collection));
    if (value == null) {
      return ScopeDigest.EMPTY;
    }
    int colon = value.indexOf(':');
    return new ScopeDigest(Long.parseLong(value.substring(0, colon)), Long.parseLong(value.substring(colon + 1)));
  }

  void putDigest(String owner, String collection, ScopeDigest digest) {
    if (digest.count() == 0 && digest.hash() == 0) {
      digests.remove(digestKey(owner, collection));
    } else {
      digests.put(digestKey(owner, collection), digest.count() + ":" + digest.hash());
    }
  }

  static String conflictKey(RecordKey key, String site) {
    return key.encode() + SEP + site;
  }

  /** The open conflicts of one record (keys are prefix-scanned, then checked exactly). */
  List<ConflictEntry> conflicts(RecordKey key) {
    List<ConflictEntry> out = new ArrayList<>();
    for (Map.Entry<String, String> e : prefix(conflicts, key.encode() + SEP)) {
      ConflictEntry entry = ConflictEntry.fromJson(new JsonObject(e.getValue()));
      if (entry.key().equals(key)) {
        out.add(entry);
      }
    }
    return out;
  }

  void clearConflicts(RecordKey key) {
    for (ConflictEntry entry : conflicts(key)) {
      conflicts.remove(conflictKey(key, entry.site()));
    }
  }

  long head() {
    return metaLong("head");
  }

  static String originKey(String site, long seq) {
    return feedKey(site, seq);
  }

  /** The digests kept for these sequences of a site (those it has). */
  Map<Long, Long> origins(String site, Iterable<Long> seqs) {
    Map<Long, Long> out = new HashMap<>();
    for (long seq : seqs) {
      String digest = origins.get(originKey(site, seq));
      if (digest != null) {
        out.put(seq, Long.parseLong(digest));
      }
    }
    return out;
  }

  long originsSince(String site) {
    String value = originsSince.get(site);
    return value == null ? 0 : Long.parseLong(value);
  }

  long metaLong(String name) {
    String value = meta.get(name);
    return value == null ? 0 : Long.parseLong(value);
  }

  SiteRecord site(String id) {
    String json = sites.get(id);
    return json == null ? null : SiteRecord.fromJson(new JsonObject(json));
  }

  void putSite(SiteRecord site) {
    sites.put(site.id(), site.toJson().encode());
  }

  /** The entries whose key starts with {@code prefix}, in key order (materialised: callers may mutate). */
  static List<Map.Entry<String, String>> prefix(MVMap<String, String> map, String prefix) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    Iterator<String> keys = map.keyIterator(prefix);
    while (keys.hasNext()) {
      String key = keys.next();
      if (!key.startsWith(prefix)) {
        break;
      }
      out.add(Map.entry(key, map.get(key)));
    }
    return out;
  }

  static <T> List<T> values(MVMap<String, String> map, Function<JsonObject, T> decode) {
    List<T> out = new ArrayList<>(map.size());
    map.values().forEach(v -> out.add(decode.apply(new JsonObject(v))));
    return out;
  }
}
