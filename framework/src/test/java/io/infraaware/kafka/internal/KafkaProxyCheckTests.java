package io.infraaware.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.service.ServiceEndpoint;
import io.infraaware.testing.FakeKafka;
import io.infraaware.testing.LoopbackServer;
import io.infraaware.testing.TestServices;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The check that a Kafka client which bootstraps through a proxy stays on it, against fake brokers
 * that advertise one address or another.
 */
class KafkaProxyCheckTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final KafkaProvider provider = new KafkaProvider();

  @Test
  void aBrokerThatAdvertisesItsOwnAddressBehindAProxyIsReportedWithTheFix() throws IOException {
    int brokerPort = LoopbackServer.closedPort();
    // what the proxy's port leads to: a broker that sends its clients to 127.0.0.1:brokerPort
    try (LoopbackServer proxy = FakeKafka.broker((short) 0, "127.0.0.1", brokerPort)) {
      ServiceEndpoint upstream = TestServices.endpoint("events", "kafka://127.0.0.1:" + brokerPort);
      ServiceEndpoint through = upstream.withAddress("127.0.0.1", proxy.port());
      assertThat(provider.proxyBypass(upstream, through, TIMEOUT))
          .hasValue(
              "Kafka [events] at 127.0.0.1:"
                  + brokerPort
                  + " advertises 127.0.0.1:"
                  + brokerPort
                  + " to its clients, not the proxy's 127.0.0.1:"
                  + proxy.port()
                  + ": a client would bootstrap through the proxy, then connect to 127.0.0.1:"
                  + brokerPort
                  + " directly, and no fault injected in the proxy would reach it. Give the"
                  + " broker a listener of its own for the proxy, whose advertised address is the"
                  + " proxy's (advertised.listeners=...,PROXIED://127.0.0.1:"
                  + proxy.port()
                  + "), point infra.services.events.url at that listener and keep the proxy on"
                  + " that port with infra.services.events.proxy-port="
                  + proxy.port()
                  + "; or let InfraAware provision the broker (provision=embedded), which does"
                  + " this itself; see docs/kafka.md");
    }
  }

  @Test
  void aBrokerThatAdvertisesTheProxysAddressKeepsItsClientsOnTheProxy() throws IOException {
    try (LoopbackServer proxy = FakeKafka.broker()) {
      ServiceEndpoint upstream =
          TestServices.endpoint("events", "kafka://127.0.0.1:" + LoopbackServer.closedPort());
      ServiceEndpoint through = upstream.withAddress("127.0.0.1", proxy.port());
      assertThat(provider.proxyBypass(upstream, through, TIMEOUT)).isEmpty();
    }
  }

  @Test
  void aProxyWhoseBrokerDoesNotAnswerNowIsLeftToTheTestsRequirement() {
    ServiceEndpoint upstream =
        TestServices.endpoint("events", "kafka://127.0.0.1:" + LoopbackServer.closedPort());
    ServiceEndpoint through = upstream.withAddress("127.0.0.1", LoopbackServer.closedPort());
    assertThat(provider.proxyBypass(upstream, through, TIMEOUT)).isEmpty();
  }
}
