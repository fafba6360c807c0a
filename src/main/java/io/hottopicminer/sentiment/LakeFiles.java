package io.hottopicminer.sentiment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Small file operations on lake paths (file:, hdfs:, s3a:) through the Hadoop FileSystem API. */
final class LakeFiles {
  private LakeFiles() {}

  static FileSystem fileSystem(SparkSession spark, String path) throws IOException {
    return new Path(path).getFileSystem(spark.sparkContext().hadoopConfiguration());
  }

  static boolean exists(SparkSession spark, String path) {
    try {
      return fileSystem(spark, path).exists(new Path(path));
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to check whether " + path + " exists", e);
    }
  }

  static String readString(SparkSession spark, String path) {
    try (InputStream in = fileSystem(spark, path).open(new Path(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + path, e);
    }
  }

  static void writeString(SparkSession spark, String path, String text) {
    try (OutputStream out = fileSystem(spark, path).create(new Path(path), true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write " + path, e);
    }
  }
}
