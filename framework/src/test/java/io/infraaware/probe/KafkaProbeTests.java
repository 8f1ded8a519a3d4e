package io.infraaware.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.testing.FakeKafka;
import io.infraaware.testing.LoopbackServer;
import io.infraaware.testing.TestServices;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Kafka probe against fake peers: a broker's ApiVersions answer is up, whatever else answers on
 * the port is a misconfiguration that says what it looks like.
 */
class KafkaProbeTests {

  private final Map<String, String> settings =
      new HashMap<>(Map.of("infra.probe.timeout", "400ms"));

  private ProbeResult probe(int port) {
    settings.put("infra.services.events.url", "kafka://127.0.0.1:" + port);
    return TestServices.probe(settings, "events");
  }

  @Test
  void aBrokerThatListsItsApisIsUp() throws IOException {
    try (LoopbackServer broker = FakeKafka.broker()) {
      ProbeResult result = probe(broker.port());
      assertThat(result.status()).as(result.describe()).isEqualTo(ServiceStatus.UP);
      assertThat(result.describe())
          .startsWith(
              "Service [events] at [kafka://127.0.0.1:" + broker.port() + "] is up (probed in ");
    }
  }

  @Test
  void aBrokerThatNoLongerReadsVersionZeroIsStillAKafkaBroker() throws IOException {
    try (LoopbackServer broker = FakeKafka.broker((short) 35, "127.0.0.1", 9092)) {
      assertThat(probe(broker.port()).status()).isEqualTo(ServiceStatus.UP);
    }
  }

  @Test
  void aBrokerThatAnswersWithAnotherErrorIsNotUp() throws IOException {
    try (LoopbackServer broker = FakeKafka.broker((short) 58, "127.0.0.1", 9092)) {
      ProbeResult result = probe(broker.port());
      assertThat(result.status()).isEqualTo(ServiceStatus.UNAVAILABLE);
      assertThat(result.diagnosis().orElseThrow().detail())
          .isEqualTo(
              "127.0.0.1:"
                  + broker.port()
                  + " answered the ApiVersions request with Kafka error code 58");
    }
  }

  @Test
  void anHttpServerOnThePortIsAMismatchThatSaysHttp() throws IOException {
    try (LoopbackServer http =
        LoopbackServer.answering("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")) {
      ProbeResult result = probe(http.port());
      assertThat(result.status()).as(result.describe()).isEqualTo(ServiceStatus.MISCONFIGURED);
      Diagnosis diagnosis = result.diagnosis().orElseThrow();
      assertThat(diagnosis.code()).isEqualTo(DiagnosisCode.PROTOCOL_MISMATCH);
      assertThat(diagnosis.detail())
          .startsWith("127.0.0.1:" + http.port() + " answered \"HTTP/1.1 400")
          .contains("(an HTTP server)")
          .endsWith("instead of Kafka");
    }
  }

  @Test
  void aPeerThatEchoesTheRequestIsNotTakenForABroker() throws IOException {
    // Kafka's framing, but the answer is the request itself: its correlation id is in the wrong
    // place and no API list follows
    try (LoopbackServer echo = LoopbackServer.echo()) {
      ProbeResult result = probe(echo.port());
      assertThat(result.status()).as(result.describe()).isEqualTo(ServiceStatus.MISCONFIGURED);
      assertThat(result.diagnosis().orElseThrow().code())
          .isEqualTo(DiagnosisCode.PROTOCOL_MISMATCH);
    }
  }
}
