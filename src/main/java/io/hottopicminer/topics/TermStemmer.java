package io.hottopicminer.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.transform;

import io.hottopicminer.core.SparkJobs;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Stems the terms of each review with one of Lucene 9.12's English stemmers, so that inflected
 * forms such as "strings" and "string" count as one LDA term.
 *
 * <ul>
 *   <li>{@code kstem}: Krovetz's stemmer (KStemFilter), which checks its dictionary and returns
 *       words ("batteries" to "battery", "charging" to "charge"), but keeps a word that its
 *       dictionary lists, such as "strings", "cracked" or "works".
 *   <li>{@code porter}: the Porter stemmer, which cuts suffixes by rule ("batteries" and
 *       "battery" to "batteri", "charging" and "charged" to "charg").
 *   <li>{@code minimal}: plural removal only (EnglishMinimalStemFilter: "batteries" to "battery",
 *       "strings" to "string").
 *   <li>{@code none}: terms stay as tokenized.
 * </ul>
 *
 * <p>Stems that equal the stem of a stop word are removed as well, so that "uses" goes when "use"
 * is a stop word. Topic terms and labels show each stem's most frequent surface form in the
 * corpus (see {@link #surfaceForms}), which keeps Porter stems readable.
 *
 * <p>The filters are built directly rather than through Lucene's analysis SPI, so the shaded jar
 * needs none of Lucene's META-INF/services files.
 */
final class TermStemmer {
  /** Stemmer names accepted by the {@code stemmer} setting. */
  static final Set<String> NAMES = Set.of("none", "kstem", "porter", "minimal");

  /** Column of (term, surface) pairs that {@link #stem} adds and {@link #surfaceForms} reads. */
  static final String FORMS_COLUMN = "term_forms";

  private static final int MAX_TOKEN_LENGTH = 1024 * 1024;

  private static final StructType FORM =
      new StructType()
          .add("term", DataTypes.StringType, false)
          .add("surface", DataTypes.StringType, false);

  /** One analyzer per stemmer and JVM, because a Lucene analyzer reuses its streams per thread. */
  private static final Map<String, Analyzer> ANALYZERS = new ConcurrentHashMap<>();

  private TermStemmer() {}

  /**
   * Replaces the {@code terms} array of each review with the stems of its terms, without stems of
   * {@code stopWords}, and adds {@link #FORMS_COLUMN} with each kept stem and its surface term.
   * Returns {@code documents} unchanged for {@code none}.
   */
  static Dataset<Row> stem(Dataset<Row> documents, String stemmer, Set<String> stopWords) {
    if (stemmer.equals("none")) {
      return documents;
    }
    Set<String> stopStems = new HashSet<>(stem(stemmer, new ArrayList<>(stopWords)));
    return documents
        .withColumn(FORMS_COLUMN, forms(stemmer, stopStems).apply(col("terms")))
        .withColumn("terms", transform(col(FORMS_COLUMN), form -> form.getField("term")));
  }

  /**
   * Maps each entry of the fitted {@code vocabulary} to a readable form: a stem becomes its most
   * frequent surface term in {@code stemmed} (ties go to the shorter, then the alphabetically
   * first), and a bigram maps each of its two stems. Returns {@code vocabulary} when {@code
   * stemmed} has no {@link #FORMS_COLUMN}, that is for {@code none}. Distinct stems never share a
   * surface term, so the mapped vocabulary has no duplicates.
   */
  static String[] surfaceForms(
      SparkSession spark, String stage, Dataset<Row> stemmed, String[] vocabulary) {
    if (!List.of(stemmed.columns()).contains(FORMS_COLUMN)) {
      return vocabulary;
    }
    // Only the stems of the vocabulary are counted, so the driver collects at most a few surface
    // forms per vocabulary word rather than every distinct word of the corpus.
    Set<String> vocabularyStems = new HashSet<>();
    for (String entry : vocabulary) {
      vocabularyStems.addAll(List.of(entry.split(" ")));
    }
    Dataset<Row> counts =
        stemmed
            .select(explode(col(FORMS_COLUMN)).as("form"))
            .select(col("form.term").as("term"), col("form.surface").as("surface"))
            .filter(col("term").isin(vocabularyStems.toArray()))
            .groupBy(col("term"), col("surface"))
            .agg(count(lit(1)).as("occurrences"));
    Map<String, String> surfaceOf = new HashMap<>();
    Map<String, Long> occurrencesOf = new HashMap<>();
    for (Row row : SparkJobs.named(spark, stage, "count surface forms", counts::collectAsList)) {
      String term = row.getString(0);
      String surface = row.getString(1);
      long occurrences = row.getLong(2);
      String best = surfaceOf.get(term);
      if (best == null || isPreferred(surface, occurrences, best, occurrencesOf.get(term))) {
        surfaceOf.put(term, surface);
        occurrencesOf.put(term, occurrences);
      }
    }
    String[] readable = new String[vocabulary.length];
    for (int i = 0; i < vocabulary.length; i++) {
      List<String> words = new ArrayList<>();
      for (String word : vocabulary[i].split(" ")) {
        words.add(surfaceOf.getOrDefault(word, word));
      }
      readable[i] = String.join(" ", words);
    }
    return readable;
  }

  private static boolean isPreferred(
      String surface, long occurrences, String best, long bestOccurrences) {
    if (occurrences != bestOccurrences) {
      return occurrences > bestOccurrences;
    }
    if (surface.length() != best.length()) {
      return surface.length() < best.length();
    }
    return surface.compareTo(best) < 0;
  }

  private static UserDefinedFunction forms(String stemmer, Set<String> stopStems) {
    return org.apache.spark.sql.functions.udf(
        (UDF1<scala.collection.Seq<String>, List<Row>>)
            terms -> {
              List<String> surfaces = scala.collection.JavaConverters.seqAsJavaList(terms);
              List<String> stems = stem(stemmer, surfaces);
              List<Row> stemForms = new ArrayList<>();
              for (int i = 0; i < stems.size(); i++) {
                if (!stopStems.contains(stems.get(i))) {
                  stemForms.add(RowFactory.create(stems.get(i), surfaces.get(i)));
                }
              }
              return stemForms;
            },
        DataTypes.createArrayType(FORM, false));
  }

  /**
   * Returns the stem of each of {@code terms}, in order. The terms are lower-case runs of letters,
   * so a whitespace tokenizer splits their joined text back into the same terms, and each of the
   * three filters emits exactly one token per input token.
   */
  static List<String> stem(String stemmer, List<String> terms) {
    Analyzer analyzer = ANALYZERS.computeIfAbsent(stemmer, TermStemmer::analyzer);
    List<String> stems = new ArrayList<>(terms.size());
    try (TokenStream stream =
        analyzer.tokenStream("terms", new StringReader(String.join(" ", terms)))) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        stems.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException("stemming failed for terms " + terms, e);
    }
    if (stems.size() != terms.size()) {
      throw new IllegalStateException(
          "stemmer " + stemmer + " returned " + stems.size() + " stems for " + terms.size()
              + " terms: " + stems + " for " + terms);
    }
    return stems;
  }

  private static Analyzer analyzer(String stemmer) {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        // The maximum token length Lucene allows, so that no long term is split in two.
        Tokenizer tokenizer =
            new WhitespaceTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, MAX_TOKEN_LENGTH);
        return new TokenStreamComponents(tokenizer, filter(stemmer, tokenizer));
      }
    };
  }

  private static TokenFilter filter(String stemmer, TokenStream input) {
    return switch (stemmer) {
      case "kstem" -> new KStemFilter(input);
      case "porter" -> new PorterStemFilter(input);
      case "minimal" -> new EnglishMinimalStemFilter(input);
      default -> throw new IllegalArgumentException(
          "invalid stemmer " + stemmer + ", expected one of " + NAMES);
    };
  }
}
