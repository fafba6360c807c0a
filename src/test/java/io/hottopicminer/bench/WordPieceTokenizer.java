package io.hottopicminer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * BERT tokenizer for uncased WordPiece models, as described by a Hugging Face tokenizer.json with a
 * BertNormalizer (clean text, Chinese characters split, lowercase with accents stripped), a
 * BertPreTokenizer (whitespace and punctuation) and a WordPiece model with the {@code ##} prefix.
 */
final class WordPieceTokenizer {
  private static final int MAX_CHARS_PER_WORD = 100;

  private final Map<String, Integer> vocabulary;
  private final int unknownId;
  private final int clsId;
  private final int sepId;

  private WordPieceTokenizer(Map<String, Integer> vocabulary) {
    this.vocabulary = vocabulary;
    this.unknownId = idOf("[UNK]");
    this.clsId = idOf("[CLS]");
    this.sepId = idOf("[SEP]");
  }

  /** Reads {@code model.vocab} of a tokenizer.json stream. */
  static WordPieceTokenizer fromTokenizerJson(InputStream json) throws IOException {
    JsonNode vocab = new ObjectMapper().readTree(json).path("model").path("vocab");
    Map<String, Integer> vocabulary = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = vocab.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      vocabulary.put(field.getKey(), field.getValue().asInt());
    }
    return new WordPieceTokenizer(vocabulary);
  }

  private int idOf(String token) {
    Integer id = vocabulary.get(token);
    if (id == null) {
      throw new IllegalStateException("Token " + token + " not found in the vocabulary");
    }
    return id;
  }

  /** Returns [CLS] ids [SEP], truncated so that the whole sequence has at most maxLength ids. */
  int[] encode(String text, int maxLength) {
    List<Integer> ids = new ArrayList<>();
    ids.add(clsId);
    for (String word : preTokenize(normalize(text))) {
      if (ids.size() >= maxLength - 1) {
        break;
      }
      addWordPieces(word, ids);
    }
    int length = Math.min(ids.size(), maxLength - 1);
    int[] result = new int[length + 1];
    for (int i = 0; i < length; i++) {
      result[i] = ids.get(i);
    }
    result[length] = sepId;
    return result;
  }

  /** Drops control characters, maps whitespace to spaces, pads CJK ideographs, lowercases. */
  private static String normalize(String text) {
    StringBuilder cleaned = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (c == 0 || c == 0xFFFD || isControl(c)) {
                return;
              }
              if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                cleaned.append(' ');
              } else if (isChinese(c)) {
                cleaned.append(' ').appendCodePoint(c).append(' ');
              } else {
                cleaned.appendCodePoint(c);
              }
            });
    String decomposed = Normalizer.normalize(cleaned.toString().toLowerCase(), Normalizer.Form.NFD);
    StringBuilder stripped = new StringBuilder(decomposed.length());
    decomposed
        .codePoints()
        .filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
        .forEach(stripped::appendCodePoint);
    return stripped.toString();
  }

  /** Splits on whitespace and makes every punctuation character a word of its own. */
  private static List<String> preTokenize(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              if (c == ' ') {
                flush(current, words);
              } else if (isPunctuation(c)) {
                flush(current, words);
                words.add(new String(Character.toChars(c)));
              } else {
                current.appendCodePoint(c);
              }
            });
    flush(current, words);
    return words;
  }

  private static void flush(StringBuilder current, List<String> words) {
    if (current.length() > 0) {
      words.add(current.toString());
      current.setLength(0);
    }
  }

  /** Appends the greedy longest-match WordPiece ids of {@code word}, or [UNK] when none match. */
  private void addWordPieces(String word, List<Integer> ids) {
    if (word.codePointCount(0, word.length()) > MAX_CHARS_PER_WORD) {
      ids.add(unknownId);
      return;
    }
    List<Integer> pieces = new ArrayList<>();
    int start = 0;
    while (start < word.length()) {
      int end = word.length();
      Integer found = null;
      while (start < end) {
        String piece = (start == 0 ? "" : "##") + word.substring(start, end);
        found = vocabulary.get(piece);
        if (found != null) {
          break;
        }
        end = word.offsetByCodePoints(end, -1);
      }
      if (found == null) {
        ids.add(unknownId);
        return;
      }
      pieces.add(found);
      start = end;
    }
    ids.addAll(pieces);
  }

  private static boolean isControl(int c) {
    if (c == '\t' || c == '\n' || c == '\r') {
      return false;
    }
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT;
  }

  private static boolean isPunctuation(int c) {
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96)
        || (c >= 123 && c <= 126)) {
      return true;
    }
    int type = Character.getType(c);
    return type == Character.CONNECTOR_PUNCTUATION
        || type == Character.DASH_PUNCTUATION
        || type == Character.START_PUNCTUATION
        || type == Character.END_PUNCTUATION
        || type == Character.INITIAL_QUOTE_PUNCTUATION
        || type == Character.FINAL_QUOTE_PUNCTUATION
        || type == Character.OTHER_PUNCTUATION;
  }

  private static boolean isChinese(int c) {
    return (c >= 0x4E00 && c <= 0x9FFF)
        || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0x20000 && c <= 0x2A6DF)
        || (c >= 0x2A700 && c <= 0x2B73F)
        || (c >= 0x2B740 && c <= 0x2B81F)
        || (c >= 0x2B820 && c <= 0x2CEAF)
        || (c >= 0xF900 && c <= 0xFAFF)
        || (c >= 0x2F800 && c <= 0x2FA1F);
  }
}
