package io.hottopicminer.sentiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;

/**
 * Contents of {@code metadata.json} saved inside each classifier head folder.
 *
 * @param embeddingModel embedding model the head was trained on
 * @param modelVersion head version (the folder name)
 * @param labelMapping sentiment label to the star ratings it was trained from
 * @param trainingSampling {@code training.sampling} the head was trained with ({@code balanced} or
 *     {@code natural}), or null in metadata saved before it was recorded
 * @param trainingRowsPerClass training rows per label, after sampling and the validation
 *     split
 * @param validationRowsPerClass held-out rows per label
 * @param reviewDateFrom earliest review_date of the sampled reviews (ISO date), or null
 * @param reviewDateTo latest review_date of the sampled reviews (ISO date), or null
 * @param validationAccuracy accuracy on the held-out rows, or null when none were held out
 * @param validationMacroF1 macro-averaged F1 on the held-out rows, or null when none were held out
 * @param sparkNlpVersion Spark NLP version that trained the head
 * @param createdAt creation time, ISO-8601 instant
 */
public record HeadMetadata(
    String embeddingModel,
    String modelVersion,
    Map<String, List<Integer>> labelMapping,
    String trainingSampling,
    Map<String, Long> trainingRowsPerClass,
    Map<String, Long> validationRowsPerClass,
    String reviewDateFrom,
    String reviewDateTo,
    Double validationAccuracy,
    Double validationMacroF1,
    String sparkNlpVersion,
    String createdAt) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Failed to serialise head metadata", e);
    }
  }

  static HeadMetadata fromJson(String json, String path) {
    try {
      return JSON.readValue(json, HeadMetadata.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Invalid sentiment head metadata "
              + path
              + ": "
              + e.getOriginalMessage()
              + ". Delete the head folder to retrain it.",
          e);
    }
  }
}
