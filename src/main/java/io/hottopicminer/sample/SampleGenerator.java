package io.hottopicminer.sample;

import io.hottopicminer.sample.SampleThemes.Polarity;
import io.hottopicminer.sample.SampleThemes.Theme;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the bundled sample data set: {@code reviews.csv} and {@code events.csv} for 40 audio
 * products over the 120 days that end on {@link #LAST_DAY}, with planted patterns whose ground
 * truth is in the public constants. The output depends only on {@link #SEED}, so it is
 * byte-identical on every run.
 *
 * <p>reviews.csv columns: review_id, product_id, review_text, rating (1 to 5), review_time
 * (yyyy-MM-dd HH:mm:ss, UTC). events.csv columns: session_id, user_id, product_id, event_type
 * (view, cart, purchase), event_time (yyyy-MM-dd HH:mm:ss, UTC).
 */
public final class SampleGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(SampleGenerator.class);

  public static final long SEED = 20_250_930L;
  public static final LocalDate LAST_DAY = LocalDate.of(2025, 9, 30);
  public static final int DAYS = 120;
  public static final LocalDate FIRST_DAY = LAST_DAY.minusDays(DAYS - 1);

  /** Days at the end of the range in which the burst theme is frequent. */
  public static final int BURST_DAYS = 7;

  public static final LocalDate BURST_FIRST_DAY = LAST_DAY.minusDays(BURST_DAYS - 1);

  public static final String THEME_SOUND = "sound quality";
  public static final String THEME_BATTERY = "battery life";
  public static final String THEME_COMFORT = "comfort and fit";
  public static final String THEME_SHIPPING = "shipping and packaging";
  public static final String THEME_PRICE = "price and value";
  public static final String THEME_CHARGING = "charging speed";

  /** Steady themes and their distinctive words; each has about the same share on every day. */
  public static final Map<String, List<String>> STEADY_THEME_KEYWORDS = steadyKeywords();

  /** Theme whose share falls linearly from about 40% to 2% of applicable reviews. */
  public static final String DECLINING_THEME = "bluetooth pairing";

  public static final List<String> DECLINING_THEME_KEYWORDS =
      List.of("bluetooth", "pairing", "connection", "drops", "disconnects");

  /**
   * Planted burst: rare before {@link #BURST_FIRST_DAY}, frequent from it on, mostly on {@link
   * #BURST_PRODUCT_IDS} and mostly rated 1 or 2.
   */
  public static final String BURST_THEME = "charging case hinge";

  public static final List<String> BURST_THEME_KEYWORDS =
      List.of("hinge", "lid", "case", "cracked", "snapped");
  public static final List<String> BURST_PRODUCT_IDS = List.of("EB-201", "EB-202", "EB-204");

  /** Product whose reviews turn mostly negative (sound complaints) in the last 14 days. */
  public static final String NEGATIVE_RISE_PRODUCT_ID = "SP-303";

  public static final int NEGATIVE_RISE_DAYS = 14;

  /** Products: 8 headphones, 8 earbuds, 6 speakers, 6 chargers, 4 ear cushions, 8 cables. */
  public static final List<String> PRODUCT_IDS = productIds();

  /**
   * Accessory most often viewed, carted and bought in the same session as each main product:
   * headphones with ear cushions, chargers with cables, earbuds with cables, speakers with
   * chargers.
   */
  public static final Map<String, String> COMPANION_PRODUCTS = companions();

  public static final String REVIEWS_FILE = "reviews.csv";
  public static final String EVENTS_FILE = "events.csv";
  public static final String REVIEWS_HEADER = "review_id,product_id,review_text,rating,review_time";
  public static final String EVENTS_HEADER = "session_id,user_id,product_id,event_type,event_time";

  private static final DateTimeFormatter TIME_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final int USERS = 2_500;
  private static final String[] MAIN_CATEGORIES = {"HP", "EB", "SP", "CH", "EC", "CB"};
  private static final double[] MAIN_CATEGORY_CUMULATIVE_SHARES = {0.3, 0.6, 0.8, 0.9, 0.95, 1.0};

  private SampleGenerator() {}

  /** Writes the sample to {@code args[0]}, or to lake/sample when no argument is given. */
  public static void main(String[] args) throws IOException {
    write(Path.of(args.length > 0 ? args[0] : "lake/sample"));
  }

  /** Writes reviews.csv and events.csv into {@code folder}, creating it, replacing old files. */
  public static void write(Path folder) throws IOException {
    Files.createDirectories(folder);
    int reviews = writeReviews(folder.resolve(REVIEWS_FILE), new Random(SEED));
    int events = writeEvents(folder.resolve(EVENTS_FILE), new Random(SEED + 1));
    LOG.info("Sample data: {} reviews and {} events written to {}", reviews, events, folder);
  }

  private static int writeReviews(Path file, Random random) throws IOException {
    int written = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(REVIEWS_HEADER);
      out.write('\n');
      for (int day = 0; day < DAYS; day++) {
        LocalDate date = FIRST_DAY.plusDays(day);
        boolean burstWindow = !date.isBefore(BURST_FIRST_DAY);
        int regular = 16 + random.nextInt(6);
        // The burst adds its reviews on top of the regular ones, so other themes keep their volume.
        int burst = burstWindow ? 8 + random.nextInt(5) : 0;
        int count = regular + burst;
        int[] seconds = sortedSecondsOfDay(random, count, 86_399);
        List<Boolean> burstSlots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          burstSlots.add(i < burst);
        }
        java.util.Collections.shuffle(burstSlots, random);
        for (int i = 0; i < count; i++) {
          Review review = burstSlots.get(i) ? burstReview(random) : review(random, day, date);
          written++;
          String id = String.format(Locale.ROOT, "R%05d", written);
          LocalDateTime time = date.atStartOfDay().plusSeconds(seconds[i]);
          writeCsvLine(
              out,
              id,
              review.productId,
              review.text,
              Integer.toString(review.rating),
              TIME_FORMAT.format(time));
        }
      }
    }
    return written;
  }

  private record Review(String productId, String text, int rating) {}

  private static Review review(Random random, int day, LocalDate date) {
    boolean negativeRiseWindow = !date.isBefore(LAST_DAY.minusDays(NEGATIVE_RISE_DAYS - 1));
    String productId;
    if (negativeRiseWindow && random.nextDouble() < 0.08) {
      productId = NEGATIVE_RISE_PRODUCT_ID;
    } else {
      productId = PRODUCT_IDS.get(random.nextInt(PRODUCT_IDS.size()));
    }

    Theme primary;
    Polarity polarity;
    double pairingShare = 0.40 - 0.38 * day / (DAYS - 1.0);
    if (SampleThemes.HINGE.appliesTo(productId) && random.nextDouble() < hingeShare(productId)) {
      primary = SampleThemes.HINGE;
      polarity = random.nextDouble() < 0.85 ? Polarity.NEGATIVE : Polarity.MIXED;
    } else if (productId.equals(NEGATIVE_RISE_PRODUCT_ID)
        && negativeRiseWindow
        && random.nextDouble() < 0.8) {
      primary = SampleThemes.SOUND;
      polarity = Polarity.NEGATIVE;
    } else if (SampleThemes.PAIRING.appliesTo(productId)
        && !productId.equals(NEGATIVE_RISE_PRODUCT_ID)
        && random.nextDouble() < pairingShare) {
      primary = SampleThemes.PAIRING;
      polarity = random.nextDouble() < 0.75 ? Polarity.NEGATIVE : Polarity.MIXED;
    } else {
      List<Theme> steady = applicableSteadyThemes(productId);
      primary = steady.get(random.nextInt(steady.size()));
      // The negative-rise product is well liked until its last 14 days, which makes the rise plain.
      double negativeShare = productId.equals(NEGATIVE_RISE_PRODUCT_ID) ? 0.08 : 0.24;
      double draw = random.nextDouble();
      polarity =
          draw < negativeShare
              ? Polarity.NEGATIVE
              : draw < negativeShare + 0.14 ? Polarity.MIXED : Polarity.POSITIVE;
    }

    List<String> sentences = new ArrayList<>();
    sentences.add(SampleThemes.sentence(primary.templates(polarity), random));
    int extra = random.nextInt(3);
    List<Theme> others = new ArrayList<>(applicableSteadyThemes(productId));
    others.remove(primary);
    for (int i = 0; i < extra && !others.isEmpty(); i++) {
      Theme other = others.remove(random.nextInt(others.size()));
      // Mixed reviews pair a good point with a bad one, and the others keep one tone throughout.
      Polarity tone =
          polarity == Polarity.MIXED ? (i == 0 ? Polarity.POSITIVE : Polarity.NEGATIVE) : polarity;
      sentences.add(SampleThemes.sentence(other.templates(tone), random));
    }
    if (random.nextDouble() < 0.4) {
      sentences.add(SampleThemes.sentence(SampleThemes.closers(polarity), random));
    }
    return new Review(productId, String.join(" ", sentences), rating(random, polarity));
  }

  /** Background rate of hinge complaints among regular reviews, before and during the burst. */
  private static double hingeShare(String productId) {
    return BURST_PRODUCT_IDS.contains(productId) ? 0.015 : 0.003;
  }

  /**
   * Creates a review of the planted burst: a hinge complaint on a burst product, mostly 1-2 stars.
   */
  private static Review burstReview(Random random) {
    String productId = BURST_PRODUCT_IDS.get(random.nextInt(BURST_PRODUCT_IDS.size()));
    Polarity polarity = random.nextDouble() < 0.85 ? Polarity.NEGATIVE : Polarity.MIXED;
    List<String> sentences = new ArrayList<>();
    sentences.add(SampleThemes.sentence(SampleThemes.HINGE.templates(polarity), random));
    if (random.nextDouble() < 0.4) {
      sentences.add(SampleThemes.sentence(SampleThemes.closers(polarity), random));
    }
    return new Review(productId, String.join(" ", sentences), rating(random, polarity));
  }

  private static int rating(Random random, Polarity polarity) {
    return switch (polarity) {
      case POSITIVE -> random.nextDouble() < 0.55 ? 5 : 4;
      case MIXED -> 3;
      case NEGATIVE -> random.nextDouble() < 0.5 ? 1 : 2;
    };
  }

  private static List<Theme> applicableSteadyThemes(String productId) {
    return SampleThemes.STEADY.stream().filter(theme -> theme.appliesTo(productId)).toList();
  }

  private static int writeEvents(Path file, Random random) throws IOException {
    int written = 0;
    int session = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(EVENTS_HEADER);
      out.write('\n');
      for (int day = 0; day < DAYS; day++) {
        LocalDate date = FIRST_DAY.plusDays(day);
        boolean burstWindow = !date.isBefore(BURST_FIRST_DAY);
        int count = 46 + random.nextInt(10) + (burstWindow ? 15 : 0);
        // Sessions start before 23:00 so that their events stay on the same day.
        int[] starts = sortedSecondsOfDay(random, count, 82_800);
        for (int i = 0; i < count; i++) {
          session++;
          String sessionId = String.format(Locale.ROOT, "S%06d", session);
          String userId = String.format(Locale.ROOT, "U%04d", 1 + random.nextInt(USERS));
          LocalDateTime time = date.atStartOfDay().plusSeconds(starts[i]);
          for (String[] event : sessionEvents(random, burstWindow)) {
            time = time.plusSeconds(10 + random.nextInt(170));
            writeCsvLine(out, sessionId, userId, event[0], event[1], TIME_FORMAT.format(time));
            written++;
          }
        }
      }
    }
    return written;
  }

  /** Returns the (product id, event type) pairs of one session in order. */
  private static List<String[]> sessionEvents(Random random, boolean burstWindow) {
    String main = mainProduct(random, burstWindow);
    List<String[]> events = new ArrayList<>();
    events.add(new String[] {main, "view"});
    if (random.nextDouble() < 0.5) {
      String sameCategory = sameCategoryProduct(random, main);
      if (!sameCategory.equals(main)) {
        events.add(new String[] {sameCategory, "view"});
      }
    }
    String companion = COMPANION_PRODUCTS.get(main);
    boolean companionViewed = companion != null && random.nextDouble() < 0.55;
    if (companionViewed) {
      events.add(new String[] {companion, "view"});
    }
    // Burst products draw more views and carts in the last week, as shoppers look at replacements.
    double cartChance = burstWindow && BURST_PRODUCT_IDS.contains(main) ? 0.6 : 0.45;
    if (random.nextDouble() < cartChance) {
      events.add(new String[] {main, "cart"});
      boolean companionCarted = companionViewed && random.nextDouble() < 0.7;
      if (companionCarted) {
        events.add(new String[] {companion, "cart"});
      }
      if (random.nextDouble() < 0.65) {
        events.add(new String[] {main, "purchase"});
        if (companionCarted) {
          events.add(new String[] {companion, "purchase"});
        }
      }
    }
    return events;
  }

  private static String mainProduct(Random random, boolean burstWindow) {
    if (burstWindow && random.nextDouble() < 0.25) {
      return BURST_PRODUCT_IDS.get(random.nextInt(BURST_PRODUCT_IDS.size()));
    }
    // Headphones, earbuds and speakers are the main purchase in most sessions.
    double draw = random.nextDouble();
    for (int i = 0; i < MAIN_CATEGORY_CUMULATIVE_SHARES.length; i++) {
      if (draw < MAIN_CATEGORY_CUMULATIVE_SHARES[i]) {
        return productInCategory(random, MAIN_CATEGORIES[i]);
      }
    }
    return productInCategory(random, MAIN_CATEGORIES[MAIN_CATEGORIES.length - 1]);
  }

  private static String sameCategoryProduct(Random random, String productId) {
    return productInCategory(random, productId.substring(0, 2));
  }

  private static String productInCategory(Random random, String prefix) {
    List<String> category = PRODUCT_IDS.stream().filter(id -> id.startsWith(prefix)).toList();
    return category.get(random.nextInt(category.size()));
  }

  private static int[] sortedSecondsOfDay(Random random, int count, int maxSecond) {
    int[] seconds = new int[count];
    for (int i = 0; i < count; i++) {
      seconds[i] = random.nextInt(maxSecond + 1);
    }
    Arrays.sort(seconds);
    return seconds;
  }

  /** Writes one CSV record, quoting fields that hold a comma, quote or line break (RFC 4180). */
  static void writeCsvLine(BufferedWriter out, String... fields) {
    try {
      for (int i = 0; i < fields.length; i++) {
        if (i > 0) {
          out.write(',');
        }
        out.write(csvField(fields[i]));
      }
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String csvField(String value) {
    boolean needsQuotes =
        value.indexOf(',') >= 0
            || value.indexOf('"') >= 0
            || value.indexOf('\n') >= 0
            || value.indexOf('\r') >= 0;
    return needsQuotes ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }

  private static List<String> productIds() {
    List<String> ids = new ArrayList<>();
    addProducts(ids, "HP", 101, 8);
    addProducts(ids, "EB", 201, 8);
    addProducts(ids, "SP", 301, 6);
    addProducts(ids, "CH", 401, 6);
    addProducts(ids, "EC", 501, 4);
    addProducts(ids, "CB", 601, 8);
    return List.copyOf(ids);
  }

  private static void addProducts(List<String> ids, String prefix, int first, int count) {
    for (int number = first; number < first + count; number++) {
      ids.add(prefix + "-" + number);
    }
  }

  private static Map<String, String> companions() {
    Map<String, String> companions = new LinkedHashMap<>();
    for (int i = 0; i < 8; i++) {
      companions.put("HP-" + (101 + i), "EC-" + (501 + i % 4));
      companions.put("EB-" + (201 + i), "CB-" + (607 + i % 2));
    }
    for (int i = 0; i < 6; i++) {
      companions.put("CH-" + (401 + i), "CB-" + (601 + i));
      companions.put("SP-" + (301 + i), "CH-" + (401 + i));
    }
    return java.util.Collections.unmodifiableMap(companions);
  }

  private static Map<String, List<String>> steadyKeywords() {
    Map<String, List<String>> keywords = new LinkedHashMap<>();
    keywords.put(THEME_SOUND, List.of("sound", "bass", "treble", "vocals", "audio"));
    keywords.put(THEME_BATTERY, List.of("battery", "hours", "charge", "lasts"));
    keywords.put(THEME_COMFORT, List.of("comfortable", "fit", "ear cushions", "ears"));
    keywords.put(THEME_SHIPPING, List.of("shipping", "delivery", "arrived", "packaging"));
    keywords.put(THEME_PRICE, List.of("price", "value", "money", "worth"));
    keywords.put(THEME_CHARGING, List.of("charges", "charging", "watts", "cable"));
    return java.util.Collections.unmodifiableMap(keywords);
  }
}
