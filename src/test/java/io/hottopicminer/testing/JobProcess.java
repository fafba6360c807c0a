package io.hottopicminer.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one of the submit/ scripts in its own process, as a user would, and captures its output. */
public final class JobProcess {
  private JobProcess() {}

  /** Exit code and the two output streams of a finished script. */
  public record Result(int exitCode, String stdout, String stderr) {
    /** Returns the last stdout line that starts with '{': the job's JSON run summary. */
    public String summaryJson() {
      String[] lines = stdout.split("\n");
      for (int i = lines.length - 1; i >= 0; i--) {
        if (lines[i].startsWith("{")) {
          return lines[i];
        }
      }
      throw new AssertionError(
          "No JSON summary line in stdout:\n" + stdout + "\nstderr:\n" + tail());
    }

    /** Returns the last lines of stderr, for assertion messages. */
    public String tail() {
      String[] lines = stderr.split("\n");
      int from = Math.max(0, lines.length - 40);
      return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
  }

  public static Path projectDir() {
    return Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath().normalize();
  }

  /** Returns the shared real data folder next to the project, which may be absent. */
  public static Path sharedData() {
    return projectDir().resolve("..").resolve("shared").resolve("data").normalize();
  }

  /** Runs {@code submit/<script>} with {@code args}, waiting at most {@code timeoutMinutes}. */
  public static Result run(String script, long timeoutMinutes, String... args)
      throws IOException, InterruptedException {
    return run(Map.of(), script, timeoutMinutes, args);
  }

  /** Runs {@code submit/<script>} like {@link #run(String, long, String...)} with extra {@code env}. */
  public static Result run(
      Map<String, String> env, String script, long timeoutMinutes, String... args)
      throws IOException, InterruptedException {
    return start(env, script, args).await(timeoutMinutes);
  }

  /** Starts {@code submit/<script>} and returns without waiting, for tests that stop it midway. */
  public static Running start(Map<String, String> env, String script, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add(projectDir().resolve("submit").resolve(script).toString());
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile("job-stdout", ".txt");
    Path stderr = Files.createTempFile("job-stderr", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(projectDir().toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    builder.environment().putAll(env);
    return new Running(command, builder.start(), stdout, stderr);
  }

  /** A started script: its process and the files its output streams go to. */
  public record Running(List<String> command, Process process, Path stdout, Path stderr) {
    /** Returns the text the script has written to stderr so far. */
    public String stderrSoFar() throws IOException {
      return read(stderr);
    }

    /** Kills the script and every process it started (the job's JVM) with SIGKILL. */
    public void kill() throws InterruptedException {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(1, TimeUnit.MINUTES);
    }

    /** Waits at most {@code timeoutMinutes} for the script to end and returns its result. */
    public Result await(long timeoutMinutes) throws IOException, InterruptedException {
      if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
        kill();
        throw new AssertionError(
            "Timed out after " + timeoutMinutes + " min: " + command + "\n" + read(stderr));
      }
      Result result = new Result(process.exitValue(), read(stdout), read(stderr));
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
      return result;
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** Returns {@code file}'s absolute path as a string. */
  public static String path(File file) {
    return file.getAbsolutePath();
  }
}
