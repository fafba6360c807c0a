package io.hottopicminer.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.hottopicminer.config.ConfigReader;
import io.hottopicminer.ingest.Ingest;
import io.hottopicminer.ingest.IngestResult;
import io.hottopicminer.ingest.IngestSettings;
import io.hottopicminer.testing.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGeneratorTest {
  @TempDir static Path folder;

  private static List<List<String>> reviews;
  private static List<List<String>> events;

  @BeforeAll
  static void generate() throws IOException {
    SampleGenerator.write(folder.resolve("a"));
    reviews = readCsv(folder.resolve("a").resolve(SampleGenerator.REVIEWS_FILE));
    events = readCsv(folder.resolve("a").resolve(SampleGenerator.EVENTS_FILE));
  }

  /** Parses the generator's CSV (quoted fields, doubled quotes, no line breaks in fields). */
  private static List<List<String>> readCsv(Path file) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = !quoted;
        } else if (c == ',' && !quoted) {
          fields.add(field.toString());
          field.setLength(0);
        } else {
          field.append(c);
        }
      }
      fields.add(field.toString());
      rows.add(fields);
    }
    return rows;
  }

  private static boolean inBurstWindow(String time) {
    return time.compareTo(SampleGenerator.BURST_FIRST_DAY.toString()) >= 0;
  }

  @Test
  void sampleByteIdenticalTwice() throws IOException {
    SampleGenerator.write(folder.resolve("b"));

    for (String name : List.of(SampleGenerator.REVIEWS_FILE, SampleGenerator.EVENTS_FILE)) {
      assertEquals(
          -1L,
          Files.mismatch(folder.resolve("a").resolve(name), folder.resolve("b").resolve(name)),
          name);
    }
  }

  @Test
  void sampleReviewsShape() {
    assertEquals(SampleGenerator.REVIEWS_HEADER, String.join(",", reviews.get(0)));
    List<List<String>> rows = reviews.subList(1, reviews.size());
    assertTrue(rows.size() >= 2000, "reviews: " + rows.size());
    assertTrue(rows.size() <= 2500, "reviews: " + rows.size());
    Set<String> products = new HashSet<>();
    for (List<String> row : rows) {
      assertEquals(5, row.size(), row.toString());
      products.add(row.get(1));
      int rating = Integer.parseInt(row.get(3));
      assertTrue(rating >= 1, row.toString());
      assertTrue(rating <= 5, row.toString());
      LocalDate date = LocalDate.parse(row.get(4).substring(0, 10));
      assertTrue(!date.isBefore(SampleGenerator.FIRST_DAY), row.toString());
      assertTrue(!date.isAfter(SampleGenerator.LAST_DAY), row.toString());
    }
    assertEquals(40, products.size());
    assertEquals(LocalDate.of(2025, 6, 3), SampleGenerator.FIRST_DAY);
    assertEquals("2025-09-30", rows.get(rows.size() - 1).get(4).substring(0, 10));
  }

  @Test
  void sampleBurstInLastWeek() {
    int burstRecent = 0;
    int burstBefore = 0;
    int onBurstProducts = 0;
    int lowRated = 0;
    for (List<String> row : reviews.subList(1, reviews.size())) {
      if (!row.get(2).contains("hinge")) {
        continue;
      }
      if (inBurstWindow(row.get(4))) {
        burstRecent++;
      } else {
        burstBefore++;
      }
      onBurstProducts += SampleGenerator.BURST_PRODUCT_IDS.contains(row.get(1)) ? 1 : 0;
      lowRated += Integer.parseInt(row.get(3)) <= 2 ? 1 : 0;
    }
    int total = burstRecent + burstBefore;
    assertTrue(burstRecent >= 30, "hinge reviews in the last 7 days: " + burstRecent);
    assertTrue(burstBefore <= 10, "hinge reviews before: " + burstBefore);
    assertTrue(onBurstProducts >= 0.8 * total, onBurstProducts + " of " + total);
    assertTrue(lowRated >= 0.7 * total, lowRated + " of " + total);
  }

  @Test
  void sampleDecliningTheme() {
    int first30 = 0;
    int last30 = 0;
    String firstCut = SampleGenerator.FIRST_DAY.plusDays(30).toString();
    String lastCut = SampleGenerator.LAST_DAY.minusDays(29).toString();
    for (List<String> row : reviews.subList(1, reviews.size())) {
      if (!row.get(2).toLowerCase().contains("bluetooth")) {
        continue;
      }
      first30 += row.get(4).compareTo(firstCut) < 0 ? 1 : 0;
      last30 += row.get(4).compareTo(lastCut) >= 0 ? 1 : 0;
    }
    assertTrue(first30 >= 4 * last30, first30 + " early vs " + last30 + " late");
    assertTrue(first30 >= 40, "early bluetooth reviews: " + first30);
  }

  @Test
  void sampleRatingsFollowWording() {
    double valueSum = 0;
    int valueCount = 0;
    double complaintSum = 0;
    int complaintCount = 0;
    for (List<String> row : reviews.subList(1, reviews.size())) {
      int rating = Integer.parseInt(row.get(3));
      if (row.get(2).contains("value for the money")) {
        valueSum += rating;
        valueCount++;
      }
      if (row.get(2).contains("Returning it") || row.get(2).contains("Very disappointed")) {
        complaintSum += rating;
        complaintCount++;
      }
    }
    assertTrue(valueSum / valueCount >= 4.0, "mean rating of praise: " + valueSum / valueCount);
    assertTrue(
        complaintSum / complaintCount <= 2.0,
        "mean rating of complaints: " + complaintSum / complaintCount);
  }

  @Test
  void sampleNegativeRiseProduct() {
    int recentLow = 0;
    int recent = 0;
    int earlierLow = 0;
    int earlier = 0;
    String cut =
        SampleGenerator.LAST_DAY.minusDays(SampleGenerator.NEGATIVE_RISE_DAYS - 1).toString();
    for (List<String> row : reviews.subList(1, reviews.size())) {
      if (!row.get(1).equals(SampleGenerator.NEGATIVE_RISE_PRODUCT_ID)) {
        continue;
      }
      boolean low = Integer.parseInt(row.get(3)) <= 2;
      if (row.get(4).compareTo(cut) >= 0) {
        recent++;
        recentLow += low ? 1 : 0;
      } else {
        earlier++;
        earlierLow += low ? 1 : 0;
      }
    }
    assertTrue(recent >= 15, "recent reviews: " + recent);
    assertTrue((double) recentLow / recent >= 0.6, recentLow + " of " + recent);
    assertTrue((double) earlierLow / earlier <= 0.25, earlierLow + " of " + earlier);
  }

  @Test
  void sampleSessionsHaveCoPurchases() {
    assertEquals(SampleGenerator.EVENTS_HEADER, String.join(",", events.get(0)));
    Map<String, Set<String>> baskets = new LinkedHashMap<>();
    Set<String> eventTypes = new HashSet<>();
    for (List<String> row : events.subList(1, events.size())) {
      baskets.computeIfAbsent(row.get(0), id -> new HashSet<>()).add(row.get(2));
      eventTypes.add(row.get(3));
    }
    assertTrue(baskets.size() >= 5500, "sessions: " + baskets.size());
    assertTrue(baskets.size() <= 6600, "sessions: " + baskets.size());
    assertEquals(Set.of("view", "cart", "purchase"), eventTypes);
    for (String[] pair : new String[][] {{"HP-101", "EC-501"}, {"CH-402", "CB-602"}}) {
      double n = baskets.size();
      double both =
          baskets.values().stream().filter(b -> b.contains(pair[0]) && b.contains(pair[1])).count();
      double first = baskets.values().stream().filter(b -> b.contains(pair[0])).count();
      double second = baskets.values().stream().filter(b -> b.contains(pair[1])).count();
      double lift = (both / n) / ((first / n) * (second / n));
      assertTrue(lift > 2.0, pair[0] + " => " + pair[1] + " lift " + lift);
    }
  }

  @Test
  void sampleBurstProductsDrawViews() {
    int recent = 0;
    int before = 0;
    for (List<String> row : events.subList(1, events.size())) {
      if (SampleGenerator.BURST_PRODUCT_IDS.contains(row.get(2))
          && !row.get(3).equals("purchase")) {
        if (inBurstWindow(row.get(4))) {
          recent++;
        } else {
          before++;
        }
      }
    }
    double recentPerDay = recent / (double) SampleGenerator.BURST_DAYS;
    double beforePerDay = before / (double) (SampleGenerator.DAYS - SampleGenerator.BURST_DAYS);
    assertTrue(recentPerDay >= 2 * beforePerDay, recentPerDay + " vs " + beforePerDay);
  }

  @Test
  void sampleLoadsWithLocalConf() {
    Path conf = Path.of(System.getProperty("project.basedir", "."), "conf", "local.conf");
    Path sample = folder.resolve("a");
    var config =
        ConfigFactory.parseString(
                "hot-topic-miner.inputs.reviews.path = \""
                    + sample.resolve(SampleGenerator.REVIEWS_FILE)
                    + "\"\nhot-topic-miner.inputs.events.path = \""
                    + sample.resolve(SampleGenerator.EVENTS_FILE)
                    + "\"")
            .withFallback(ConfigFactory.parseFile(conf.toFile()))
            .withFallback(ConfigFactory.parseResources("reference.conf"))
            .resolve();
    IngestSettings settings =
        IngestSettings.from(
            new ConfigReader(config.getConfig("hot-topic-miner.inputs"), "hot-topic-miner.inputs"));

    IngestResult result = Ingest.load(SparkTestSession.get(), settings, Optional.empty());

    assertEquals(SampleGenerator.LAST_DAY, result.runDate());
    assertEquals(0L, result.quarantine().count());
    assertEquals(
        reviews.size() - 1, Long.parseLong(result.reviewsSummary().details().get("accepted")));
    assertEquals(reviews.size() - 1, result.reviewsInWindow().count());
    assertEquals(
        events.size() - 1, Long.parseLong(result.eventsSummary().details().get("accepted")));
  }
}
