package outpost.hub.store.embedded;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import outpost.common.ScopeDigest;
import outpost.common.cache.IdentityCache;
import outpost.hub.config.Catalog;
import outpost.hub.config.CollectionRule;
import outpost.hub.store.PullPage;
import outpost.hub.store.StoredRecord;

/**
 * Reads a site's scope from the feeds: per requested collection one range of one partition (shared
 * collections live in partition "", site-scoped ones in the site's), merged by version. Counts are exact
 * and cost O(log n) per collection. Runs on the worker, so a page, its count and its digests are one
 * consistent snapshot.
 */
final class PullReader {
  private final HubMaps maps;
  private final Catalog catalog;

  PullReader(HubMaps maps, Catalog catalog) {
    this.maps = maps;
    this.catalog = catalog;
  }

  /**
   * Recently served records, parsed, keyed by the identity of their stored text: a page MVStore keeps cached
   * hands out the same String each time, and the same text always parses to the same record, so an entry can
   * never be stale. Many sites pulling the same shared records (a catalogue) then cost one parse each instead
   * of one per site, and a miss hashes no text (a LinkedHashMap keyed by the text's value was 10% of the hub's
   * CPU in an initial sync, all misses).
   */
  private final IdentityCache<String, StoredRecord> recent = new IdentityCache<>(4096);

  private StoredRecord parsed(String stored) {
    return recent.get(stored, text -> StoredRecord.fromJson(new JsonObject(text)));
  }

  /** One open range of a feed, positioned on its next key. */
  private static final class Range implements Comparable<Range> {
    final Cursor<String, String> cursor;
    final String prefix;
    String key;

    Range(Cursor<String, String> cursor, String prefix) {
      this.cursor = cursor;
      this.prefix = prefix;
    }

    boolean advance() {
      key = cursor.hasNext() ? cursor.next() : null;
      if (key != null && !key.startsWith(prefix)) {
        key = null;
      }
      return key != null;
    }

    @Override
    public int compareTo(Range o) {
      return Long.compare(HubMaps.feedVersion(key), HubMaps.feedVersion(o.key));
    }
  }

  /**
   * How many records one page may pass over (records the site already holds, {@link StoredRecord#heldBy}) for
   * each it sends: bounds the work of one task on the store's thread; the cursor moves past them either way.
   */
  private static final int SCAN_PER_RECORD = 8;

  PullPage pull(String site, Set<String> collections, long cursor, int limit, long acknowledgedSeq) {
    Set<String> wanted = wanted(collections);
    cursor = Math.max(cursor, 0);
    PriorityQueue<Range> queue = new PriorityQueue<>();
    for (String collection : wanted) {
      MVMap<String, String> feed = maps.feed(catalog.partitionOwner(collection, site), false);
      if (feed != null && cursor < Long.MAX_VALUE) {
        Range range = new Range(feed.cursor(HubMaps.feedKey(collection, cursor + 1)), collection + HubMaps.SEP);
        if (range.advance()) {
          queue.add(range);
        }
      }
    }
    List<StoredRecord> page = new ArrayList<>();
    long last = cursor;
    long scanBudget = (long) limit * SCAN_PER_RECORD;
    while (page.size() < limit && scanBudget-- > 0 && !queue.isEmpty()) {
      Range range = queue.poll();
      String encoded = range.cursor.getValue();
      last = HubMaps.feedVersion(range.key);
      StoredRecord record = parsed(maps.records.get(encoded));
      if (!record.heldBy(site, acknowledgedSeq)) {
        page.add(record);
      }
      if (range.advance()) {
        queue.add(range);
      }
    }
    long remaining = count(site, wanted, last);
    if (remaining > 0) {
      return new PullPage(page, last, remaining, false, Map.of());
    }
    Map<String, ScopeDigest> digests = new LinkedHashMap<>();
    for (String collection : wanted) {
      digests.put(collection, maps.digest("", collection)
          .combine(site.isEmpty() ? ScopeDigest.EMPTY : maps.digest(site, collection)));
    }
    // The cursor moves past versions outside the scope too, so the next pull starts at the head.
    return new PullPage(page, Math.max(maps.head(), last), 0, true, digests);
  }

  /** Records in the site's scope (all known collections) with a version above {@code cursor}. */
  long lag(String site, long cursor) {
    return count(site, wanted(Set.of()), cursor);
  }

  private long count(String site, Set<String> collections, long above) {
    long total = 0;
    for (String collection : collections) {
      total += HubMaps.countAbove(maps.feed(catalog.partitionOwner(collection, site), false), collection, above);
    }
    return total;
  }

  private Set<String> wanted(Set<String> collections) {
    if (!collections.isEmpty()) {
      return new LinkedHashSet<>(collections);
    }
    Set<String> all = new LinkedHashSet<>();
    catalog.all().stream().map(CollectionRule::name).forEach(all::add);
    return all;
  }
}
