package io.hottopicminer.job;

import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.util.Optional;

/**
 * Recognizes failures caused by storage that rejected the job's credentials, so the job can exit
 * with code 2 and a message naming the fix instead of a stack trace. S3A (Hadoop 3.3.4) turns an
 * HTTP 403 from S3 into {@link AccessDeniedException}. HDFS raises {@code
 * org.apache.hadoop.security.AccessControlException} when permissions deny a path.
 */
final class StorageAccess {
  private static final String HDFS_ACCESS_CONTROL =
      "org.apache.hadoop.security.AccessControlException";

  private StorageAccess() {}

  /**
   * Returns a message naming the denied path, its bucket and the settings to check, when {@code
   * error} or one of its causes is an access-denied error; empty otherwise.
   */
  static Optional<String> deniedMessage(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof AccessDeniedException denied) {
        return Optional.of(s3Message(denied.getFile()));
      }
      if (cause.getClass().getName().equals(HDFS_ACCESS_CONTROL)) {
        return Optional.of(
            "Access denied by HDFS: "
                + firstLine(cause.getMessage())
                + ". Run as a user that may read the inputs and write the lake, or change the"
                + " folder permissions.");
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }

  private static String s3Message(String path) {
    String bucket = bucketOf(path);
    return "Access denied to "
        + path
        + " (bucket "
        + bucket
        + "): S3 rejected the credentials or their permissions. Check"
        + " spark.hadoop.fs.s3a.access.key and spark.hadoop.fs.s3a.secret.key (or"
        + " spark.hadoop.fs.s3a.bucket."
        + bucket
        + ".* and the credentials provider), and that this identity may list, read and write"
        + " the bucket.";
  }

  private static String bucketOf(String path) {
    if (path == null) {
      return "unknown";
    }
    try {
      String host = URI.create(path).getHost();
      return host == null ? "unknown" : host;
    } catch (IllegalArgumentException e) {
      return "unknown";
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
