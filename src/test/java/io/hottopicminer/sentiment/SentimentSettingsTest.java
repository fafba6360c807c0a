package io.hottopicminer.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.config.InvalidConfigException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SentimentSettingsTest {

  @Test
  void defaultsFromReferenceConf() {
    SentimentSettings settings = TestModels.settings("");
    assertEquals("bge-small-en-v1.5", settings.embeddingModel());
    assertEquals("v1", settings.modelVersion());
    assertEquals(32, settings.batchSize());
    assertEquals(128, settings.maxSentenceLength());
    assertEquals(1, settings.onnxThreads());
    assertEquals(1, settings.headThreads());
    assertEquals(Optional.empty(), settings.importSourceJar());
    assertEquals(600, settings.training().maxReviewsPerClass());
    assertEquals(20, settings.training().minReviewsPerClass());
    assertEquals(12, settings.training().epochs());
    assertEquals(0.003, settings.training().learningRate(), 1e-12);
    assertEquals(64, settings.training().batchSize());
    assertEquals(42, settings.training().seed());
    assertEquals(0.1, settings.training().validationFraction(), 1e-12);
    assertEquals("balanced", settings.training().sampling());
    assertEquals(0.2, settings.evaluation().testFraction(), 1e-12);
  }

  @Test
  void unknownSamplingNamesKey() {
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class, () -> TestModels.settings("training.sampling = equal"));
    assertEquals("hot-topic-miner.sentiment.training.sampling", error.key());
  }

  @Test
  void testFractionAboveHalfRejected() {
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class,
            () -> TestModels.settings("evaluation.test-fraction = 0.8"));
    assertEquals("hot-topic-miner.sentiment.evaluation.test-fraction", error.key());
  }

  @Test
  void badBatchSizeNamesKey() {
    InvalidConfigException error =
        assertThrows(InvalidConfigException.class, () -> TestModels.settings("batch-size = 0"));
    assertEquals("hot-topic-miner.sentiment.batch-size", error.key());
  }

  @Test
  void unknownEmbeddingModelRejected() {
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class,
            () -> TestModels.settings("embedding-model = all-mpnet-base-v2"));
    assertEquals("hot-topic-miner.sentiment.embedding-model", error.key());
  }

  @Test
  void miniLmEmbeddingModelAccepted() {
    assertEquals(
        "all-minilm-l6-v2",
        TestModels.settings("embedding-model = all-minilm-l6-v2").embeddingModel());
  }

  @Test
  void longReviewsModeRead() {
    assertEquals("truncate", TestModels.settings("").longReviews());
    assertEquals("sentences", TestModels.settings("long-reviews = sentences").longReviews());
  }

  @Test
  void unknownLongReviewsModeRejected() {
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class, () -> TestModels.settings("long-reviews = split"));
    assertEquals("hot-topic-miner.sentiment.long-reviews", error.key());
  }

  @Test
  void modelVersionMustBeFolderName() {
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class, () -> TestModels.settings("model-version = \"../v1\""));
    assertEquals("hot-topic-miner.sentiment.model-version", error.key());
  }

  @Test
  void minAboveMaxPerClassRejected() {
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class,
            () ->
                TestModels.settings(
                    "training { max-reviews-per-class = 50, min-reviews-per-class = 60 }"));
    assertEquals("hot-topic-miner.sentiment.training.min-reviews-per-class", error.key());
    assertTrue(error.getMessage().contains("'60'"), error.getMessage());
  }

  @Test
  void badLearningRateNamesKey() {
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class, () -> TestModels.settings("training.learning-rate = 2"));
    assertEquals("hot-topic-miner.sentiment.training.learning-rate", error.key());
  }

  @Test
  void headThreadsZeroKeepsTensorFlowDefaults() {
    assertEquals(0, TestModels.settings("head-threads = 0").headThreads());
  }

  @Test
  void negativeHeadThreadsRejected() {
    InvalidConfigException error =
        assertThrows(InvalidConfigException.class, () -> TestModels.settings("head-threads = -1"));
    assertEquals("hot-topic-miner.sentiment.head-threads", error.key());
  }

  @Test
  void sourceJarIsOptional() {
    SentimentSettings settings = TestModels.settings("import.source-jar = \"/opt/models/bge.jar\"");
    assertEquals(Optional.of("/opt/models/bge.jar"), settings.importSourceJar());
  }
}
