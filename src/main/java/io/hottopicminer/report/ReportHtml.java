package io.hottopicminer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Renders the run report as one HTML page with inline CSS and JavaScript and no external URL.
 * Tables and review texts are rendered here, HTML-escaped. The trend charts are inline SVG that
 * the page's script draws from a JSON block, so the page needs no server and no network.
 */
final class ReportHtml {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportHtml() {}

  /** Everything the page shows, as plain Java values. */
  record Content(
      LocalDate runDate, int recentDays, List<Row> ranked, List<TopicDetail> details) {

    static Content of(
        LocalDate runDate,
        int recentDays,
        List<Row> ranked,
        List<Row> detailed,
        List<Row> terms,
        List<Row> daily,
        List<Row> rules,
        List<Row> reviews) {
      List<TopicDetail> details = new ArrayList<>();
      for (Row hot : detailed) {
        int topic = hot.getAs("topic");
        List<String> products = hot.getList(hot.fieldIndex("top_product_ids"));
        List<String> reviewIds = hot.getList(hot.fieldIndex("representative_review_ids"));
        List<Row> topicTerms = new ArrayList<>();
        for (Row row : terms) {
          if (row.<Integer>getAs("topic") == topic) {
            topicTerms.addAll(row.getList(row.fieldIndex("terms")));
          }
        }
        List<Map<String, Object>> series = new ArrayList<>();
        for (Row row : daily) {
          if (row.<Integer>getAs("topic") == topic) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("date", row.getAs("review_date").toString());
            point.put("volume", row.getAs("volume"));
            point.put("negative_share", row.getAs("negative_share"));
            series.add(point);
          }
        }
        List<Row> topicRules = new ArrayList<>();
        for (Row rule : rules) {
          List<String> items = new ArrayList<>(rule.getList(rule.fieldIndex("antecedent")));
          items.addAll(rule.getList(rule.fieldIndex("consequent")));
          if (topicRules.size() < RunReport.RULES_PER_TOPIC
              && items.stream().anyMatch(products::contains)) {
            topicRules.add(rule);
          }
        }
        List<Row> topicReviews = new ArrayList<>();
        for (String id : reviewIds) {
          for (Row review : reviews) {
            if (id.equals(review.getAs("review_id"))) {
              topicReviews.add(review);
            }
          }
        }
        details.add(new TopicDetail(hot, topicTerms, series, topicRules, topicReviews));
      }
      return new Content(runDate, recentDays, ranked, details);
    }
  }

  /** One detailed topic: its hot_topics row and the rows collected for it. */
  record TopicDetail(
      Row hot,
      List<Row> terms,
      List<Map<String, Object>> series,
      List<Row> rules,
      List<Row> reviews) {}

  static String page(Content content) {
    StringBuilder html = new StringBuilder(32_768);
    String title = "Hot topics for run date " + content.runDate();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>")
        .append(escape(title))
        .append("</title>\n<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(escape(title))
        .append("</h1>\n");
    if (content.ranked().isEmpty()) {
      html.append("<p class=\"empty\">This run ranked no topics.</p>\n");
    }
    rankingTable(html, content.ranked());
    for (TopicDetail detail : content.details()) {
      topicSection(html, detail);
    }
    html.append("<script type=\"application/json\" id=\"report-data\">")
        .append(chartJson(content))
        .append("</script>\n<script>\n")
        .append(SCRIPT)
        .append("</script>\n</body>\n</html>\n");
    return html.toString();
  }

  private static void rankingTable(StringBuilder html, List<Row> ranked) {
    html.append("<h2>Ranking</h2>\n<table class=\"ranking\">\n<thead><tr>");
    for (String header :
        List.of(
            "rank", "topic", "label", "hot_score", "growth", "z_score", "negative_shift",
            "engagement_growth", "recent_volume", "baseline_daily_mean", "recent_reviews",
            "negative_share_recent")) {
      html.append("<th>").append(header).append("</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    for (Row row : ranked) {
      html.append("<tr><td>")
          .append(row.<Integer>getAs("rank"))
          .append("</td><td>")
          .append(row.<Integer>getAs("topic"))
          .append("</td><td>")
          .append(escape(row.getAs("label")))
          .append("</td>");
      for (String column :
          List.of(
              "hot_score", "growth", "z_score", "negative_shift", "engagement_growth",
              "recent_volume", "baseline_daily_mean")) {
        html.append("<td class=\"number\">").append(number(row.getAs(column))).append("</td>");
      }
      html.append("<td class=\"number\">")
          .append(row.<Long>getAs("recent_reviews"))
          .append("</td><td class=\"number\">")
          .append(number(row.getAs("negative_share_recent")))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");
  }

  private static void topicSection(StringBuilder html, TopicDetail detail) {
    Row hot = detail.hot();
    int topic = hot.getAs("topic");
    html.append("<section class=\"topic\" id=\"topic-")
        .append(topic)
        .append("\">\n<h2>#")
        .append(hot.<Integer>getAs("rank"))
        .append(" ")
        .append(escape(hot.getAs("label")))
        .append(" <span class=\"muted\">topic ")
        .append(topic)
        .append(", hot_score ")
        .append(number(hot.getAs("hot_score")))
        .append("</span></h2>\n<div class=\"chart\"><svg class=\"trend\" data-topic=\"")
        .append(topic)
        .append("\" viewBox=\"0 0 640 220\" role=\"img\" aria-label=\"Daily volume and negative")
        .append(" share of topic ")
        .append(topic)
        .append("\"></svg></div>\n<div class=\"columns\">\n<div><h3>Top terms</h3>\n<ol>");
    for (Row term : detail.terms()) {
      html.append("<li>")
          .append(escape(term.getAs("term")))
          .append(" <span class=\"muted\">")
          .append(number(term.getAs("weight")))
          .append("</span></li>");
    }
    html.append("</ol></div>\n<div><h3>Top products</h3>\n<ol>");
    for (String product : hot.<String>getList(hot.fieldIndex("top_product_ids"))) {
      html.append("<li>").append(escape(product)).append("</li>");
    }
    html.append("</ol></div>\n</div>\n<h3>Rules touching these products</h3>\n");
    if (detail.rules().isEmpty()) {
      html.append("<p class=\"empty\">No association rule contains these products.</p>\n");
    } else {
      html.append("<table class=\"rules\"><thead><tr><th>antecedent</th><th>consequent</th>")
          .append("<th>support</th><th>confidence</th><th>lift</th></tr></thead><tbody>\n");
      for (Row rule : detail.rules()) {
        html.append("<tr><td>")
            .append(escape(String.join(", ", rule.getList(rule.fieldIndex("antecedent")))))
            .append("</td><td>")
            .append(escape(String.join(", ", rule.getList(rule.fieldIndex("consequent")))))
            .append("</td>");
        for (String column : List.of("support", "confidence", "lift")) {
          html.append("<td class=\"number\">").append(number(rule.getAs(column))).append("</td>");
        }
        html.append("</tr>\n");
      }
      html.append("</tbody></table>\n");
    }
    html.append("<h3>Example reviews</h3>\n");
    for (Row review : detail.reviews()) {
      String text = review.getAs("review_text");
      if (text != null && text.length() > RunReport.MAX_REVIEW_CHARS) {
        text = text.substring(0, RunReport.MAX_REVIEW_CHARS) + "\u2026";
      }
      html.append("<blockquote class=\"review ")
          .append(escape(review.getAs("sentiment_label")))
          .append("\"><p>")
          .append(escape(text))
          .append("</p><footer>")
          .append(escape(review.getAs("review_id")))
          .append(" \u00b7 product ")
          .append(escape(review.getAs("product_id")))
          .append(" \u00b7 rating ")
          .append(number(review.getAs("rating")))
          .append(" \u00b7 ")
          .append(escape(review.getAs("sentiment_label")))
          .append("</footer></blockquote>\n");
    }
    html.append("</section>\n");
  }

  /** Returns the chart data as JSON that is safe inside a script element. */
  private static String chartJson(Content content) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("run_date", content.runDate().toString());
    data.put("chart_days", RunReport.CHART_DAYS);
    data.put("recent_days", content.recentDays());
    Map<String, Object> series = new LinkedHashMap<>();
    for (TopicDetail detail : content.details()) {
      series.put(String.valueOf(detail.hot().<Integer>getAs("topic")), detail.series());
    }
    data.put("series", series);
    try {
      // "<" only occurs inside JSON strings, where \u003c means the same; this keeps a value
      // such as "</script>" from closing the element.
      return JSON.writeValueAsString(data).replace("<", "\\u003c");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize the report's chart data", e);
    }
  }

  /** Escapes the five HTML special characters; null becomes an empty string. */
  static String escape(Object value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private static String number(Object value) {
    if (value == null) {
      return "\u2013";
    }
    return String.format(Locale.ROOT, "%.3f", ((Number) value).doubleValue());
  }

  private static final String STYLE =
      String.join(
          "\n",
          "body { font: 14px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 72em;"
              + " color: #222; }",
          "table { border-collapse: collapse; margin: 0.5em 0 1.5em; }",
          "th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; }",
          "td.number { text-align: right; font-variant-numeric: tabular-nums; }",
          ".muted { color: #777; font-weight: normal; font-size: 0.85em; }",
          "section.topic { border-top: 2px solid #444; margin-top: 2em; }",
          ".columns { display: flex; gap: 4em; }",
          ".chart svg { width: 100%; max-width: 640px; height: auto; background: #fafafa; }",
          ".chart .volume { fill: none; stroke: #1f6fb4; stroke-width: 2; }",
          ".chart .negative { fill: none; stroke: #c0392b; stroke-width: 2;"
              + " stroke-dasharray: 5 3; }",
          ".chart .recent { fill: #f3e6b3; }",
          ".chart text { font-size: 11px; fill: #555; }",
          "blockquote.review { margin: 0.5em 0; padding: 0.3em 1em; border-left: 4px solid #aaa; }",
          "blockquote.negative { border-color: #c0392b; }",
          "blockquote.positive { border-color: #27ae60; }",
          "blockquote footer { color: #777; font-size: 0.85em; }",
          ".empty { color: #777; font-style: italic; }",
          "");

  /**
   * Draws each svg.trend: volume (solid, left axis) and negative share (dashed, right axis, 0 to
   * 1) per day over the chart window, with the recent window shaded and one circle per data point.
   */
  private static final String SCRIPT =
      String.join(
          "\n",
          "(function () {",
          "  'use strict';",
          "  var data = JSON.parse(document.getElementById('report-data').textContent);",
          "  var NS = 'http://www.w3.org/2000/svg';",
          "  var W = 640, H = 220, L = 44, R = 44, T = 14, B = 26;",
          "  var DAY = 86400000;",
          "  var end = Date.parse(data.run_date);",
          "  var start = end - (data.chart_days - 1) * DAY;",
          "  function el(svg, name, attrs, text) {",
          "    var node = document.createElementNS(NS, name);",
          "    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });",
          "    if (text !== undefined) { node.textContent = text; }",
          "    svg.appendChild(node);",
          "    return node;",
          "  }",
          "  function x(day) { return L + (W - L - R) * (Date.parse(day) - start) / (end - start"
              + " || 1); }",
          "  function draw(svg, points) {",
          "    var maxVolume = Math.max.apply(null, points.map(function (p) { return p.volume; }"
              + ").concat([1]));",
          "    function yVolume(v) { return H - B - (H - T - B) * v / maxVolume; }",
          "    function yShare(s) { return H - B - (H - T - B) * s; }",
          "    var recentX = x(new Date(end - (data.recent_days - 1) * DAY).toISOString()"
              + ".slice(0, 10));",
          "    el(svg, 'rect', {'class': 'recent', x: recentX, y: T, width: W - R - recentX,"
              + " height: H - T - B});",
          "    el(svg, 'text', {x: recentX + 2, y: T + 10}, 'recent ' + data.recent_days + ' d');",
          "    el(svg, 'line', {x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: '#999'});",
          "    el(svg, 'text', {x: 2, y: T + 8}, maxVolume.toFixed(1));",
          "    el(svg, 'text', {x: 2, y: H - B}, '0');",
          "    el(svg, 'text', {x: W - R + 4, y: T + 8}, '100%');",
          "    el(svg, 'text', {x: L, y: H - 6}, new Date(start).toISOString().slice(0, 10));",
          "    el(svg, 'text', {x: W - R - 64, y: H - 6}, data.run_date);",
          "    el(svg, 'text', {x: L + 150, y: H - 6}, 'volume (solid), negative share"
              + " (dashed)');",
          "    var volume = points.map(function (p) { return x(p.date).toFixed(1) + ',' +"
              + " yVolume(p.volume).toFixed(1); });",
          "    el(svg, 'polyline', {'class': 'volume', points: volume.join(' ')});",
          "    var shares = points.filter(function (p) { return p.negative_share !== null; });",
          "    el(svg, 'polyline', {'class': 'negative', points: shares.map(function (p) {",
          "      return x(p.date).toFixed(1) + ',' + yShare(p.negative_share).toFixed(1); })"
              + ".join(' ')});",
          "    points.forEach(function (p) {",
          "      var dot = el(svg, 'circle', {'class': 'point', cx: x(p.date), cy: yVolume("
              + "p.volume), r: 2.5, fill: '#1f6fb4'});",
          "      el(dot, 'title', {}, p.date + ': volume ' + p.volume.toFixed(2) +"
              + " (p.negative_share === null ? '' : ', negative share ' +"
              + " (100 * p.negative_share).toFixed(0) + '%'));",
          "    });",
          "    svg.setAttribute('data-points', String(points.length));",
          "  }",
          "  document.querySelectorAll('svg.trend').forEach(function (svg) {",
          "    draw(svg, data.series[svg.getAttribute('data-topic')] || []);",
          "  });",
          "  document.body.setAttribute('data-charts-drawn', 'true');",
          "})();",
          "");
}
