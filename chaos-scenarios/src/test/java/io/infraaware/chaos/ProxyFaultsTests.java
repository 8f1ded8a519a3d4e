package io.infraaware.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infraaware.chaos.TimelineEvent.Kind;
import io.infraaware.proxy.ChaosControl;
import io.infraaware.proxy.Fault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.testing.LoopbackServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenarios with real proxies on the embedded server, in front of an echo service. */
class ProxyFaultsTests {

  @TempDir Path reports;
  private final LoopbackServer echo = LoopbackServer.echo();
  private final ChaosControl chaos = ChaosControl.embedded(Optional.empty(), Duration.ofSeconds(5));
  private final ServiceProxy proxy =
      chaos.proxy(
          io.infraaware.testing.TestServices.endpoint("echo", "tcp://127.0.0.1:" + echo.port()));

  @AfterEach
  void stop() throws IOException {
    chaos.close();
    echo.close();
  }

  private String roundTrip() throws IOException {
    try (Socket socket = new Socket(proxy.endpoint().host(), proxy.endpoint().port())) {
      socket.setSoTimeout(2000);
      socket.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readNBytes(4), StandardCharsets.US_ASCII);
    }
  }

  private Scenario scenario(String name) {
    return Scenario.named(name)
        .reportTo(ScenarioReport.in(reports))
        .printTo(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .manifestWithin(Duration.ofSeconds(2));
  }

  @Test
  void anOutageIsJudgedOnlyOnceTheSystemWasSeenUsingTheProxy() throws IOException {
    Timeline timeline =
        scenario("outage")
            .steadyState(
                "echo answers through the proxy", ctx -> assertThat(roundTrip()).isEqualTo("ping"))
            .inject(proxy, Fault.outage())
            .hold(
                "connections are refused",
                ctx -> assertThatThrownBy(this::roundTrip).isInstanceOf(ConnectException.class))
            .recover("echo answers again", ctx -> assertThat(roundTrip()).isEqualTo("ping"))
            .run();
    assertThat(timeline.events(Kind.FAULT_ON)).hasSize(1);
    assertThat(timeline.events(Kind.FAULT_OFF)).hasSize(1);
  }

  @Test
  void anOutageOnAProxyNobodyUsesFailsAsMissed() {
    assertThatThrownBy(
            () ->
                scenario("missed outage")
                    .inject(proxy, Fault.outage())
                    .hold("anything", ctx -> {})
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessageContaining(
            "missed its target: no traffic crossed proxy [echo] in this scenario before the"
                + " outage");
  }

  @Test
  void aToxicIsJudgedOnlyOnceTrafficCrossedItWhileOn() {
    assertThatThrownBy(
            () ->
                scenario("missed latency")
                    .inject(proxy, Fault.latency(Duration.ofMillis(50)))
                    .hold("anything", ctx -> {})
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessageContaining("no traffic crossed proxy [echo] while the fault was on");
    scenario("landed latency")
        .inject(proxy, Fault.latency(Duration.ofMillis(50)))
        .hold("slow but answering", ctx -> assertThat(roundTrip()).isEqualTo("ping"))
        .run();
  }

  @Test
  void flappingTurnsTheFaultOnAndOffOnSchedule() throws IOException {
    roundTrip();
    Timeline timeline =
        scenario("flapping")
            .inject(
                ProxyFaults.flapping(
                    proxy, Fault.outage(), Duration.ofMillis(100), Duration.ofMillis(100), 3))
            .hold(
                "the schedule plays out while the system keeps calling",
                ctx ->
                    org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(5))
                        .until(
                            () -> {
                              try {
                                roundTrip();
                              } catch (IOException refusedDuringABout) {
                                // expected while the outage is on
                              }
                              return ctx.timeline().events(Kind.FAULT_OFF).size() >= 3;
                            }))
            .recover("echo answers", ctx -> assertThat(roundTrip()).isEqualTo("ping"))
            .run();
    assertThat(
            timeline.events(Kind.FAULT_ON).stream()
                .filter(e -> e.subject().startsWith("outage"))
                .count())
        .isEqualTo(3);
  }

  /**
   * The profile resets a seeded share of connections on purpose, so a client must retry, as one
   * behind a real saturated connector would.
   */
  private void answersDespiteResets(ScenarioContext ctx) {
    org.awaitility.Awaitility.await("an answer through the VPC profile")
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(this::roundTrip, "ping"::equals);
  }

  @Test
  void theVpcProfileIsReplayedBySeed() throws IOException {
    roundTrip();
    String first = vpcToxicsUnderSeed(11);
    String second = vpcToxicsUnderSeed(11);
    assertThat(first).isEqualTo(second).contains("\"jitter\"").contains("reset_peer");
    assertThat(vpcToxicsUnderSeed(12)).as("another seed, another profile").isNotEqualTo(first);
  }

  /** The toxics the profile put on the server, as the server lists them, under a seed. */
  private String vpcToxicsUnderSeed(long seed) {
    String[] toxics = new String[1];
    scenario("vpc " + seed)
        .seed(seed)
        .inject(ProxyFaults.saturatedLink(proxy))
        .hold(
            "answers, retrying the connections the profile resets",
            ctx -> {
              answersDespiteResets(ctx);
              toxics[0] = get(chaos.apiUrl() + "/proxies/" + proxy.name() + "/toxics");
            })
        .run();
    return toxics[0];
  }

  private static String get(String url) throws IOException, InterruptedException {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .timeout(Duration.ofSeconds(2))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void anOutageIsJudgedByTrafficInThisScenarioNotBeforeIt() throws IOException {
    roundTrip(); // traffic before the scenario: not evidence that the system uses the proxy now
    assertThatThrownBy(
            () ->
                scenario("stale traffic")
                    .inject(proxy, Fault.outage())
                    .hold("anything", ctx -> {})
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessageContaining("no traffic crossed proxy [echo] in this scenario before the outage");
  }

  @Test
  void aScheduleThatCannotApplyItsNextStepFailsTheScenario() {
    assertThatThrownBy(
            () ->
                scenario("broken schedule")
                    .inject(
                        ProxyFaults.flapping(
                            proxy,
                            Fault.latency(Duration.ofMillis(10)),
                            Duration.ofMillis(100),
                            Duration.ofMillis(100),
                            3))
                    .hold(
                        "traffic flows while the proxy disappears under the schedule",
                        ctx -> {
                          roundTrip();
                          chaos.remove(proxy);
                          org.awaitility.Awaitility.await()
                              .atMost(Duration.ofSeconds(3))
                              .until(() -> ctx.timeline().events(Kind.FAULT_OFF).size() >= 1);
                        })
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessageContaining("failed in hold: the injection [flapping")
        .hasMessageContaining("] failed: ");
  }

  @Test
  void aLatencyRampGrowsStepByStepAndHoldsItsLastStep() throws IOException {
    roundTrip();
    // each round trip made while one step was in force, by step: 0, 200 and 400 ms
    java.util.Map<Long, List<Long>> byStep = new java.util.concurrent.ConcurrentHashMap<>();
    Timeline timeline =
        scenario("ramp")
            .inject(
                ProxyFaults.latencyRamp(
                    proxy, Duration.ofMillis(0), Duration.ofMillis(400), 3, Duration.ofMillis(700)))
            .hold(
                "each step is slower than the last, and the last one stays",
                ctx ->
                    org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .until(
                            () -> {
                              long step = rampSteps(ctx.timeline()) - 1;
                              long start = System.nanoTime();
                              roundTrip();
                              long took = (System.nanoTime() - start) / 1_000_000;
                              if (rampSteps(ctx.timeline()) - 1 == step) {
                                byStep
                                    .computeIfAbsent(step, s -> new java.util.ArrayList<>())
                                    .add(took);
                              }
                              return byStep.getOrDefault(2L, List.of()).size() >= 2;
                            }))
            .run();
    assertThat(rampSteps(timeline)).as("three steps").isEqualTo(3);
    // a step lifted while a round trip waits releases its data at once, so only some round trips
    // of the middle step show its whole latency; the last step is never lifted by the schedule
    assertThat(byStep.getOrDefault(1L, List.of())).anyMatch(took -> took >= 200);
    assertThat(byStep.get(2L)).as("the last step stays").hasSizeGreaterThanOrEqualTo(2);
    assertThat(byStep.get(2L)).allMatch(took -> took >= 400);
    assertThat(
            timeline.events(Kind.FAULT_OFF).stream()
                .filter(e -> e.subject().startsWith("latency 400 ms"))
                .map(TimelineEvent::atMillis))
        .as("the last step is lifted by the heal, not by the schedule")
        .allMatch(
            at ->
                at
                    >= timeline.events(Kind.PHASE).stream()
                        .filter(
                            e -> e.subject().equals("hold") && e.outcome().equals(Outcome.PASSED))
                        .findFirst()
                        .orElseThrow()
                        .atMillis());
  }

  /** How many steps of the ramp have been applied so far. */
  private static long rampSteps(Timeline timeline) {
    return timeline.events(Kind.FAULT_ON).stream()
        .filter(e -> e.subject().matches("latency \\d+ ms .*"))
        .count();
  }
}
