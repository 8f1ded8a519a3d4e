package io.infraaware.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infraaware.proxy.ActiveFault;
import io.infraaware.proxy.ChaosControl;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.run.ServiceUnavailableException;
import io.infraaware.testing.LoopbackServer;
import io.infraaware.testing.TestServices;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A test that fails because its service went away says so: the service behind a proxy is taken away
 * in the middle of a test, which then fails with a connection error; InfraAware probes the service
 * again and turns the failure into a skip (or a failure with the cause first in {@code require}
 * mode). A failure next to a healthy service is the test's own, untouched.
 */
class AttributionEngineTests {

  @TempDir Path reports;
  private final Map<String, String> settings = new HashMap<>();
  private LoopbackServer upstream;
  private ChaosControl chaos;
  private ServiceProxy db;

  /** What the fixtures reach: the service's proxy, and how to take it away. */
  static final AtomicReference<ServiceProxy> PROXY = new AtomicReference<>();

  @BeforeEach
  void startTheServiceBehindAProxy() throws IOException {
    upstream = LoopbackServer.silent();
    chaos = ChaosControl.embedded(Optional.empty(), Duration.ofSeconds(5));
    db = chaos.proxy("db", TestServices.endpoint("db", "tcp://127.0.0.1:" + upstream.port()));
    PROXY.set(db);
    settings.put("infra.mode", "skip");
    settings.put("infra.probe.timeout", "1s");
    settings.put("infra.report.dir", reports.toString());
    settings.put("infra.services.db.url", db.endpoint().url());
    settings.put(
        "junit.jupiter.testclass.order.default",
        "org.junit.jupiter.api.ClassOrderer$OrderAnnotation");
  }

  private JsonNode summaryOfDb() throws IOException {
    return new ObjectMapper()
        .readTree(reports.resolve("infrastructure-summary.json").toFile())
        .path("services")
        .get(0);
  }

  @AfterEach
  void stop() throws IOException {
    chaos.close();
    upstream.close();
  }

  private EngineExecutionResults run(Class<?>... fixtures) {
    var request = EngineTestKit.engine("junit-jupiter").configurationParameters(settings);
    for (Class<?> fixture : fixtures) {
      request = request.selectors(selectClass(fixture));
    }
    return request.execute();
  }

  private String wentAway() {
    return "Service [db] at ["
        + db.endpoint().url()
        + "] went away during this test: connection refused, nothing is listening";
  }

  @Test
  void aServiceThatWentAwayDuringATestSkipsItWithTheDiagnosisAndTheFailure() throws IOException {
    EngineExecutionResults results = run(GoesAwayTestCase.class, LaterTestCase.class);
    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("losesItsConnection"),
                abortedWithReason(
                    message(
                        m ->
                            m.startsWith(wentAway())
                                && m.contains(
                                    "; the test failed with java.net.ConnectException")))));
    results
        .containerEvents()
        .assertThatEvents()
        .as("a later class is decided with the fresh probe, not the start-of-run verdict")
        .haveExactly(
            1,
            event(
                org.junit.platform.testkit.engine.EventConditions.container(
                    LaterTestCase.class.getSimpleName()),
                org.junit.platform.testkit.engine.EventConditions.skippedWithReason(
                    r -> r.startsWith("Service [db]"))));
    JsonNode service = summaryOfDb();
    assertThat(service.path("name").asText()).isEqualTo("db");
    assertThat(service.path("skipped").asInt())
        .as("the test it took, and the later class")
        .isEqualTo(2);
    assertThat(service.path("timeline").get(0).path("event").asText()).isEqualTo("went away");
    assertThat(service.path("timeline").get(0).path("detail").asText())
        .startsWith("during loses its connection");
  }

  @Test
  void inRequireModeItFailsWithTheCauseFirst() {
    settings.put("infra.mode", "require");
    run(GoesAwayTestCase.class)
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("losesItsConnection"),
                finishedWithFailure(
                    instanceOf(ServiceUnavailableException.class),
                    message(m -> m.startsWith(wentAway()) && m.endsWith("=require]")))));
  }

  @Test
  void theSameFailureWithTheServiceHealthyStaysThePlainFailure() throws IOException {
    run(FailsOnItsOwnTestCase.class)
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("connectsToAClosedPort"),
                finishedWithFailure(instanceOf(ConnectException.class))));
    JsonNode service = summaryOfDb();
    assertThat(service.path("probes").asInt()).as("probed again after the failure").isEqualTo(2);
    assertThat(service.path("timeline")).as("nothing went away").isEmpty();
    assertThat(service.path("skipped").asInt()).isZero();
  }

  @Test
  void anAssertionFailureIsNeverRelabelledAndProbesNothing() throws IOException {
    run(AssertionTestCase.class)
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1, event(test("asserts"), finishedWithFailure(instanceOf(AssertionError.class))));
    assertThat(summaryOfDb().path("probes").asInt())
        .as("one probe before the test, none after its failure")
        .isEqualTo(1);
  }

  @Test
  void attributionCanBeSwitchedOff() {
    settings.put("infra.attribution", "off");
    run(GoesAwayTestCase.class)
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("losesItsConnection"),
                finishedWithFailure(instanceOf(ConnectException.class))));
  }

  // ---- fixtures: run only through EngineTestKit ----

  private static void connect(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    }
  }

  @RequiresService("db")
  @org.junit.jupiter.api.Order(1)
  static class GoesAwayTestCase {
    @Test
    @org.junit.jupiter.api.DisplayName("loses its connection")
    void losesItsConnection() throws IOException {
      ServiceProxy proxy = PROXY.get();
      connect(proxy.endpoint().port());
      ActiveFault outage = proxy.outage(); // the service goes away, and stays away
      connect(proxy.endpoint().port());
      outage.close();
    }
  }

  @RequiresService("db")
  @org.junit.jupiter.api.Order(2)
  static class LaterTestCase {
    @Test
    void runsLater() {}
  }

  @RequiresService("db")
  static class FailsOnItsOwnTestCase {
    @Test
    @org.junit.jupiter.api.DisplayName("connects to a closed port")
    void connectsToAClosedPort() throws IOException {
      connect(LoopbackServer.closedPort());
    }
  }

  @RequiresService("db")
  static class AssertionTestCase {
    @Test
    @org.junit.jupiter.api.DisplayName("asserts")
    void asserts() {
      assertThat(1 + 1).isEqualTo(3);
    }
  }
}
