package io.hottopicminer.job;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import scala.collection.Seq;

/** Prints collected rows as RFC 4180 CSV with a header, or as an aligned text table. */
final class TablePrinter {
  private static final int MAX_CELL_WIDTH = 60;

  private TablePrinter() {}

  static void printCsv(PrintStream out, String[] columns, List<Row> rows) {
    out.println(String.join(",", escapeAll(List.of(columns))));
    for (Row row : rows) {
      out.println(String.join(",", escapeAll(cells(row))));
    }
  }

  static void printTable(PrintStream out, String[] columns, List<Row> rows) {
    List<List<String>> lines = new ArrayList<>();
    lines.add(List.of(columns));
    for (Row row : rows) {
      lines.add(cells(row).stream().map(TablePrinter::shorten).toList());
    }
    int[] widths = new int[columns.length];
    for (List<String> line : lines) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder rule = new StringBuilder("+");
    for (int width : widths) {
      rule.append("-".repeat(width + 2)).append('+');
    }
    out.println(rule);
    for (int l = 0; l < lines.size(); l++) {
      StringBuilder text = new StringBuilder("|");
      for (int i = 0; i < widths.length; i++) {
        String cell = lines.get(l).get(i);
        text.append(' ').append(cell).append(" ".repeat(widths[i] - cell.length())).append(" |");
      }
      out.println(text);
      if (l == 0) {
        out.println(rule);
      }
    }
    out.println(rule);
  }

  private static List<String> cells(Row row) {
    List<String> cells = new ArrayList<>(row.length());
    for (int i = 0; i < row.length(); i++) {
      cells.add(format(row.get(i)));
    }
    return cells;
  }

  private static String format(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double number) {
      return Math.abs(number) >= 1e-4 || number == 0
          ? String.format("%.4f", number)
          : number.toString();
    }
    if (value instanceof Seq<?> seq) {
      List<String> items = new ArrayList<>();
      scala.collection.JavaConverters.seqAsJavaList(seq).forEach(item -> items.add(format(item)));
      return "[" + String.join(", ", items) + "]";
    }
    return value.toString();
  }

  private static String shorten(String cell) {
    String oneLine = cell.replace('\n', ' ').replace('\r', ' ');
    return oneLine.length() <= MAX_CELL_WIDTH
        ? oneLine
        : oneLine.substring(0, MAX_CELL_WIDTH - 3) + "...";
  }

  private static List<String> escapeAll(List<String> cells) {
    return cells.stream().map(TablePrinter::escape).toList();
  }

  private static String escape(String cell) {
    if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
      return "\"" + cell.replace("\"", "\"\"") + "\"";
    }
    return cell;
  }
}
