package io.hottopicminer.sentiment;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.config.InvalidConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks of a saved head's metadata.json against the settings, without Spark. */
class HeadCompatibilityTest {
  private static final String HEAD = "/lake/models/sentiment/bge-small-en-v1.5/v1";

  private static HeadMetadata metadata(
      String embeddingModel, Map<String, List<Integer>> labelMapping, String sampling) {
    return new HeadMetadata(
        embeddingModel,
        "v1",
        labelMapping,
        sampling,
        Map.of(),
        Map.of(),
        null,
        null,
        null,
        null,
        "5.5.3",
        "2026-01-01T00:00:00Z");
  }

  @Test
  void samplingMismatchNamesKeyAndFix() {
    SentimentSettings balanced = TestModels.settings("training.sampling = balanced");
    HeadMetadata natural = metadata("bge-small-en-v1.5", SentimentLabels.RATING_MAPPING, "natural");
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class,
            () -> SentimentStage.checkCompatible(natural, balanced, HEAD));
    assertEquals("hot-topic-miner.sentiment.training.sampling", error.key());
    assertTrue(error.getMessage().contains("= 'balanced'"), error.getMessage());
    assertTrue(error.getMessage().contains("expected 'natural'"), error.getMessage());
    assertTrue(error.getMessage().contains(HEAD), error.getMessage());
    assertTrue(
        error.getMessage().contains("hot-topic-miner.sentiment.model-version"), error.getMessage());
  }

  @Test
  void samplingMatchAccepted() {
    SentimentSettings natural = TestModels.settings("training.sampling = natural");
    HeadMetadata saved = metadata("bge-small-en-v1.5", SentimentLabels.RATING_MAPPING, "natural");
    assertDoesNotThrow(() -> SentimentStage.checkCompatible(saved, natural, HEAD));
  }

  @Test
  void unrecordedSamplingAccepted() {
    SentimentSettings natural = TestModels.settings("training.sampling = natural");
    HeadMetadata saved = metadata("bge-small-en-v1.5", SentimentLabels.RATING_MAPPING, null);
    assertDoesNotThrow(() -> SentimentStage.checkCompatible(saved, natural, HEAD));
  }

  @Test
  void samplingReadFromOldMetadataAsNull() {
    String json =
        metadata("bge-small-en-v1.5", SentimentLabels.RATING_MAPPING, null)
            .toJson()
            .replace("\"trainingSampling\" : null,", "");
    assertTrue(!json.contains("trainingSampling"), json);
    assertEquals(null, HeadMetadata.fromJson(json, "metadata.json").trainingSampling());
  }

  @Test
  void samplingWrittenToJson() {
    HeadMetadata saved = metadata("bge-small-en-v1.5", SentimentLabels.RATING_MAPPING, "natural");
    HeadMetadata read = HeadMetadata.fromJson(saved.toJson(), "metadata.json");
    assertEquals("natural", read.trainingSampling());
  }

  @Test
  void embeddingMismatchNamesKey() {
    SentimentSettings minilm = TestModels.settings("embedding-model = all-minilm-l6-v2");
    HeadMetadata bge = metadata("bge-small-en-v1.5", SentimentLabels.RATING_MAPPING, "balanced");
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class, () -> SentimentStage.checkCompatible(bge, minilm, HEAD));
    assertEquals("hot-topic-miner.sentiment.embedding-model", error.key());
    assertTrue(error.getMessage().contains("expected 'bge-small-en-v1.5'"), error.getMessage());
  }

  @Test
  void labelMappingMismatchNamesVersionKey() {
    SentimentSettings settings = TestModels.settings("");
    HeadMetadata other = metadata("bge-small-en-v1.5", Map.of("negative", List.of(1)), "balanced");
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class,
            () -> SentimentStage.checkCompatible(other, settings, HEAD));
    assertEquals("hot-topic-miner.sentiment.model-version", error.key());
    assertTrue(error.getMessage().contains("{negative=[1]}"), error.getMessage());
  }
}
