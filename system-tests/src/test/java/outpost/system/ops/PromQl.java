package outpost.system.ops;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads. Not a parser: it removes what cannot hold a metric name
 * (strings, label matchers, ranges, grouping label lists), then takes the identifiers that are neither
 * called like functions nor PromQL keywords. Good enough for the examples' expressions, whose syntax
 * promtool checks separately.
 */
final class PromQl {
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
      "group_left", "group_right", "bool", "offset", "inf", "nan", "Inf", "NaN");

  private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
  private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
  private static final Pattern GROUPING_LABELS = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");

  private PromQl() {}

  /** The label names each metric's selector matches on, e.g. {@code x{code!="A"}} gives x -> [code]. */
  static Map<String, Set<String>> matchedLabels(String expr) {
    Map<String, Set<String>> out = new TreeMap<>();
    Matcher m = SELECTOR.matcher(STRING.matcher(expr).replaceAll("\"\""));
    while (m.find()) {
      Matcher l = MATCHER_LABEL.matcher(m.group(2));
      while (l.find()) {
        out.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(l.group(1));
      }
    }
    return out;
  }

  /** The label names of every {@code by (...)} and {@code without (...)} of the expression. */
  static Set<String> groupingLabels(String expr) {
    Set<String> out = new TreeSet<>();
    Matcher m = GROUPING_LABELS.matcher(expr);
    while (m.find()) {
      for (String label : m.group(1).split(",")) {
        if (!label.isBlank()) {
          out.add(label.strip());
        }
      }
    }
    return out;
  }

  static Set<String> metricNames(String expr) {
    String s = STRING.matcher(expr).replaceAll(" ");
    s = MATCHERS.matcher(s).replaceAll(" ");
    s = RANGE.matcher(s).replaceAll(" ");
    s = GROUPING.matcher(s).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      if (m.group(2) == null && !KEYWORDS.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    return names;
  }
}
