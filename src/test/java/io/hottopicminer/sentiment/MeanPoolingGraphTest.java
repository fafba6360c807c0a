package io.hottopicminer.sentiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MeanPoolingGraphTest {
  /** WordPiece ids of three reviews of different lengths ([CLS] = 101, [SEP] = 102). */
  static final long[][] TOKEN_IDS = {
    {101, 2023, 2003, 1037, 2204, 4031, 102},
    {101, 6659, 102},
    {101, 2009, 3631, 2044, 2048, 2420, 1998, 1045, 2572, 2025, 3407, 2007, 2009, 1012, 102}
  };

  private static byte[] original;

  @BeforeAll
  static void readModel() throws IOException {
    try (InputStream in =
        MeanPoolingGraphTest.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2.onnx")) {
      Assumptions.assumeTrue(in != null, "all-minilm-l6-v2.onnx is not on the test class path");
      original = in.readAllBytes();
    }
  }

  @Test
  void paddedBatchGivesUnpaddedMean() throws OrtException {
    byte[] rewritten = MeanPoolingGraph.addMeanPooling(original, "output_0", 384);
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession plain = environment.createSession(original, options);
          OrtSession pooled = environment.createSession(rewritten, options)) {
        assertEquals(java.util.Set.of(MeanPoolingGraph.OUTPUT), pooled.getOutputNames());
        int width = 0;
        for (long[] ids : TOKEN_IDS) {
          width = Math.max(width, ids.length);
        }
        long[][] padded = new long[TOKEN_IDS.length][width];
        long[][] ones = new long[TOKEN_IDS.length][width];
        for (int row = 0; row < TOKEN_IDS.length; row++) {
          System.arraycopy(TOKEN_IDS[row], 0, padded[row], 0, TOKEN_IDS[row].length);
          java.util.Arrays.fill(ones[row], 1);
        }
        // Spark NLP 5.5.3 feeds an attention mask of ones, padding included.
        float[][][] output = run(environment, pooled, padded, ones, MeanPoolingGraph.OUTPUT);
        assertArrayEquals(new int[] {3, width, 384}, shape(output));
        for (int row = 0; row < TOKEN_IDS.length; row++) {
          long[][] single = {TOKEN_IDS[row]};
          long[][] mask = new long[1][TOKEN_IDS[row].length];
          java.util.Arrays.fill(mask[0], 1);
          float[] expected = mean(run(environment, plain, single, mask, "output_0")[0]);
          double first = cosine(expected, output[row][0]);
          double last = cosine(expected, output[row][width - 1]);
          assertTrue(first > 0.9999, "row " + row + ": cosine at the first token " + first);
          assertTrue(last > 0.9999, "row " + row + ": cosine at the last position " + last);
        }
      }
    }
  }

  @Test
  void missingTokenOutputRejected() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> MeanPoolingGraph.addMeanPooling(original, "no_such_output", 384));
    assertTrue(error.getMessage().contains("no_such_output"), error.getMessage());
  }

  static float[][][] run(
      OrtEnvironment environment,
      OrtSession session,
      long[][] inputIds,
      long[][] attention,
      String output)
      throws OrtException {
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(environment, inputIds));
      inputs.put("attention_mask", OnnxTensor.createTensor(environment, attention));
      long[][] typeIds = new long[inputIds.length][inputIds[0].length];
      inputs.put("token_type_ids", OnnxTensor.createTensor(environment, typeIds));
      try (OrtSession.Result result = session.run(inputs)) {
        return (float[][][]) result.get(output).orElseThrow().getValue();
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /** Returns the mean of the token vectors, the pooling of all-MiniLM-L6-v2. */
  static float[] mean(float[][] tokens) {
    float[] sum = new float[tokens[0].length];
    for (float[] token : tokens) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += token[i] / tokens.length;
      }
    }
    return sum;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double normA = 0;
    double normB = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      normA += a[i] * a[i];
      normB += b[i] * b[i];
    }
    return dot / Math.sqrt(normA * normB);
  }

  private static int[] shape(float[][][] values) {
    return new int[] {values.length, values[0].length, values[0][0].length};
  }
}
