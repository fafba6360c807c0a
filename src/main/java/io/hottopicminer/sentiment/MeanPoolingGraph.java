package io.hottopicminer.sentiment;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a BERT-style ONNX graph so that its {@code last_hidden_state} output contains the masked
 * mean of the token vectors at every token position.
 *
 * <p>Spark NLP cannot run a mean-pooling model such as all-MiniLM-L6-v2 correctly on padded
 * batches. The ONNX runners of BGEEmbeddings and E5Embeddings in the spark-nlp 5.5 sources
 * (BGE.scala, E5.scala) build the attention mask as 1 for every token id, padding included, so
 * padding tokens are attended to and averaged in. The rewritten graph computes its own mask, {@code
 * input_ids != 0} multiplied by the fed {@code attention_mask}, uses that mask for attention and
 * for the mean, and broadcasts the mean over the sequence axis. Any pooling that Spark NLP applies
 * afterwards (the first token for BGEEmbeddings) then returns the mean-pooled vector.
 *
 * <p>The graph is edited at the protobuf wire level (ModelProto field numbers of onnx.proto3), so
 * no ONNX library is needed. The model must use opset 13 or later, where ReduceSum and Unsqueeze
 * take their axes as inputs, and token id 0 must be the padding token.
 */
final class MeanPoolingGraph {
  static final String OUTPUT = "last_hidden_state";
  private static final String PREFIX = "mean_pooling_";
  private static final String MASK = PREFIX + "attention_mask";

  // Field numbers of onnx.proto3.
  private static final int MODEL_GRAPH = 7;
  private static final int MODEL_OPSET_IMPORT = 8;
  private static final int OPSET_DOMAIN = 1;
  private static final int OPSET_VERSION = 2;
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_OUTPUT = 12;
  private static final int NODE_INPUT = 1;
  private static final int NODE_OUTPUT = 2;
  private static final int NODE_NAME = 3;
  private static final int NODE_OP_TYPE = 4;
  private static final int NODE_ATTRIBUTE = 5;
  private static final int ATTRIBUTE_NAME = 1;
  private static final int ATTRIBUTE_INT = 3;
  private static final int ATTRIBUTE_TYPE = 20;
  private static final int ATTRIBUTE_TYPE_INT = 2;
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_RAW_DATA = 9;
  private static final int VALUE_NAME = 1;
  private static final int VALUE_TYPE = 2;
  private static final int TYPE_TENSOR = 1;
  private static final int TENSOR_TYPE_ELEM = 1;
  private static final int TENSOR_TYPE_SHAPE = 2;
  private static final int SHAPE_DIM = 1;
  private static final int DIM_VALUE = 1;
  private static final int DIM_PARAM = 2;
  private static final int FLOAT = 1;
  private static final int INT64 = 7;

  private MeanPoolingGraph() {}

  /**
   * Returns {@code model} (a serialized ModelProto) with mean pooling over {@code tokenOutput}
   * added. Every other graph output is dropped and {@link #OUTPUT} is the only output, of shape
   * [batch, sequence, hiddenSize].
   *
   * @throws IllegalArgumentException when the model has no graph, an opset below 13, or no node
   *     producing {@code tokenOutput}
   */
  static byte[] addMeanPooling(byte[] model, String tokenOutput, int hiddenSize) {
    try {
      return rewriteModel(model, tokenOutput, hiddenSize);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to rewrite the ONNX graph", e);
    }
  }

  private static byte[] rewriteModel(byte[] model, String tokenOutput, int hiddenSize)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(model.length + 4096);
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    CodedInputStream in = CodedInputStream.newInstance(model);
    in.enableAliasing(true);
    in.setSizeLimit(Integer.MAX_VALUE);
    boolean graphFound = false;
    long opset = -1;
    while (true) {
      int start = in.getTotalBytesRead();
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == MODEL_GRAPH) {
        ByteString graph = in.readBytes();
        out.writeBytes(MODEL_GRAPH, rewriteGraph(graph, tokenOutput, hiddenSize));
        graphFound = true;
      } else if (field == MODEL_OPSET_IMPORT) {
        ByteString opsetImport = in.readBytes();
        opset = Math.max(opset, defaultDomainVersion(opsetImport));
        out.writeBytes(MODEL_OPSET_IMPORT, opsetImport);
      } else {
        in.skipField(tag);
        out.writeRawBytes(model, start, in.getTotalBytesRead() - start);
      }
    }
    if (!graphFound) {
      throw new IllegalArgumentException("The ONNX model has no graph");
    }
    if (opset < 13) {
      throw new IllegalArgumentException(
          "The ONNX model uses opset " + opset + ", but mean pooling needs opset 13 or later");
    }
    out.flush();
    return bytes.toByteArray();
  }

  /** Returns the version of the default ("" or "ai.onnx") domain, or -1 for other domains. */
  private static long defaultDomainVersion(ByteString opsetImport) throws IOException {
    CodedInputStream in = opsetImport.newCodedInput();
    String domain = "";
    long version = -1;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == OPSET_DOMAIN) {
        domain = in.readString();
      } else if (field == OPSET_VERSION) {
        version = in.readInt64();
      } else {
        in.skipField(tag);
      }
    }
    return domain.isEmpty() || domain.equals("ai.onnx") ? version : -1;
  }

  private static ByteString rewriteGraph(ByteString graph, String tokenOutput, int hiddenSize)
      throws IOException {
    ByteString.Output bytes = ByteString.newOutput(graph.size() + 4096);
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    // The mask nodes come first, so every original node that reads the mask finds it computed.
    for (ByteString node : maskNodes()) {
      out.writeBytes(GRAPH_NODE, node);
    }
    CodedInputStream in = graph.newCodedInput();
    in.enableAliasing(true);
    in.setSizeLimit(Integer.MAX_VALUE);
    boolean producerFound = false;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == GRAPH_NODE) {
        NodeRewrite node = rewriteNode(in.readBytes(), tokenOutput);
        producerFound |= node.producesTokenOutput();
        out.writeBytes(GRAPH_NODE, node.bytes());
      } else if (field == GRAPH_OUTPUT) {
        in.readBytes();
      } else if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        out.writeBytes(field, in.readBytes());
      } else {
        // onnx.proto3 gives GraphProto no scalar fields.
        throw new IllegalArgumentException("Unexpected scalar field " + field + " in GraphProto");
      }
    }
    if (!producerFound) {
      throw new IllegalArgumentException("No node of the ONNX graph produces " + tokenOutput);
    }
    for (ByteString node : poolingNodes(tokenOutput)) {
      out.writeBytes(GRAPH_NODE, node);
    }
    for (ByteString initializer : initializers()) {
      out.writeBytes(GRAPH_INITIALIZER, initializer);
    }
    out.writeBytes(GRAPH_OUTPUT, outputInfo(hiddenSize));
    out.flush();
    return bytes.toByteString();
  }

  private record NodeRewrite(ByteString bytes, boolean producesTokenOutput) {}

  /** Points the node's attention_mask inputs at the computed mask. */
  private static NodeRewrite rewriteNode(ByteString node, String tokenOutput) throws IOException {
    ByteString.Output bytes = ByteString.newOutput(node.size() + 16);
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    CodedInputStream in = node.newCodedInput();
    boolean producer = false;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == NODE_INPUT) {
        String input = in.readString();
        out.writeString(NODE_INPUT, input.equals("attention_mask") ? MASK : input);
      } else if (field == NODE_OUTPUT) {
        String output = in.readString();
        producer |= output.equals(tokenOutput);
        out.writeString(NODE_OUTPUT, output);
      } else if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        out.writeBytes(field, in.readBytes());
      } else {
        throw new IllegalArgumentException("Unexpected scalar field " + field + " in NodeProto");
      }
    }
    out.flush();
    return new NodeRewrite(bytes.toByteString(), producer);
  }

  /** attention_mask AND (input_ids != 0), as int64 like the fed mask. */
  private static List<ByteString> maskNodes() throws IOException {
    List<ByteString> nodes = new ArrayList<>();
    nodes.add(node("Equal", List.of("input_ids", PREFIX + "zero"), PREFIX + "is_padding"));
    nodes.add(node("Not", List.of(PREFIX + "is_padding"), PREFIX + "is_token"));
    nodes.add(node("Cast", List.of(PREFIX + "is_token"), PREFIX + "token_mask", "to", INT64));
    nodes.add(node("Mul", List.of(PREFIX + "token_mask", "attention_mask"), MASK));
    return nodes;
  }

  /** sum(token vectors * mask) / max(sum(mask), 1e-9), expanded to [batch, sequence, hidden]. */
  private static List<ByteString> poolingNodes(String tokenOutput) throws IOException {
    List<ByteString> nodes = new ArrayList<>();
    nodes.add(node("Cast", List.of(MASK), PREFIX + "mask_float", "to", FLOAT));
    nodes.add(
        node(
            "Unsqueeze", List.of(PREFIX + "mask_float", PREFIX + "axis_hidden"), PREFIX + "mask3"));
    nodes.add(node("Mul", List.of(tokenOutput, PREFIX + "mask3"), PREFIX + "masked"));
    nodes.add(
        node(
            "ReduceSum",
            List.of(PREFIX + "masked", PREFIX + "axis_sequence"),
            PREFIX + "sum",
            "keepdims",
            1));
    nodes.add(
        node(
            "ReduceSum",
            List.of(PREFIX + "mask3", PREFIX + "axis_sequence"),
            PREFIX + "count",
            "keepdims",
            1));
    nodes.add(node("Max", List.of(PREFIX + "count", PREFIX + "min_count"), PREFIX + "safe_count"));
    nodes.add(node("Div", List.of(PREFIX + "sum", PREFIX + "safe_count"), PREFIX + "mean"));
    nodes.add(node("Shape", List.of(tokenOutput), PREFIX + "token_shape"));
    nodes.add(node("Expand", List.of(PREFIX + "mean", PREFIX + "token_shape"), OUTPUT));
    return nodes;
  }

  private static List<ByteString> initializers() throws IOException {
    List<ByteString> tensors = new ArrayList<>();
    tensors.add(tensor(PREFIX + "zero", INT64, new long[0], int64Bytes(0)));
    tensors.add(tensor(PREFIX + "axis_hidden", INT64, new long[] {1}, int64Bytes(2)));
    tensors.add(tensor(PREFIX + "axis_sequence", INT64, new long[] {1}, int64Bytes(1)));
    ByteBuffer minCount = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(1e-9f);
    tensors.add(tensor(PREFIX + "min_count", FLOAT, new long[0], minCount.array()));
    return tensors;
  }

  private static byte[] int64Bytes(long value) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
  }

  private static ByteString node(String opType, List<String> inputs, String output)
      throws IOException {
    return node(opType, inputs, output, null, 0);
  }

  private static ByteString node(
      String opType, List<String> inputs, String output, String attribute, long value)
      throws IOException {
    ByteString.Output bytes = ByteString.newOutput();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    for (String input : inputs) {
      out.writeString(NODE_INPUT, input);
    }
    out.writeString(NODE_OUTPUT, output);
    out.writeString(NODE_NAME, output + "_node");
    out.writeString(NODE_OP_TYPE, opType);
    if (attribute != null) {
      ByteString.Output attributeBytes = ByteString.newOutput();
      CodedOutputStream attributeOut = CodedOutputStream.newInstance(attributeBytes);
      attributeOut.writeString(ATTRIBUTE_NAME, attribute);
      attributeOut.writeInt64(ATTRIBUTE_INT, value);
      attributeOut.writeEnum(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INT);
      attributeOut.flush();
      out.writeBytes(NODE_ATTRIBUTE, attributeBytes.toByteString());
    }
    out.flush();
    return bytes.toByteString();
  }

  private static ByteString tensor(String name, int dataType, long[] dims, byte[] rawData)
      throws IOException {
    ByteString.Output bytes = ByteString.newOutput();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    for (long dim : dims) {
      out.writeInt64(TENSOR_DIMS, dim);
    }
    out.writeInt32(TENSOR_DATA_TYPE, dataType);
    out.writeString(TENSOR_NAME, name);
    out.writeBytes(TENSOR_RAW_DATA, ByteString.copyFrom(rawData));
    out.flush();
    return bytes.toByteString();
  }

  /** ValueInfoProto of the output: float tensor [batch, sequence, hiddenSize]. */
  private static ByteString outputInfo(int hiddenSize) throws IOException {
    ByteString.Output shapeBytes = ByteString.newOutput();
    CodedOutputStream shape = CodedOutputStream.newInstance(shapeBytes);
    shape.writeBytes(SHAPE_DIM, message(DIM_PARAM, "batch"));
    shape.writeBytes(SHAPE_DIM, message(DIM_PARAM, "sequence"));
    ByteString.Output sizeBytes = ByteString.newOutput();
    CodedOutputStream size = CodedOutputStream.newInstance(sizeBytes);
    size.writeInt64(DIM_VALUE, hiddenSize);
    size.flush();
    shape.writeBytes(SHAPE_DIM, sizeBytes.toByteString());
    shape.flush();

    ByteString.Output tensorTypeBytes = ByteString.newOutput();
    CodedOutputStream tensorType = CodedOutputStream.newInstance(tensorTypeBytes);
    tensorType.writeInt32(TENSOR_TYPE_ELEM, FLOAT);
    tensorType.writeBytes(TENSOR_TYPE_SHAPE, shapeBytes.toByteString());
    tensorType.flush();

    ByteString.Output typeBytes = ByteString.newOutput();
    CodedOutputStream type = CodedOutputStream.newInstance(typeBytes);
    type.writeBytes(TYPE_TENSOR, tensorTypeBytes.toByteString());
    type.flush();

    ByteString.Output infoBytes = ByteString.newOutput();
    CodedOutputStream info = CodedOutputStream.newInstance(infoBytes);
    info.writeString(VALUE_NAME, OUTPUT);
    info.writeBytes(VALUE_TYPE, typeBytes.toByteString());
    info.flush();
    return infoBytes.toByteString();
  }

  private static ByteString message(int field, String value) throws IOException {
    ByteString.Output bytes = ByteString.newOutput();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeString(field, value);
    out.flush();
    return bytes.toByteString();
  }
}
