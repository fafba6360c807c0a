package io.hottopicminer.ingest;

import static io.hottopicminer.ingest.IngestTestConfigs.fromFile;
import static io.hottopicminer.ingest.IngestTestConfigs.fromInputsBlock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.config.InvalidConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IngestSettingsTest {
  private static final String PATHS = "reviews.path = \"r.csv\"\nevents.path = \"e.csv\"\n";

  private static Path confFolder() {
    return Path.of(System.getProperty("project.basedir", "."), "conf");
  }

  @Test
  void settingsDefaultsFromReference() {
    IngestSettings settings = fromInputsBlock(PATHS);

    assertEquals("r.csv", settings.reviews().path());
    assertEquals("csv", settings.reviews().format());
    assertEquals(Map.of(), settings.reviews().options());
    assertEquals(Optional.of("review_id"), settings.reviews().columns().reviewId());
    assertEquals("review_text", settings.reviews().columns().text());
    assertEquals("yyyy-MM-dd HH:mm:ss", settings.reviews().timeFormat());
    assertEquals(120, settings.reviews().lookbackDays());
    assertEquals(1.0, settings.reviews().ratingMin());
    assertEquals(5.0, settings.reviews().ratingMax());
    assertEquals("hot-topic-miner.inputs.reviews", settings.reviews().configKey());
    assertEquals("session_id", settings.events().columns().basketId());
    assertEquals(Optional.empty(), settings.events().lookbackDays());
    assertEquals(List.of(), settings.events().eventTypes());
    assertEquals(Optional.empty(), settings.events().columns().category());
  }

  @Test
  void settingsUnknownFormatNamesKey() {
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class, () -> fromInputsBlock(PATHS + "reviews.format = xml"));

    assertEquals("hot-topic-miner.inputs.reviews.format", error.key());
    assertTrue(error.getMessage().contains("'xml'"), error.getMessage());
  }

  @Test
  void settingsBasketLinesOnlyForEvents() {
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class,
            () -> fromInputsBlock(PATHS + "reviews.format = basket-lines"));

    assertEquals("hot-topic-miner.inputs.reviews.format", error.key());
    assertEquals(
        "basket-lines", fromInputsBlock(PATHS + "events.format = basket-lines").events().format());
  }

  @Test
  void settingsMissingPathNamesKey() {
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class, () -> fromInputsBlock("reviews.path = \"r.csv\""));

    assertEquals("hot-topic-miner.inputs.events.path", error.key());
  }

  @Test
  void settingsBadTimeFormatNamesKey() {
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class,
            () -> fromInputsBlock(PATHS + "events.time-format = \"yyyy-MM-dd {HH\""));

    assertEquals("hot-topic-miner.inputs.events.time-format", error.key());
  }

  @Test
  void settingsPatternWithoutYearRejected() {
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class,
            () -> fromInputsBlock(PATHS + "reviews.time-format = \"HH:mm\""));

    assertEquals("hot-topic-miner.inputs.reviews.time-format", error.key());
  }

  @Test
  void settingsAcceptsNamedTimeFormats() {
    IngestSettings settings =
        fromInputsBlock(
            PATHS
                + "reviews.time-format = epoch-seconds\n"
                + "events.time-format = \"yyyy-MM-dd HH:mm:ss z\"");

    assertEquals("epoch-seconds", settings.reviews().timeFormat());
    assertEquals("yyyy-MM-dd HH:mm:ss z", settings.events().timeFormat());
  }

  @Test
  void settingsUnknownKeyNamesKey() {
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class,
            () -> fromInputsBlock(PATHS + "reviews.lookback-day = 30"));

    assertEquals("hot-topic-miner.inputs.reviews.lookback-day", error.key());
    assertTrue(error.getMessage().contains("lookback-days"), error.getMessage());
  }

  @Test
  void settingsUnknownColumnKeyNamesKey() {
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class,
            () -> fromInputsBlock(PATHS + "reviews.columns.stars = rating"));

    assertEquals("hot-topic-miner.inputs.reviews.columns.stars", error.key());
  }

  @Test
  void settingsRatingBoundsChecked() {
    InvalidConfigException outOfRange =
        assertThrows(
            InvalidConfigException.class, () -> fromInputsBlock(PATHS + "reviews.rating-max = 10"));
    InvalidConfigException crossed =
        assertThrows(
            InvalidConfigException.class,
            () -> fromInputsBlock(PATHS + "reviews.rating-min = 4\nreviews.rating-max = 2"));

    assertEquals("hot-topic-miner.inputs.reviews.rating-max", outOfRange.key());
    assertEquals("hot-topic-miner.inputs.reviews.rating-min", crossed.key());
  }

  @Test
  void settingsLookbackChecked() {
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class,
            () -> fromInputsBlock(PATHS + "reviews.lookback-days = 0"));
    IngestSettings events = fromInputsBlock(PATHS + "events.lookback-days = 14");

    assertEquals("hot-topic-miner.inputs.reviews.lookback-days", error.key());
    assertEquals(Optional.of(14), events.events().lookbackDays());
  }

  @Test
  void settingsEventTypesNeedTypeColumn() {
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class,
            () ->
                fromInputsBlock(
                    PATHS + "events.columns.event-type = null\nevents.event-types = [purchase]"));
    IngestSettings settings = fromInputsBlock(PATHS + "events.event-types = [\" Purchase \"]");

    assertEquals("hot-topic-miner.inputs.events.event-types", error.key());
    assertEquals(List.of("purchase"), settings.events().eventTypes());
  }

  @Test
  void settingsLocalConfPointsAtSample() {
    IngestSettings settings = fromFile(confFolder().resolve("local.conf"));

    assertEquals("lake/sample/reviews.csv", settings.reviews().path());
    assertEquals("lake/sample/events.csv", settings.events().path());
    assertEquals("true", settings.reviews().options().get("header"));
    assertEquals("session_id", settings.events().columns().basketId());
  }

  @Test
  void settingsMusicalInstrumentsUciConf() {
    IngestSettings settings = fromFile(confFolder().resolve("musical-instruments-uci.conf"));

    assertEquals(
        "../shared/data/amazon_musical_instruments/reviews.csv", settings.reviews().path());
    assertEquals(Optional.empty(), settings.reviews().columns().reviewId());
    assertEquals("asin", settings.reviews().columns().productId());
    assertEquals("reviewText", settings.reviews().columns().text());
    assertEquals("overall", settings.reviews().columns().rating());
    assertEquals("unixReviewTime", settings.reviews().columns().time());
    assertEquals("epoch-seconds", settings.reviews().timeFormat());
    assertEquals(365, settings.reviews().lookbackDays());
    assertEquals("\"", settings.reviews().options().get("escape"));
    assertEquals("true", settings.reviews().options().get("multiLine"));
    assertEquals("basket-lines", settings.events().format());
    assertEquals(Map.of(), settings.events().options());
  }

  @Test
  void settingsMusicalInstrumentsRees46Conf() {
    IngestSettings settings = fromFile(confFolder().resolve("musical-instruments-rees46.conf"));

    assertEquals("asin", settings.reviews().columns().productId());
    assertEquals("csv", settings.events().format());
    assertEquals("user_session", settings.events().columns().basketId());
    assertEquals(Optional.of("user_id"), settings.events().columns().userId());
    assertEquals(Optional.of("event_type"), settings.events().columns().eventType());
    assertEquals(Optional.of("event_time"), settings.events().columns().time());
    assertEquals(Optional.of("category_id"), settings.events().columns().category());
    assertEquals("yyyy-MM-dd HH:mm:ss z", settings.events().timeFormat());
    assertEquals(Optional.empty(), settings.events().lookbackDays());
    assertEquals(Map.of("header", "true"), settings.events().options());
  }
}
