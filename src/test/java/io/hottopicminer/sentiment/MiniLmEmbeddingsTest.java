package io.hottopicminer.sentiment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hottopicminer.testing.SparkTestSession;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Checks that Spark NLP, given the imported all-MiniLM-L6-v2, returns the model's mean-pooled
 * sentence vectors for texts of different lengths in one padded batch.
 */
class MiniLmEmbeddingsTest {
  /**
   * Texts whose words and punctuation marks are whole tokens of the uncased BERT vocabulary once
   * lower-cased, so ids are known. The last one checks that Spark NLP lower-cases and splits off
   * punctuation as the model's own tokenizer does.
   */
  private static final List<String> TEXTS =
      List.of(
          "this strap is great",
          "terrible",
          "the strings broke after two days and i am not happy with them at all",
          "good sound for the price",
          "Great strap, BUT the clip doesn't hold! I returned it.");

  @Test
  void sparkNlpMatchesRawMeanPooling() throws Exception {
    ClassLoader loader = getClass().getClassLoader();
    Assumptions.assumeTrue(
        loader.getResource("all-minilm-l6-v2.onnx") != null,
        "all-minilm-l6-v2.onnx is not on the test class path");
    SparkSession spark = SparkTestSession.get();
    String modelsPath =
        Path.of(System.getProperty("project.basedir", "."), "target", "test-models")
            .toAbsolutePath()
            .toString();
    SentimentSettings settings =
        TestModels.settings("embedding-model = all-minilm-l6-v2, batch-size = 5");
    if (!EmbeddingModelImporter.isImported(spark, modelsPath, settings.embeddingModel())) {
      importInOwnJvm(modelsPath);
    }

    Dataset<Row> texts =
        spark.createDataset(TEXTS, Encoders.STRING()).toDF("review_text").coalesce(1);
    List<Row> rows =
        SentimentPipeline.embedder(
                EmbeddingModelImporter.embeddingsPath(modelsPath, settings.embeddingModel()),
                settings)
            .transform(texts)
            .select(
                col("review_text"),
                element_at(col(SentimentPipeline.EMBEDDINGS), 1).getField("embeddings"))
            .collectAsList();
    assertEquals(TEXTS.size(), rows.size());

    JsonNode vocab;
    try (InputStream in = loader.getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
      vocab = new ObjectMapper().readTree(in).path("model").path("vocab");
    }
    byte[] onnx;
    try (InputStream in = loader.getResourceAsStream("all-minilm-l6-v2.onnx")) {
      onnx = in.readAllBytes();
    }
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = environment.createSession(onnx, options)) {
        for (Row row : rows) {
          long[][] ids = {tokenIds(vocab, row.getString(0))};
          long[][] mask = new long[1][ids[0].length];
          java.util.Arrays.fill(mask[0], 1);
          float[] expected =
              MeanPoolingGraphTest.mean(
                  MeanPoolingGraphTest.run(environment, session, ids, mask, "output_0")[0]);
          List<Float> actualList = row.getList(1);
          float[] actual = new float[actualList.size()];
          for (int i = 0; i < actual.length; i++) {
            actual[i] = actualList.get(i);
          }
          assertEquals(384, actual.length, row.getString(0));
          // BGEEmbeddings of Spark NLP 5.5.3 L2-normalizes every pooled vector.
          assertEquals(1.0, norm(actual), 1e-4, row.getString(0));
          double cosine = MeanPoolingGraphTest.cosine(expected, actual);
          TestFigures.record("minilm_mean_pooling_cosine", cosine);
          assertTrue(cosine > 0.99, "cosine " + cosine + " for '" + row.getString(0) + "'");
        }
      }
    }
  }

  private static double norm(float[] vector) {
    double sum = 0;
    for (float value : vector) {
      sum += value * value;
    }
    return Math.sqrt(sum);
  }

  /** Returns the ids of BERT uncased tokenization where every word is a whole token. */
  private static long[] tokenIds(JsonNode vocab, String text) {
    List<Long> ids = new ArrayList<>();
    ids.add(vocab.get("[CLS]").asLong());
    String separated = text.toLowerCase(Locale.ROOT).replaceAll("(\\p{Punct})", " $1 ").trim();
    for (String word : separated.split("\\s+")) {
      JsonNode id = vocab.get(word);
      assertTrue(id != null, "'" + word + "' is not a whole token of the vocabulary");
      ids.add(id.asLong());
    }
    ids.add(vocab.get("[SEP]").asLong());
    return ids.stream().mapToLong(Long::longValue).toArray();
  }

  private static void importInOwnJvm(String modelsPath) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!argument.startsWith("-Xmx")) {
        command.add(argument);
      }
    }
    command.add("-Xmx2g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MiniLmImport.class.getName());
    command.add(modelsPath);
    Path log = Files.createTempFile("minilm-import", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = process.waitFor(10, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    Files.deleteIfExists(log);
    assertTrue(finished, "all-MiniLM-L6-v2 import timed out after 10 minutes:\n" + output);
    assertEquals(0, process.exitValue(), "all-MiniLM-L6-v2 import failed:\n" + output);
  }
}
