package io.infraaware.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infraaware.chaos.TimelineEvent.Kind;
import io.infraaware.proxy.ChaosControl;
import io.infraaware.proxy.Fault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.testing.LoopbackServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
      chaos.proxy(ServiceEndpoint.parse("echo", "k", "tcp://127.0.0.1:" + echo.port(), null, null));

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
            .inject(ProxyFaults.on(proxy, Fault.outage()))
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
                    .inject(ProxyFaults.on(proxy, Fault.outage()))
                    .hold("anything", ctx -> {})
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessageContaining(
            "missed its target: no traffic had crossed proxy [echo] before the outage");
  }

  @Test
  void aToxicIsJudgedOnlyOnceTrafficCrossedItWhileOn() {
    assertThatThrownBy(
            () ->
                scenario("missed latency")
                    .inject(ProxyFaults.on(proxy, Fault.latency(Duration.ofMillis(50))))
                    .hold("anything", ctx -> {})
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessageContaining("no traffic crossed proxy [echo] while the fault was on");
    scenario("landed latency")
        .inject(ProxyFaults.on(proxy, Fault.latency(Duration.ofMillis(50))))
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
    Timeline first =
        scenario("vpc")
            .seed(11)
            .inject(ProxyFaults.saturatedVpcConnector(proxy))
            .hold(
                "answers, retrying the connections the profile resets", this::answersDespiteResets)
            .run();
    Timeline second =
        scenario("vpc again")
            .seed(11)
            .inject(ProxyFaults.saturatedVpcConnector(proxy))
            .hold(
                "answers, retrying the connections the profile resets", this::answersDespiteResets)
            .run();
    assertThat(first.events(Kind.NOTE).get(1).detail())
        .isEqualTo(second.events(Kind.NOTE).get(1).detail())
        .contains("jitter");
  }
}
