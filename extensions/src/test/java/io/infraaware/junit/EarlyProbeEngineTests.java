package io.infraaware.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infraaware.testing.LoopbackServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * The launcher's discovery starts the probes of the configured services (the discovery listener
 * that {@code META-INF/services} registers), so the first class's verdict does not wait for them
 * after discovery: what a fresh JVM, a Surefire fork or an IDE run saves.
 */
class EarlyProbeEngineTests {

  @Test
  void theProbeOfAConfiguredServiceStartsWhileTestsAreDiscoveredAndDecidesEveryClass(
      @TempDir Path reports) throws Exception {
    AtomicInteger acceptedWhenExecutionStarted = new AtomicInteger(-1);
    SummaryGeneratingListener results = new SummaryGeneratingListener();
    try (LoopbackServer hung = LoopbackServer.silent();
        LauncherSession session = LauncherFactory.openSession()) {
      LauncherDiscoveryListener discovery =
          new LauncherDiscoveryListener() {
            @Override
            public void launcherDiscoveryFinished(LauncherDiscoveryRequest request) {
              // no test has been asked about yet: only an early probe can have connected
              await().atMost(Duration.ofSeconds(30)).until(() -> hung.accepted() == 1);
            }
          };
      TestExecutionListener execution =
          new TestExecutionListener() {
            @Override
            public void testPlanExecutionStarted(TestPlan plan) {
              acceptedWhenExecutionStarted.set(hung.accepted());
            }
          };
      session
          .getLauncher()
          .execute(
              LauncherDiscoveryRequestBuilder.request()
                  .selectors(selectClass(FirstTestCase.class), selectClass(SecondTestCase.class))
                  .listeners(discovery)
                  .configurationParameters(
                      Map.of(
                          // skipped, not failed, whatever -Dinfra.mode the build runs with
                          "infra.mode",
                          "skip",
                          "infra.report.dir",
                          reports.toString(),
                          "infra.probe.timeout",
                          "500ms",
                          "infra.probe.reuse-within",
                          "0",
                          "infra.services.hung.url",
                          "redis://127.0.0.1:" + hung.port()))
                  .build(),
              execution,
              results);
      assertThat(acceptedWhenExecutionStarted).hasValue(1);
      assertThat(hung.accepted()).as("both classes took the early probe").isEqualTo(1);
    }
    assertThat(results.getSummary().getContainersSkippedCount()).isEqualTo(2);
    assertThat(results.getSummary().getTestsSkippedCount()).isEqualTo(3);
    assertThat(results.getSummary().getTestsSucceededCount()).isZero();
    JsonNode hung = firstService(reports);
    assertThat(hung.path("name").asText()).isEqualTo("hung");
    assertThat(hung.path("probes").asInt()).isEqualTo(1);
    assertThat(hung.path("skipped").asInt()).isEqualTo(3);
  }

  @Test
  void aSessionThatOnlyDiscoveredAndTheNextOneNeverLockAVerdictTwice(@TempDir Path reports)
      throws Exception {
    // what IDEs and LauncherFactory.create() do: discover in one session, execute in another;
    // the verdicts are shared (infra.probe.reuse-within as by default)
    SummaryGeneratingListener results = new SummaryGeneratingListener();
    try (LoopbackServer hung = LoopbackServer.silent()) {
      LauncherDiscoveryRequest request =
          LauncherDiscoveryRequestBuilder.request()
              .selectors(selectClass(FirstTestCase.class))
              .configurationParameters(
                  Map.of(
                      "infra.mode",
                      "skip",
                      "infra.report.dir",
                      reports.toString(),
                      "infra.probe.timeout",
                      "500ms",
                      "infra.services.hung.url",
                      "redis://127.0.0.1:" + hung.port()))
              .build();
      try (LauncherSession discovering = LauncherFactory.openSession()) {
        discovering.getLauncher().discover(request);
        await().atMost(Duration.ofSeconds(30)).until(() -> hung.accepted() == 1);
      }
      try (LauncherSession running = LauncherFactory.openSession()) {
        running.getLauncher().execute(request, results);
      }
      // the first session's probe is shared if it ended before that session closed; else the
      // second session waits for it and probes once itself
      assertThat(hung.accepted()).isBetween(1, 2);
    }
    assertThat(results.getSummary().getContainersSkippedCount()).isOne();
    JsonNode hung = firstService(reports);
    assertThat(hung.path("status").asText()).isEqualTo("UNAVAILABLE");
    // the same file locked by two areas of one JVM was refused: a PROBE_FAILED verdict
    assertThat(hung.path("diagnosis").path("code").asText()).isNotEqualTo("PROBE_FAILED");
    assertThat(hung.path("probes").asInt() + hung.path("reused").asInt()).isOne();
  }

  private static JsonNode firstService(Path reports) throws java.io.IOException {
    return new ObjectMapper()
        .readTree(reports.resolve("infrastructure-summary.json").toFile())
        .path("services")
        .get(0);
  }

  @InfrastructureAware
  @RequiresService("hung")
  static class FirstTestCase {
    @org.junit.jupiter.api.Test
    void first() {}

    @org.junit.jupiter.api.Test
    void second() {}
  }

  @InfrastructureAware
  @RequiresService("hung")
  static class SecondTestCase {
    @org.junit.jupiter.api.Test
    void third() {}
  }
}
