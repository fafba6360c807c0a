package io.hottopicminer.topics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Topic keys that follow a topic across runs. Each new topic takes the key of the previous run's
 * topic whose listed term weights have the highest cosine similarity, at or above the threshold.
 * Pairs are matched greedily from the most similar down, so each previous key goes to at most one
 * new topic. Unmatched topics get the new key {@code t-<run_date>-<topic>}.
 */
final class TopicKeys {
  private TopicKeys() {}

  /** Key of one new topic and whether it matched no previous topic. */
  record Assignment(String topicKey, boolean emerging, Double similarity) {}

  /** A topic's key and its listed term weights. */
  record KeyedTerms(String topicKey, Map<String, Double> weights) {}

  /**
   * Assigns keys to {@code current} topics (indexed by topic id). {@code emerging} is true for
   * unmatched topics only when {@code previous} is non-empty, because on a first run every topic is
   * new.
   */
  static List<Assignment> assign(
      List<Map<String, Double>> current,
      List<KeyedTerms> previous,
      double threshold,
      LocalDate runDate) {
    record Candidate(int topic, int previousIndex, double similarity) {}
    List<Candidate> candidates = new ArrayList<>();
    for (int topic = 0; topic < current.size(); topic++) {
      for (int p = 0; p < previous.size(); p++) {
        double similarity = cosine(current.get(topic), previous.get(p).weights());
        if (similarity >= threshold) {
          candidates.add(new Candidate(topic, p, similarity));
        }
      }
    }
    candidates.sort(
        Comparator.comparingDouble(Candidate::similarity)
            .reversed()
            .thenComparingInt(Candidate::topic)
            .thenComparingInt(Candidate::previousIndex));

    Assignment[] assigned = new Assignment[current.size()];
    boolean[] previousTaken = new boolean[previous.size()];
    for (Candidate candidate : candidates) {
      if (assigned[candidate.topic()] == null && !previousTaken[candidate.previousIndex()]) {
        previousTaken[candidate.previousIndex()] = true;
        assigned[candidate.topic()] =
            new Assignment(
                previous.get(candidate.previousIndex()).topicKey(), false, candidate.similarity());
      }
    }
    List<Assignment> result = new ArrayList<>();
    for (int topic = 0; topic < current.size(); topic++) {
      result.add(
          assigned[topic] != null
              ? assigned[topic]
              : new Assignment(newKey(runDate, topic), !previous.isEmpty(), null));
    }
    return result;
  }

  static String newKey(LocalDate runDate, int topic) {
    return "t-" + runDate + "-" + topic;
  }

  /** Cosine similarity of two sparse term-weight vectors; 0 when either is empty. */
  static double cosine(Map<String, Double> left, Map<String, Double> right) {
    double dot = 0.0;
    for (Map.Entry<String, Double> entry : left.entrySet()) {
      Double other = right.get(entry.getKey());
      if (other != null) {
        dot += entry.getValue() * other;
      }
    }
    double norms = norm(left) * norm(right);
    return norms == 0.0 ? 0.0 : dot / norms;
  }

  private static double norm(Map<String, Double> weights) {
    double squares = 0.0;
    for (double weight : weights.values()) {
      squares += weight * weight;
    }
    return Math.sqrt(squares);
  }

  /** Returns the term weights of one topics-table {@code terms} array as a map. */
  static Map<String, Double> weights(List<org.apache.spark.sql.Row> terms) {
    Map<String, Double> weights = new HashMap<>();
    for (org.apache.spark.sql.Row term : terms) {
      weights.merge(term.getString(0), term.getDouble(1), Double::sum);
    }
    return weights;
  }
}
