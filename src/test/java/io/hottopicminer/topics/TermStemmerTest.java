package io.hottopicminer.topics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hottopicminer.testing.SparkTestSession;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TermStemmerTest {
  private static final StructType TERMS =
      new StructType()
          .add("review_id", DataTypes.StringType)
          .add("terms", DataTypes.createArrayType(DataTypes.StringType, false));

  @Test
  void kstemReturnsWords() {
    assertEquals(
        List.of("battery", "charge", "pedal", "cable"),
        TermStemmer.stem("kstem", List.of("batteries", "charging", "pedals", "cables")));
    // KStem returns a word found in its dictionary unchanged.
    assertEquals(List.of("strings"), TermStemmer.stem("kstem", List.of("strings")));
  }

  @Test
  void porterAndMinimalDiffer() {
    assertEquals(
        List.of("batteri", "string", "charg"),
        TermStemmer.stem("porter", List.of("batteries", "strings", "charging")));
    assertEquals(
        List.of("battery", "string", "charging"),
        TermStemmer.stem("minimal", List.of("batteries", "strings", "charging")));
  }

  @Test
  void stemKeepsLongAndNonAsciiTerms() {
    String longTerm = "a".repeat(300);
    assertEquals(
        List.of(longTerm, "café", "string"),
        TermStemmer.stem("minimal", List.of(longTerm, "café", "strings")));
  }

  @Test
  void stemDropsStemsOfStopWords() {
    Dataset<Row> stemmed = TermStemmer.stem(documents(), "porter", Set.of("use", "the"));
    List<Row> rows = stemmed.orderBy("review_id").collectAsList();
    assertEquals(List.of("string", "string"), rows.get(0).getList(rows.get(0).fieldIndex("terms")));
    assertEquals(
        List.of("string", "batteri"), rows.get(1).getList(rows.get(1).fieldIndex("terms")));
    assertEquals(List.of(), rows.get(2).getList(rows.get(2).fieldIndex("terms")));
  }

  @Test
  void noneLeavesDocumentsUnchanged() {
    Dataset<Row> documents = documents();
    assertSame(documents, TermStemmer.stem(documents, "none", Set.of("use")));
    String[] vocabulary = {"strings", "battery life"};
    assertSame(
        vocabulary,
        TermStemmer.surfaceForms(SparkTestSession.get(), "test", documents, vocabulary));
  }

  @Test
  void surfaceFormsPickMostFrequentWord() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> stemmed = TermStemmer.stem(documents(), "porter", Set.of("use"));
    // "strings" occurs twice and "string" once, and "batteries" is the only form of "batteri".
    String[] readable =
        TermStemmer.surfaceForms(
            spark, "test", stemmed, new String[] {"string", "batteri", "string batteri"});
    assertArrayEquals(new String[] {"strings", "batteries", "strings batteries"}, readable);
  }

  @Test
  void vectorizeMergesInflectedTerms() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = new java.util.ArrayList<>();
    java.time.LocalDate day = java.time.LocalDate.of(2024, 3, 1);
    for (int i = 0; i < 3; i++) {
      rows.add(TopicStageTest.review("a" + i, "Strings sound bright.", day, "positive", 0.5));
    }
    rows.add(TopicStageTest.review("b", "The string broke.", day, "negative", -0.5));
    for (int i = 0; i < 4; i++) {
      rows.add(TopicStageTest.review("c" + i, "Cable plug loose.", day, "neutral", 0.0));
    }
    Dataset<Row> reviews = spark.createDataFrame(rows, TopicStageTest.SCORED_REVIEWS);
    TopicSettings plain = TopicStageTest.settings(3, 3);

    // Porter merges "string" (1 review) into "strings" (3 reviews), so the review "b" keeps a
    // vocabulary term. Without stemming "string" falls below min-document-frequency 3.
    TopicStage.Corpus stemmed = TopicStage.vectorize(spark, TopicStageTest.settings(3, 3, "stemmer = porter"), reviews);
    TopicStage.Corpus unstemmed = TopicStage.vectorize(spark, plain, reviews);
    stemmed.documents().unpersist();
    unstemmed.documents().unpersist();

    assertEquals(
        Set.of("strings", "sound", "bright", "cable", "plug", "loose"),
        Set.of(stemmed.vocabulary()));
    assertEquals(8L, stemmed.documentsModelled());
    assertEquals(7L, unstemmed.documentsModelled());
  }

  private static Dataset<Row> documents() {
    return SparkTestSession.get()
        .createDataFrame(
            List.of(
                RowFactory.create("r1", List.of("strings", "uses", "string").toArray()),
                RowFactory.create("r2", List.of("strings", "batteries").toArray()),
                RowFactory.create("r3", List.of("using").toArray())),
            TERMS);
  }
}
