package io.infraaware.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.infraaware.service.ServiceEndpoint;
import io.infraaware.testing.LoopbackServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs fixture classes through the Jupiter engine and checks what a user would see: which tests
 * ran, skipped or failed, and the exact reasons. Every key is passed explicitly; EngineTestKit
 * reads no properties file and no {@code -D}.
 */
class InfrastructureExtensionEngineTests {

  private final Map<String, String> settings = new HashMap<>();
  private final int closedPort = LoopbackServer.closedPort();
  private final LoopbackServer up = LoopbackServer.silent();

  // each test its own report directory: what the JVM keeps per directory (probes, the summary, the
  // build's skip budget) does not leak from one test into the next
  @org.junit.jupiter.api.io.TempDir private java.nio.file.Path reports;

  @org.junit.jupiter.api.BeforeEach
  void ownReportDirectory() {
    settings.put("infra.report.dir", reports.toString());
  }

  InfrastructureExtensionEngineTests() {
    settings.put("infra.mode", "skip");
    settings.put("infra.probe.timeout", "500ms");
    settings.put("infra.services.up.url", "tcp://127.0.0.1:" + up.port());
    settings.put("infra.services.down.url", "tcp://127.0.0.1:" + closedPort);
  }

  @AfterEach
  void stopServer() throws IOException {
    up.close();
  }

  private EngineExecutionResults run(Class<?>... fixtures) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(
            Arrays.stream(fixtures)
                .map(c -> selectClass(c))
                .toArray(org.junit.platform.engine.DiscoverySelector[]::new))
        .configurationParameters(settings)
        .execute();
  }

  private String downReason() {
    return "Service [down] at [tcp://127.0.0.1:"
        + closedPort
        + "] is unavailable: connection refused, nothing is"
        + " listening: connecting to 127.0.0.1:"
        + closedPort
        + " was refused (probed in ";
  }

  private String downFix() {
    return "ms). Fix: start TCP on 127.0.0.1:"
        + closedPort
        + ", or point infra.services.down.url=[tcp://127.0.0.1:"
        + closedPort
        + "] at a running one";
  }

  @Test
  void anUnavailableServiceSkipsTheMethodWithTheDiagnosis() {
    Events tests = run(MethodLevelTestCase.class).testEvents();
    tests.assertStatistics(stats -> stats.started(1).succeeded(1).skipped(1));
    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("needsDown"),
                skippedWithReason(r -> r.startsWith(downReason()) && r.endsWith(downFix()))));
  }

  @Test
  void requireModeFailsWithTheSameText() {
    settings.put("infra.mode", "require");
    Events tests = run(MethodLevelTestCase.class).testEvents();
    tests.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1).skipped(0));
    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("needsDown"),
                finishedWithFailure(
                    instanceOf(io.infraaware.run.ServiceUnavailableException.class),
                    message(
                        m ->
                            m.startsWith(downReason())
                                && m.endsWith(
                                    downFix()
                                        + " [failing instead of skipping: infra.mode=require]")))));
  }

  @Test
  void aClassLevelRequirementSkipsTheWholeClassBeforeBeforeAll() {
    ClassLevelTestCase.beforeAllRan.set(false);
    EngineExecutionResults results = run(ClassLevelTestCase.class);
    results.testEvents().assertStatistics(stats -> stats.started(0));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(1, event(skippedWithReason(r -> r.startsWith(downReason()))));
    assertThat(ClassLevelTestCase.beforeAllRan).isFalse();
  }

  @Test
  void requiresServiceWorksWithoutInfrastructureAware() {
    run(WithoutInfrastructureAwareTestCase.class)
        .testEvents()
        .assertStatistics(stats -> stats.started(1).succeeded(1).skipped(1));
  }

  @Test
  void aServiceParameterAloneRegistersInfraAwareAndDeclaresItsService() {
    EngineExecutionResults results = run(OnlyServiceParametersTestCase.class);
    results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1).skipped(1));
    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1, event(test("needsDown"), skippedWithReason(r -> r.startsWith(downReason()))));
  }

  @Test
  void aNestedClassInheritsAndAddsRequirements() {
    EngineExecutionResults results = run(NestedTestCase.class);
    results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(1, event(skippedWithReason(r -> r.startsWith(downReason()))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"skip", "require"})
  void anUndeclaredServiceFailsInEveryMode(String mode) {
    settings.put("infra.mode", mode);
    run(UndeclaredTestCase.class)
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("needsUndeclared"),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains(
                                    "Missing configuration infra.services.nowhere.url: service [nowhere] is required but"
                                        + " not declared")
                                && m.contains("INFRA_SERVICES_NOWHERE_URL")))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"skip", "require"})
  void anotherProtocolOnThePortFailsInEveryMode(String mode) throws IOException {
    settings.put("infra.mode", mode);
    try (LoopbackServer ssh = LoopbackServer.answering("SSH-2.0-OpenSSH_9.2\r\n")) {
      settings.put("infra.services.cache.url", "redis://127.0.0.1:" + ssh.port());
      run(WrongPortTestCase.class)
          .testEvents()
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  finishedWithFailure(
                      instanceOf(ExtensionConfigurationException.class),
                      message(
                          m ->
                              m.startsWith(
                                      "Service [cache] at [redis://127.0.0.1:"
                                          + ssh.port()
                                          + "] is misconfigured:"
                                          + " something else is listening (protocol mismatch)")
                                  && m.contains("Fix: the port in infra.services.cache.url=")))));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "infra.probe.timeout=soon|Invalid configuration infra.probe.timeout=[soon]: expected a duration",
        "infra.mode=strict|Invalid configuration infra.mode=[strict]: expected skip or require",
        "infra.services.down.url=mysql://127.0.0.1:3306/app|Invalid configuration infra.services.down.url=[mysql://127.0.0.1:3306/app]: unknown scheme"
      })
  void badConfigurationFailsNamingKeyAndValue(String setting) {
    String[] keyValueAndMessage = setting.split("[=|]", 3);
    settings.put(keyValueAndMessage[0], keyValueAndMessage[1]);
    run(MethodLevelTestCase.class)
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("needsDown"),
                finishedWithFailure(message(m -> m.contains(keyValueAndMessage[2])))));
  }

  @Test
  void secretsAreMaskedInReasons() {
    settings.put("infra.services.down.url", "redis://app:s3cret@127.0.0.1:" + closedPort);
    Events tests = run(MethodLevelTestCase.class).testEvents();
    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                skippedWithReason(
                    r ->
                        r.contains("redis://****@127.0.0.1:" + closedPort)
                            && !r.contains("s3cret"))));
  }

  @Test
  void parametersAreResolvedForTheNamedService() {
    ParameterTestCase.seen = null;
    run(ParameterTestCase.class)
        .testEvents()
        .assertStatistics(stats -> stats.succeeded(1).failed(1));
    assertThat(ParameterTestCase.seen.port()).isEqualTo(up.port());
  }

  @Test
  void aParameterOfTheWrongTypeNamesTheSupportedTypes() {
    run(ParameterTestCase.class)
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("wrongType"),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains(
                                "@Service(\"up\") cannot be a javax.sql.DataSource: [up] is a TCP service;"
                                    + " supported types are ServiceEndpoint")))));
  }

  @ParameterizedTest(name = "parallel classes: {0}")
  @ValueSource(booleans = {false, true})
  void eachServiceIsProbedOncePerRunHoweverManyClassesNeedIt(boolean parallel) throws IOException {
    if (parallel) {
      settings.put("junit.jupiter.execution.parallel.enabled", "true");
      settings.put("junit.jupiter.execution.parallel.mode.default", "concurrent");
      settings.put("junit.jupiter.execution.parallel.mode.classes.default", "concurrent");
    }
    try (LoopbackServer hung = LoopbackServer.silent()) {
      settings.put("infra.services.hung.url", "redis://127.0.0.1:" + hung.port());
      run(HungOneTestCase.class, HungTwoTestCase.class, HungThreeTestCase.class)
          .containerEvents()
          .assertStatistics(stats -> stats.skipped(3));
      await()
          .during(Duration.ofMillis(200))
          .atMost(Duration.ofSeconds(3))
          .until(() -> hung.accepted() == 1);
    }
  }

  @Test
  void maxSkippedTurnsTheSkipBeyondTheLimitIntoAFailure() {
    settings.put("infra.max-skipped", "2");
    settings.put("infra.services.hung.url", "tcp://127.0.0.1:" + closedPort);
    EngineExecutionResults results =
        run(HungOneTestCase.class, HungTwoTestCase.class, HungThreeTestCase.class);
    results.containerEvents().assertStatistics(stats -> stats.skipped(2).failed(1));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(
                        m ->
                            m.endsWith(
                                "[failing instead of skipping: 3 tests skipped for infrastructure in this build"
                                    + " exceed infra.max-skipped=2]")))));
  }

  @Test
  void aServiceThatABeforeEachParameterNeedsSkipsTheClassInsteadOfFailingIt() {
    BeforeEachParameterTestCase.ran.set(false);
    EngineExecutionResults results = run(BeforeEachParameterTestCase.class);
    results.testEvents().assertStatistics(stats -> stats.started(0).failed(0));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(1, event(skippedWithReason(r -> r.startsWith(downReason()))));
    assertThat(BeforeEachParameterTestCase.ran).isFalse();
  }

  @Test
  void aBadMaxSkippedFailsEvenWhenNothingIsSkipped() {
    settings.put("infra.max-skipped", "a few");
    run(MethodLevelTestCase.class)
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("needsDown"),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        m ->
                            m.contains(
                                "Invalid configuration infra.max-skipped=[a few]: expected a whole"
                                    + " number, 0 or more")))));
  }

  // ---- fixtures: run only through EngineTestKit ----

  @InfrastructureAware
  static class BeforeEachParameterTestCase {
    static final AtomicBoolean ran = new AtomicBoolean();

    @org.junit.jupiter.api.BeforeEach
    void connect(@Service("down") ServiceEndpoint down) {
      ran.set(true);
    }

    @Test
    void usesIt() {
      ran.set(true);
    }
  }

  @InfrastructureAware
  static class MethodLevelTestCase {
    @Test
    @RequiresService("down")
    void needsDown() {}

    @Test
    @RequiresService("up")
    void needsUp() {}
  }

  @InfrastructureAware
  @RequiresService({"up", "down"})
  static class ClassLevelTestCase {
    static final AtomicBoolean beforeAllRan = new AtomicBoolean();

    @BeforeAll
    static void connect() {
      beforeAllRan.set(true);
    }

    @Test
    void first() {}

    @Test
    void second() {}
  }

  static class OnlyServiceParametersTestCase {
    @Test
    void needsDown(@Service("down") io.infraaware.service.ServiceEndpoint down) {}

    @Test
    void needsUp(@Service("up") io.infraaware.service.ServiceEndpoint up) {}
  }

  static class WithoutInfrastructureAwareTestCase {
    @Test
    @RequiresService("down")
    void needsDown() {}

    @Test
    @RequiresService("up")
    void needsUp() {}
  }

  @InfrastructureAware
  @RequiresService("up")
  static class NestedTestCase {
    @Test
    void outer() {}

    @Nested
    @RequiresService("down")
    class Inner {
      @Test
      void inner() {}
    }
  }

  @InfrastructureAware
  static class UndeclaredTestCase {
    @Test
    @RequiresService("nowhere")
    void needsUndeclared() {}
  }

  @InfrastructureAware
  static class WrongPortTestCase {
    @Test
    @RequiresService("cache")
    void needsCache() {}
  }

  @InfrastructureAware
  static class ParameterTestCase {
    static ServiceEndpoint seen;

    @Test
    void endpoint(@Service("up") ServiceEndpoint endpoint) {
      seen = endpoint;
    }

    @Test
    void wrongType(@Service("up") javax.sql.DataSource dataSource) {}
  }

  @RequiresService("hung")
  static class HungOneTestCase {
    @Test
    void test() {}
  }

  @RequiresService("hung")
  static class HungTwoTestCase {
    @Test
    void test() {}
  }

  @RequiresService("hung")
  static class HungThreeTestCase {
    @Test
    void test() {}
  }
}
