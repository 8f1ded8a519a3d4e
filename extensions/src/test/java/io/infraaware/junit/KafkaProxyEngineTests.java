package io.infraaware.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.infraaware.testing.FakeKafka;
import io.infraaware.testing.LoopbackServer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * A configured (not provisioned) Kafka broker behind a proxy: one that advertises its own address
 * would lead clients around the proxy, and the test fails saying so instead of running without its
 * faults; one with a listener that advertises the proxy's pinned port runs.
 */
class KafkaProxyEngineTests {

  private final Map<String, String> settings = new HashMap<>();

  private Events run(Class<?> fixture) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(fixture))
        .configurationParameters(settings)
        .execute()
        .testEvents();
  }

  @Test
  void aBrokerThatAdvertisesItsOwnAddressFailsTheProxiedTestInsteadOfBypassingTheProxy()
      throws IOException {
    try (LoopbackServer broker = FakeKafka.broker()) {
      settings.put("infra.services.events.url", "kafka://127.0.0.1:" + broker.port());
      settings.put("infra.services.events.proxy", "true");
      ProxiedKafkaTestCase.bootstrap = null;
      run(ProxiedKafkaTestCase.class)
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  finishedWithFailure(
                      message(
                          m ->
                              m.contains(
                                      "Kafka [events] at 127.0.0.1:"
                                          + broker.port()
                                          + " advertises 127.0.0.1:"
                                          + broker.port()
                                          + " to its clients, not the proxy's 127.0.0.1:")
                                  && m.contains("see docs/kafka.md")))));
      assertThat(ProxiedKafkaTestCase.bootstrap).as("the test body never ran").isNull();
    }
  }

  @Test
  void aBrokerWithAListenerThatAdvertisesThePinnedProxyPortKeepsItsClientsOnTheProxy()
      throws IOException {
    int proxyPort = LoopbackServer.closedPort();
    // the broker's listener for the proxy: it sends its clients to the proxy's port
    try (LoopbackServer listener = FakeKafka.broker((short) 0, "127.0.0.1", proxyPort)) {
      settings.put("infra.services.events.url", "kafka://127.0.0.1:" + listener.port());
      settings.put("infra.services.events.proxy", "true");
      settings.put("infra.services.events.proxy-port", Integer.toString(proxyPort));
      ProxiedKafkaTestCase.bootstrap = null;
      run(ProxiedKafkaTestCase.class).assertStatistics(stats -> stats.succeeded(1).failed(0));
      assertThat(ProxiedKafkaTestCase.bootstrap).isEqualTo("127.0.0.1:" + proxyPort);
    }
  }

  @InfrastructureAware
  @RequiresService("events")
  static class ProxiedKafkaTestCase {
    static volatile String bootstrap;

    @Test
    void bootstrapsThroughTheProxy(@Service("events") Properties kafka) {
      bootstrap = kafka.getProperty("bootstrap.servers");
    }
  }
}
