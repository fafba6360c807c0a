package io.hottopicminer.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.framework.ConfigProto;

class SentimentPipelineTest {

  @Test
  void headSessionConfigRunsInCallerThread() throws Exception {
    int[] values = SentimentPipeline.headSessionConfig(3);
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    ConfigProto config = ConfigProto.parseFrom(bytes);
    assertEquals(3, config.getIntraOpParallelismThreads());
    assertEquals(-1, config.getInterOpParallelismThreads());
    assertTrue(config.getAllowSoftPlacement());
    assertTrue(config.getGpuOptions().getAllowGrowth());
  }
}
