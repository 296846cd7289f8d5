package outpost.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both nodes' CSV downloads: formula-like text is made inert, other values print as they are. */
class SpreadsheetCsvTest {
  @Test
  void textThatAFormulaWouldStartIsQuotedAndNullIsEmpty() {
    String csv = SpreadsheetCsv.of(new String[] {"a", "b", "c", "d"}, List.<Object[]>of(
        new Object[] {"=HYPERLINK(\"x\")", "+1", null, "plain"},
        new Object[] {"@x", "\tx", "", "-y"}));
    assertEquals("a,b,c,d\r\n"
        + "\"'=HYPERLINK(\"\"x\"\")\",'+1,,plain\r\n"
        + "'@x,'\tx,,'-y\r\n", csv);
  }

  @Test
  void numbersAndTimesAreNotText() {
    Instant at = Instant.ofEpochMilli(0);
    String csv = SpreadsheetCsv.of(new String[] {"n", "at"}, List.<Object[]>of(new Object[] {-5L, at}));
    assertEquals("n,at\r\n-5,1970-01-01T00:00:00Z\r\n", csv);
  }
}
