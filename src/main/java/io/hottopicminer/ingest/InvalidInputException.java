package io.hottopicminer.ingest;

/**
 * Input that cannot be read as configured: a path that matches no file, or a mapped column that the
 * file does not have. The message names the path or the config key, and the job exits with code 2.
 */
public final class InvalidInputException extends RuntimeException {
  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
