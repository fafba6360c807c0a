package io.hottopicminer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.testing.SmallLake;
import io.hottopicminer.testing.SparkTestSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RunReportTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static String html;

  @BeforeAll
  static void render() {
    SparkSession spark = SparkTestSession.get();
    SmallLake.Outputs outputs = SmallLake.outputs(spark, SmallLake.RUN_DATE);
    RunReport.Tables tables =
        new RunReport.Tables(
            outputs.hotTopics(),
            outputs.topics(),
            outputs.topicDaily(),
            outputs.scoredReviews(),
            outputs.rules());
    html = RunReport.render(spark, tables, SmallLake.RUN_DATE, 3);
  }

  @Test
  void reportEscapesReviewText() {
    assertTrue(html.contains("Hinge snapped &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp;"));
    assertFalse(html.contains("<script>alert"));
  }

  @Test
  void reportHasNoExternalUrls() {
    String withoutSvgNamespace = html.replace("'http://www.w3.org/2000/svg'", "");
    assertFalse(withoutSvgNamespace.contains("http://"));
    assertFalse(withoutSvgNamespace.contains("https://"));
    assertFalse(html.contains(" src="));
    assertFalse(html.contains(" href="));
  }

  @Test
  void reportOrdersTopicsByRank() {
    int burst = html.indexOf("<section class=\"topic\" id=\"topic-0\">");
    int steady = html.indexOf("<section class=\"topic\" id=\"topic-1\">");
    assertTrue(burst > 0);
    assertTrue(steady > burst);
    assertTrue(html.contains("<h2>#1 hinge / case / charging"));
  }

  @Test
  void reportListsRulesOfTopProducts() {
    String burstSection =
        html.substring(html.indexOf("id=\"topic-0\""), html.indexOf("id=\"topic-1\""));
    assertTrue(burstSection.contains("<td>EB-201</td><td>EB-202</td>"), burstSection);
    assertFalse(burstSection.contains("SP-304"), burstSection);
  }

  @Test
  void chromiumDrawsChartsWithoutErrors() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM), "chromium is not installed; .ci/run installs it");
    Path folder = Path.of(System.getProperty("project.basedir", "."), "target", "report-test");
    Files.createDirectories(folder);
    Path page = folder.resolve("report.html");
    Files.writeString(page, html, StandardCharsets.UTF_8);

    Browser result = headlessChromium(folder, page);
    assertEquals(0, result.exitCode(), result.stderr());
    // The page logs nothing, so any console line (an uncaught error, console.error) fails.
    for (String line : result.stderr().lines().toList()) {
      assertFalse(line.contains(":CONSOLE"), line);
    }
    String dom = result.dom();
    assertTrue(dom.contains("data-charts-drawn=\"true\""), dom);
    for (String topic : List.of("0", "1")) {
      Matcher chart =
          Pattern.compile(
                  "<svg class=\"trend\" data-topic=\"" + topic + "\"[^>]*>(.*?)</svg>",
                  Pattern.DOTALL)
              .matcher(dom);
      assertTrue(chart.find(), "no chart for topic " + topic);
      assertTrue(chart.group(0).contains("data-points=\"7\""), chart.group(0));
      Matcher volume =
          Pattern.compile("<polyline class=\"volume\" points=\"([^\"]*)\"").matcher(chart.group(1));
      assertTrue(volume.find(), chart.group(1));
      assertEquals(7, volume.group(1).trim().split(" ").length, volume.group(1));
      assertEquals(7, countOf(chart.group(1), "<circle class=\"point\""));
    }
  }

  private record Browser(int exitCode, String dom, String stderr) {}

  private static Browser headlessChromium(Path folder, Path page) throws Exception {
    Path profile = Files.createTempDirectory(folder, "chromium-profile");
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
                page.toUri().toString()));
    Path stdout = folder.resolve("dom.html");
    Path stderr = folder.resolve("chromium-stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError("chromium timed out after 120 s");
    }
    return new Browser(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
  }

  private static int countOf(String text, String part) {
    int count = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      count++;
    }
    return count;
  }
}
