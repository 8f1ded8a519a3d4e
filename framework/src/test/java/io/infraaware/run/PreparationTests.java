package io.infraaware.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infraaware.config.ConfigSource;
import io.infraaware.config.InfraConfig;
import io.infraaware.run.internal.Figures;
import io.infraaware.run.internal.JvmIdentity;
import io.infraaware.run.internal.JvmRun;
import io.infraaware.run.internal.RunArea;
import io.infraaware.testing.LoopbackServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link InfraRun#prepare}: what a runner starts while it discovers tests, so that a fresh JVM's
 * first verdict does not wait for the probes of the configured services.
 */
class PreparationTests {

  private final Object session = new Object();

  @TempDir Path reports;

  @BeforeEach
  void openSession() {
    // the areas the tests use are closed with it, as a launcher session's are
    InfraRun.sessionOpened(session);
  }

  @AfterEach
  void closeSession() {
    InfraRun.sessionClosed(session);
  }

  private Map<String, String> config(String... pairs) {
    Map<String, String> values = new HashMap<>();
    values.put("infra.report.dir", reports.toString());
    values.put("infra.probe.timeout", "500ms");
    values.put("infra.probe.reuse-within", "0");
    for (int i = 0; i < pairs.length; i += 2) {
      values.put(pairs[i], pairs[i + 1]);
    }
    return values;
  }

  private RunArea area(Map<String, String> values) {
    InfraConfig config = InfraConfig.from(ConfigSource.of(values));
    return JvmRun.area(config);
  }

  @Test
  void aConfiguredServiceIsProbedBeforeAnyTestAsksAndItsVerdictIsThatProbe() throws Exception {
    try (LoopbackServer hung = LoopbackServer.silent()) {
      Map<String, String> values =
          config("infra.services.hung.url", "redis://127.0.0.1:" + hung.port());
      InfraRun.prepare(ConfigSource.of(values)).get(30, TimeUnit.SECONDS);
      // no test has asked yet: the probe is under way, its connection accepted
      await().atMost(Duration.ofSeconds(30)).until(() -> hung.accepted() == 1);

      try (InfraRun run = InfraRun.open(ConfigSource.of(values))) {
        Verdict verdict = run.decide(new Requirement(List.of("hung"), false, 2, "HungTests"));
        assertThat(verdict).isInstanceOf(Verdict.Skipped.class);
        assertThat(((Verdict.Skipped) verdict).reason()).contains("hung");
      }
      assertThat(hung.accepted()).as("the verdict took the early probe").isEqualTo(1);
      Figures figures = area(values).summary().figures(JvmIdentity.CURRENT);
      assertThat(figures.services()).singleElement().satisfies(this::probedOnceAndSkippedTwo);
    }
  }

  private void probedOnceAndSkippedTwo(Figures.Service hung) {
    assertThat(hung.name()).isEqualTo("hung");
    assertThat(hung.probes()).isEqualTo(1);
    assertThat(hung.skipped()).isEqualTo(2);
  }

  @Test
  void aServiceNoTestNeedsIsProbedEarlyButNeverCounted() throws Exception {
    int closed = LoopbackServer.closedPort();
    try (LoopbackServer unused = LoopbackServer.silent()) {
      Map<String, String> values =
          config(
              "infra.services.unused.url",
              "redis://127.0.0.1:" + unused.port(),
              "infra.services.down.url",
              "redis://127.0.0.1:" + closed);
      InfraRun.prepare(ConfigSource.of(values)).get(30, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(30)).until(() -> unused.accepted() == 1);

      try (InfraRun run = InfraRun.open(ConfigSource.of(values))) {
        run.decide(new Requirement(List.of("down"), false, 1, "DownTests"));
      }
      Figures figures = area(values).summary().figures(JvmIdentity.CURRENT);
      assertThat(figures.services()).extracting(Figures.Service::name).containsExactly("down");
    }
  }

  @Test
  void aServiceFoundDownWhileTestsWereDiscoveredIsProbedAgainWhenATestAsks() throws Exception {
    // a service the run starts itself after discovery (a suite's @BeforeSuite, a listener)
    int port = LoopbackServer.closedPort();
    Map<String, String> values = config("infra.services.late.url", "tcp://127.0.0.1:" + port);
    InfraRun.prepare(ConfigSource.of(values)).get(30, TimeUnit.SECONDS);
    InfraConfig config = InfraConfig.from(ConfigSource.of(values));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> area(values).probes(config).results().size() == 1);
    assertThat(area(values).probes(config).results().get(0).status().isUsable()).isFalse();

    try (java.net.ServerSocket started =
            new java.net.ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress());
        InfraRun run = InfraRun.open(ConfigSource.of(values))) {
      Verdict verdict = run.decide(new Requirement(List.of("late"), false, 1, "LateTests"));
      assertThat(verdict).isInstanceOf(Verdict.Available.class);
    }
    Figures figures = area(values).summary().figures(JvmIdentity.CURRENT);
    assertThat(figures.services())
        .singleElement()
        .satisfies(
            late -> {
              assertThat(late.status()).isEqualTo("UP");
              assertThat(late.probes()).isEqualTo(1);
            });
  }

  @Test
  void withProbeEarlyOffTheServicesWaitForATestToAsk() throws Exception {
    try (LoopbackServer silent = LoopbackServer.silent()) {
      Map<String, String> values =
          config(
              "infra.probe.early",
              "off",
              "infra.services.svc.url",
              "tcp://127.0.0.1:" + silent.port());
      InfraRun.prepare(ConfigSource.of(values)).get(30, TimeUnit.SECONDS);

      // the preparation has finished: any probe it made would have started by now
      assertThat(area(values).probes(InfraConfig.from(ConfigSource.of(values))).probesStarted())
          .isZero();
      assertThat(silent.accepted()).isZero();
    }
  }

  @Test
  void aBadConfigurationIsLeftForTheFirstVerdictToReport() throws Exception {
    try (LoopbackServer up = LoopbackServer.silent()) {
      Map<String, String> badMode =
          config("infra.mode", "sometimes", "infra.services.svc.url", "tcp://127.0.0.1:1");
      // the preparation ends quietly; the run refuses the value, naming the key
      InfraRun.prepare(ConfigSource.of(badMode)).get(30, TimeUnit.SECONDS);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> InfraRun.open(ConfigSource.of(badMode)))
          .hasMessageContaining("infra.mode")
          .hasMessageContaining("sometimes");

      Map<String, String> badService =
          config(
              "infra.services.broken.url",
              "gopher://127.0.0.1:70",
              "infra.services.up.url",
              "tcp://127.0.0.1:" + up.port());
      InfraRun.prepare(ConfigSource.of(badService)).get(30, TimeUnit.SECONDS);
      try (InfraRun run = InfraRun.open(ConfigSource.of(badService))) {
        Verdict broken = run.decide(new Requirement(List.of("broken"), false, 1, "BrokenTests"));
        assertThat(broken).isInstanceOf(Verdict.Failed.class);
        assertThat(((Verdict.Failed) broken).failure())
            .hasMessageContaining("infra.services.broken.url");
      }
    }
  }
}
