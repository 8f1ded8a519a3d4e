package io.infraaware.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.infraaware.junit.InfrastructureAware;
import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.proxy.ServiceProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * What a user project sees, on whichever JUnit Jupiter version this module pins: skips with the
 * diagnosis, failures in require mode, one clear line for a missing library, and the summary
 * written when the run ends. Runs fixtures through EngineTestKit of the same version.
 */
class CompatTests {

  private final Map<String, String> settings = new HashMap<>();

  CompatTests() throws IOException {
    settings.put("infra.mode", "skip");
    settings.put("infra.probe.timeout", "1s");
    settings.put("infra.services.down.url", "tcp://127.0.0.1:" + closedPort());
    settings.put("infra.services.maria.url", "jdbc:mariadb://127.0.0.1:3306/test");
    settings.put("infra.services.maria.username", "root");
    settings.put("infra.services.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    settings.put("infra.services.postgres.username", "postgres");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private Events run(Class<?> fixture) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(fixture))
        .configurationParameters(settings)
        .execute()
        .testEvents();
  }

  @Test
  void theJUnitOfThisModuleIsTheOneRunning() {
    assertThat(Test.class.getPackage().getImplementationVersion())
        .isEqualTo(System.getProperty("expected.junit.version"));
  }

  @Test
  void anUnavailableServiceSkipsWithTheDiagnosis() {
    Events tests = run(DownTestCase.class);
    tests.assertStatistics(stats -> stats.skipped(0).started(0));
    // the class is skipped as a whole, before any test starts
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(DownTestCase.class))
        .configurationParameters(settings)
        .execute()
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1, event(skippedWithReason(r -> r.startsWith("Service [down] at [tcp://127.0.0.1:"))));
  }

  @Test
  void requireModeFailsInstead() {
    settings.put("infra.mode", "require");
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(DownTestCase.class))
        .configurationParameters(settings)
        .execute()
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(m -> m.endsWith("[failing instead of skipping: infra.mode=require]")))));
  }

  @Test
  void aClientWhoseLibraryIsMissingNamesTheArtifactToAdd() {
    run(MissingDriverTestCase.class)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("reads"),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains("is not on the test class path")
                                && m.endsWith(
                                    "Fix: add org.mariadb.jdbc:mariadb-java-client to your test"
                                        + " dependencies")))));
  }

  @Test
  void chaosWithoutTheEmbeddedServerNamesTheArtifactToAdd() {
    run(ProxyTestCase.class)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("proxied"),
                finishedWithFailure(message(m -> m.contains("add io.infraaware:infraaware-toxiproxy")))));
  }

  @Test
  void theSummaryIsWrittenWhenTheRunEnds(@TempDir Path reports) throws IOException {
    settings.put("infra.report.dir", reports.toString());
    run(DownTestCase.class);
    String summary = Files.readString(reports.resolve("infrastructure-summary.json"));
    assertThat(summary).contains("\"skipped\" : 2").contains("\"CONNECTION_REFUSED\"");
  }
  @RequiresService("down")
  static class DownTestCase {
    @Test
    void first() {}

    @Test
    void second() {}
  }

  @InfrastructureAware
  static class MissingDriverTestCase {
    @Test
    void reads(@Service("maria") DataSource db) {
      assertThat(db).isNotNull();
    }
  }

  @InfrastructureAware
  static class ProxyTestCase {
    @Test
    void proxied(@Service("postgres") ServiceProxy proxy) {
      assertThat(proxy).isNotNull();
    }
  }
}
