package io.hottopicminer.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingModelImporterTest {
  @TempDir Path folder;

  @Test
  void vocabularyWrittenInIdOrder() throws Exception {
    Path tokenizer = folder.resolve("tokenizer.json");
    Files.writeString(
        tokenizer, "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"b\": 2, \"[PAD]\": 0, \"a\": 1}}}");
    Path vocab = folder.resolve("vocab.txt");
    EmbeddingModelImporter.writeVocabulary(tokenizer, vocab);
    assertEquals(List.of("[PAD]", "a", "b"), Files.readAllLines(vocab));
  }

  @Test
  void vocabularyGapRejected() throws Exception {
    Path tokenizer = folder.resolve("tokenizer.json");
    Files.writeString(tokenizer, "{\"model\": {\"vocab\": {\"a\": 0, \"b\": 2}}}");
    IllegalStateException error =
        assertThrows(
            IllegalStateException.class,
            () -> EmbeddingModelImporter.writeVocabulary(tokenizer, folder.resolve("vocab.txt")));
    assertTrue(error.getMessage().contains("token id 2"), error.getMessage());
  }

  @Test
  void classPathModelImported() throws Exception {
    String modelsPath = TestModels.modelsPath();
    assertTrue(
        EmbeddingModelImporter.isImported(
            SparkTestSession.get(), modelsPath, "bge-small-en-v1.5"));
    Path onnxFolder = folder.resolve("onnx");
    EmbeddingModelImporter.writeOnnxFolder(
        SparkTestSession.get(), "bge-small-en-v1.5", java.util.Optional.empty(), onnxFolder);
    List<String> vocab = Files.readAllLines(onnxFolder.resolve("assets/vocab.txt"));
    // bge-small-en-v1.5 uses the 30,522-token uncased BERT WordPiece vocabulary.
    assertEquals(30522, vocab.size());
    assertEquals("[PAD]", vocab.get(0));
    assertTrue(Files.size(onnxFolder.resolve("model.onnx")) > 100_000_000L);
  }

  @Test
  void missingJarEntryNamed() throws Exception {
    Path jar = folder.resolve("empty.jar");
    try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new java.util.zip.ZipEntry("README"));
      out.closeEntry();
    }
    IllegalStateException error =
        assertThrows(
            IllegalStateException.class,
            () ->
                EmbeddingModelImporter.writeOnnxFolder(
                    SparkTestSession.get(),
                    "bge-small-en-v1.5",
                    java.util.Optional.of(jar.toString()),
                    folder.resolve("onnx")));
    assertTrue(error.getMessage().contains("bge-small-en-v1.5.onnx"), error.getMessage());
  }
}
