package io.hottopicminer.sentiment;

import org.apache.spark.sql.SparkSession;

/**
 * Imports all-MiniLM-L6-v2 into the models path given as the only argument. Tests start it in a JVM
 * of its own, because Spark NLP 5.5.3 rejects a second ONNX import in one SparkSession and the test
 * JVM may already have imported bge-small-en-v1.5.
 */
final class MiniLmImport {
  private MiniLmImport() {}

  public static void main(String[] args) {
    SparkSession spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("minilm-import")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
    try {
      EmbeddingModelImporter.importModel(
          spark, TestModels.settings("embedding-model = all-minilm-l6-v2"), args[0]);
    } finally {
      spark.stop();
    }
  }
}
