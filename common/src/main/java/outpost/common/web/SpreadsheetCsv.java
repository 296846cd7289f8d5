package outpost.common.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A CSV download meant to be opened in a spreadsheet (the edge's errors CSV, the hub's runs CSV): one header, one
 * row per entry, and text that a spreadsheet would run as a formula made inert, because ids and messages come
 * from apps and sites.
 */
public final class SpreadsheetCsv {
  private SpreadsheetCsv() {}

  /** The whole file; a text cell is {@link #cell(String)}'s, any other value is printed as it is. */
  public static String of(String[] header, Iterable<? extends Object[]> rows) {
    StringBuilder out = new StringBuilder();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header).get())) {
      for (Object[] row : rows) {
        Object[] cells = new Object[row.length];
        for (int i = 0; i < row.length; i++) {
          cells[i] = row[i] == null || row[i] instanceof String ? cell((String) row[i]) : row[i];
        }
        printer.printRecord(cells);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder does not fail
    }
    return out.toString();
  }

  /** Null as empty; text starting like a formula ({@code = + - @}, tab, return) behind a quote. */
  public static String cell(String text) {
    if (text == null) {
      return "";
    }
    return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
  }
}
