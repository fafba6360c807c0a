package io.hottopicminer.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.hottopicminer.config.ConfigReader;
import io.hottopicminer.config.InvalidConfigException;
import org.junit.jupiter.api.Test;

class TopicSettingsTest {
  private static final String BLOCK = "hot-topic-miner.topics";

  private static Config defaults() {
    return ConfigFactory.parseResources("reference.conf").resolve().getConfig(BLOCK);
  }

  private static TopicSettings read(Config config) {
    return TopicSettings.from(new ConfigReader(config, BLOCK));
  }

  private static InvalidConfigException rejected(String key, Object value) {
    Config config = defaults().withValue(key, ConfigValueFactory.fromAnyRef(value));
    return assertThrows(InvalidConfigException.class, () -> read(config));
  }

  @Test
  void defaultsFromReferenceConf() {
    TopicSettings settings = read(defaults());
    assertEquals(10, settings.k());
    assertEquals("em", settings.optimizer());
    assertEquals(50, settings.maxIterations());
    assertEquals(5000, settings.vocabularySize());
    assertEquals(3, settings.minDocumentFrequency());
    assertEquals(0.5, settings.maxDocumentFrequency());
    assertEquals(3, settings.minTokenLength());
    assertTrue(settings.extraStopWords().contains("amazon"));
    assertEquals(10, settings.topTerms());
    assertEquals(1.1, settings.docConcentration());
    assertEquals(-1.0, settings.topicConcentration());
    assertEquals(42L, settings.seed());
    assertEquals(0.6, settings.labelRelevanceLambda());
    assertEquals(10, settings.coherenceTerms());
    assertEquals(0.5, settings.keyMatchThreshold());
    assertEquals(0, settings.phraseMinDocumentFrequency());
    assertEquals(java.util.List.of(), settings.kCandidates());
    assertEquals(java.util.List.of(10), settings.ksToFit());
    assertEquals("none", settings.stemmer());
  }

  @Test
  void kCandidatesSortedAndChecked() {
    Config config =
        defaults()
            .withValue("k-candidates", ConfigValueFactory.fromIterable(java.util.List.of(12, 6, 8)));
    TopicSettings settings = read(config);
    assertEquals(java.util.List.of(6, 8, 12), settings.kCandidates());
    assertEquals(12, settings.maxK());
    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class,
            () ->
                read(
                    defaults()
                        .withValue(
                            "k-candidates",
                            ConfigValueFactory.fromIterable(java.util.List.of(8, 1)))));
    assertEquals(BLOCK + ".k-candidates", error.key());
  }

  @Test
  void diagnosticsKeysRangeChecked() {
    assertEquals(BLOCK + ".label-relevance-lambda", rejected("label-relevance-lambda", 1.5).key());
    assertEquals(BLOCK + ".coherence-terms", rejected("coherence-terms", 1).key());
    assertEquals(BLOCK + ".key-match-threshold", rejected("key-match-threshold", 0.0).key());
    assertEquals(
        BLOCK + ".phrase-min-document-frequency",
        rejected("phrase-min-document-frequency", -1).key());
  }

  @Test
  void kOutOfRangeRejected() {
    assertEquals(BLOCK + ".k", rejected("k", 1).key());
    assertEquals(BLOCK + ".k", rejected("k", 201).key());
    assertTrue(rejected("k", 1).getMessage().contains("from 2 to 200"));
  }

  @Test
  void unknownOptimizerRejected() {
    assertEquals(BLOCK + ".optimizer", rejected("optimizer", "gibbs").key());
  }

  @Test
  void stemmerReadAndChecked() {
    Config config = defaults().withValue("stemmer", ConfigValueFactory.fromAnyRef("porter"));
    assertEquals("porter", read(config).stemmer());
    InvalidConfigException error = rejected("stemmer", "snowball");
    assertEquals(BLOCK + ".stemmer", error.key());
    assertTrue(error.getMessage().contains("kstem"), error.getMessage());
  }

  @Test
  void maxDocumentFrequencyZeroRejected() {
    assertEquals(BLOCK + ".max-document-frequency", rejected("max-document-frequency", 0.0).key());
    assertEquals(BLOCK + ".max-document-frequency", rejected("max-document-frequency", 1.5).key());
  }

  @Test
  void emConcentrationAtMostOneRejected() {
    assertEquals(BLOCK + ".doc-concentration", rejected("doc-concentration", 0.5).key());
    assertEquals(BLOCK + ".topic-concentration", rejected("topic-concentration", 1.0).key());
  }

  @Test
  void onlineConcentrationBelowOneAccepted() {
    Config config =
        defaults()
            .withValue("optimizer", ConfigValueFactory.fromAnyRef("online"))
            .withValue("doc-concentration", ConfigValueFactory.fromAnyRef(0.1));
    assertEquals(0.1, read(config).docConcentration());
  }
}
