package io.infraaware.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infraaware.testing.LoopbackServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs fixtures through the Jupiter engine and reads the summary that InfraAware writes when a run
 * ends, and prints when the launcher's session ends.
 */
class RunSummaryTests {

  @Test
  void theSummaryCountsSkipsPerServiceAndIsWrittenAsJson(@TempDir Path reports) throws IOException {
    int closedPort = LoopbackServer.closedPort();
    try (LoopbackServer up = LoopbackServer.silent()) {
      EngineTestKit.engine("junit-jupiter")
          .selectors(selectClass(SummaryTestCase.class))
          .configurationParameters(
              Map.of(
                  "infra.mode",
                  "skip",
                  "infra.report.dir",
                  reports.toString(),
                  "infra.services.up.url",
                  "tcp://127.0.0.1:" + up.port(),
                  "infra.services.down.url",
                  "tcp://127.0.0.1:" + closedPort))
          .execute()
          .testEvents()
          .assertStatistics(stats -> stats.skipped(2).succeeded(1));
    }
    JsonNode summary =
        new ObjectMapper().readTree(reports.resolve("infrastructure-summary.json").toFile());
    assertThat(summary.path("skipped").asInt()).isEqualTo(2);
    assertThat(summary.path("services")).hasSize(2);
    JsonNode down = summary.path("services").get(0);
    assertThat(down.path("name").asText()).isEqualTo("down");
    assertThat(down.path("status").asText()).isEqualTo("UNAVAILABLE");
    assertThat(down.path("skipped").asInt()).isEqualTo(2);
    assertThat(down.path("diagnosis").path("code").asText()).isEqualTo("CONNECTION_REFUSED");
    JsonNode up = summary.path("services").get(1);
    assertThat(up.path("status").asText()).isEqualTo("UP");
    assertThat(up.path("skipped").asInt()).isZero();
  }

  @Test
  void aSkippedClassCountsEachOfItsTestsAndTheSummaryMasksSecrets(@TempDir Path reports)
      throws IOException {
    int closedPort = LoopbackServer.closedPort();
    java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.out;
    // the run takes System.out when it starts
    System.setOut(new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8));
    // a session of its own, as Surefire and Gradle open one per test JVM: the summary is printed
    // when it closes
    try (LauncherSession session = LauncherFactory.openSession()) {
      session
          .getLauncher()
          .execute(
              LauncherDiscoveryRequestBuilder.request()
                  .selectors(selectClass(SkippedClassTestCase.class))
                  .configurationParameters(
                      Map.of(
                          "infra.mode",
                          "skip",
                          "infra.report.dir",
                          reports.toString(),
                          "infra.services.down.url",
                          "redis://app:s3cret@127.0.0.1:" + closedPort))
                  .build());
    } finally {
      System.setOut(original);
    }
    String json = java.nio.file.Files.readString(reports.resolve("infrastructure-summary.json"));
    JsonNode summary = new ObjectMapper().readTree(json);
    assertThat(summary.path("skipped").asInt()).as("3 tests and 1 nested test").isEqualTo(4);
    assertThat(summary.path("services").get(0).path("skipped").asInt()).isEqualTo(4);
    assertThat(json).contains("redis://****@127.0.0.1:" + closedPort).doesNotContain("s3cret");
    assertThat(console.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("4 test(s) skipped")
        .contains("[InfraAware] skipped RunSummaryTests$SkippedClassTestCase: Service [down]")
        .contains("redis://****@127.0.0.1:" + closedPort)
        .doesNotContain("s3cret");
  }

  @Test
  void aServiceWhoseConfigurationIsRefusedHasTheErrorAsItsReasonInTheSummary(@TempDir Path reports)
      throws IOException {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(MisconfiguredTestCase.class))
        .configurationParameters(
            Map.of(
                "infra.mode",
                "skip",
                "infra.report.dir",
                reports.toString(),
                "infra.services.broken.url",
                "gopher://app:s3cret@127.0.0.1:70"))
        .execute()
        .containerEvents()
        .assertStatistics(stats -> stats.failed(1));
    String json = java.nio.file.Files.readString(reports.resolve("infrastructure-summary.json"));
    JsonNode broken = new ObjectMapper().readTree(json).path("services").get(0);
    assertThat(broken.path("name").asText()).isEqualTo("broken");
    assertThat(broken.path("failed").asInt()).isEqualTo(2);
    // before: no status and no reason, as if it had not been needed
    assertThat(broken.path("status").asText()).isEqualTo("MISCONFIGURED");
    assertThat(broken.path("description").asText())
        .contains("infra.services.broken.url")
        .contains("gopher");
    assertThat(json).doesNotContain("s3cret");
  }

  @InfrastructureAware
  @RequiresService("broken")
  static class MisconfiguredTestCase {
    @org.junit.jupiter.api.Test
    void first() {}

    @org.junit.jupiter.api.Test
    void second() {}
  }

  @InfrastructureAware
  @RequiresService("down")
  static class SkippedClassTestCase {
    @org.junit.jupiter.api.Test
    void first() {}

    @org.junit.jupiter.api.Test
    void second() {}

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
    void third(int value) {}

    @org.junit.jupiter.api.Nested
    class Inner {
      @org.junit.jupiter.api.Test
      void fourth() {}
    }
  }

  @InfrastructureAware
  static class SummaryTestCase {
    @org.junit.jupiter.api.Test
    @RequiresService("down")
    void first() {}

    @org.junit.jupiter.api.Test
    @RequiresService({"up", "down"})
    void second() {}

    @org.junit.jupiter.api.Test
    @RequiresService("up")
    void third() {}
  }
}
