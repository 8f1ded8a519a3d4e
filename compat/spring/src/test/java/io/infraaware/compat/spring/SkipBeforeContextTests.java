package io.infraaware.compat.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.infraaware.junit.InfrastructureAware;
import io.infraaware.junit.RequiresService;
import io.infraaware.run.ServiceUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;

/**
 * A service that is not there never gets as far as Spring: a class that needs it is skipped without
 * a context, and so is a test whose method needs it (the context would get it too), instead of
 * "Failed to load ApplicationContext". Fixtures run through EngineTestKit with every key passed.
 */
class SkipBeforeContextTests {

  private String absentUrl;

  @BeforeEach
  void closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      absentUrl = "jdbc:postgresql://127.0.0.1:" + socket.getLocalPort() + "/absent";
    }
    CountingConfiguration.STARTED.set(0);
  }

  private EngineExecutionResults run(Class<?> fixture, String mode) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(fixture))
        .configurationParameters(
            Map.of(
                "infra.mode", mode,
                "infra.services.absent.url", absentUrl,
                "infra.services.absent.provision", "none",
                "infra.probe.timeout", "3s"))
        .execute();
  }

  @Test
  void aClassThatNeedsAnAbsentServiceIsSkippedWithoutAContext() {
    EngineExecutionResults results = run(ClassLevelTestCase.class, "skip");

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1, event(skippedWithReason(reason -> reason.startsWith("Service [absent] at ["))));
    results.testEvents().assertStatistics(stats -> stats.started(0));
    assertThat(CountingConfiguration.STARTED).hasValue(0);
  }

  @Test
  void inRequireModeTheClassFailsWithoutAContext() {
    EngineExecutionResults results = run(ClassLevelTestCase.class, "require");

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    instanceOf(ServiceUnavailableException.class),
                    message(m -> m.startsWith("Service [absent] at [")))));
    assertThat(CountingConfiguration.STARTED).hasValue(0);
  }

  @Test
  void aMethodThatNeedsAnAbsentServiceIsSkippedBeforeTheContextLoads() {
    EngineExecutionResults results = run(MethodLevelTestCase.class, "skip");

    results.testEvents().assertStatistics(stats -> stats.aborted(1).failed(0).succeeded(0));
    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("needsAbsent"),
                abortedWithReason(
                    message(
                        m ->
                            m.startsWith("Service [absent] at [")
                                && m.contains(
                                    "gets every service the class names (absent), so it was not"
                                        + " started and this test is skipped")))));
    assertThat(CountingConfiguration.STARTED).hasValue(0);
  }

  @Test
  void inRequireModeTheTestFailsWithTheDiagnosisNotWithTheContext() {
    EngineExecutionResults results = run(MethodLevelTestCase.class, "require");

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("needsAbsent"),
                finishedWithFailure(
                    instanceOf(ServiceUnavailableException.class),
                    message(m -> m.startsWith("Service [absent] at [")))));
    assertThat(CountingConfiguration.STARTED).hasValue(0);
  }

  /** Counts the contexts that start. */
  @Configuration(proxyBeanMethods = false)
  static class CountingConfiguration {
    static final AtomicInteger STARTED = new AtomicInteger();

    CountingConfiguration() {
      STARTED.incrementAndGet();
    }
  }

  @SpringBootTest(classes = CountingConfiguration.class)
  @RequiresService("absent")
  static class ClassLevelTestCase {
    @Test
    void needsAbsent() {}
  }

  @SpringBootTest(classes = CountingConfiguration.class)
  @InfrastructureAware
  static class MethodLevelTestCase {
    @Test
    @RequiresService("absent")
    void needsAbsent() {}
  }
}
