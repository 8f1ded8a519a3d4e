package io.infraaware.kafka.internal;

import io.infraaware.config.InfraConfig;
import io.infraaware.service.ServiceEndpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether a Kafka client that bootstraps through a proxy stays on it: a broker hands its clients
 * the addresses it advertises, and a client connects there after its first request. Asked through
 * the proxy, a broker that advertises anything but the proxy's address leads its clients around the
 * proxy, and a fault injected there would never reach them.
 */
final class KafkaProxyCheck {

  private static final System.Logger LOG = System.getLogger(KafkaProxyCheck.class.getName());

  private KafkaProxyCheck() {}

  static Optional<String> bypass(
      ServiceEndpoint upstream, ServiceEndpoint proxy, Duration timeout) {
    List<KafkaWire.Broker> brokers;
    try {
      brokers = KafkaWire.brokers(proxy.host(), proxy.port(), timeout);
    } catch (IOException e) {
      // the broker does not answer through the proxy now: the test's own requirement decides
      LOG.log(
          System.Logger.Level.DEBUG,
          "no Metadata through the proxy for [" + upstream.name() + "]: " + e.getMessage());
      return Optional.empty();
    }
    List<KafkaWire.Broker> around =
        brokers.stream()
            .filter(broker -> !(broker.port() == proxy.port() && sameHost(broker.host(), proxy)))
            .toList();
    if (around.isEmpty()) {
      return Optional.empty();
    }
    String advertised =
        around.stream().map(KafkaWire.Broker::address).collect(Collectors.joining(", "));
    return Optional.of(
        "Kafka ["
            + upstream.name()
            + "] at "
            + upstream.address()
            + " advertises "
            + advertised
            + " to its clients, not the proxy's "
            + proxy.address()
            + ": a client would bootstrap through the proxy, then connect to "
            + advertised
            + " directly, and no fault injected in the proxy would reach it. Give the broker a"
            + " listener of its own for the proxy, whose advertised address is the proxy's"
            + " (advertised.listeners=...,PROXIED://"
            + proxy.address()
            + "), point "
            + InfraConfig.serviceKey(upstream.name(), "url")
            + " at that listener and keep the proxy on that port with "
            + InfraConfig.serviceKey(upstream.name(), "proxy-port")
            + "="
            + proxy.port()
            + "; or let InfraAware provision the broker (provision=embedded), which does this"
            + " itself; see docs/kafka.md");
  }

  private static boolean sameHost(String advertised, ServiceEndpoint proxy) {
    String host = proxy.host();
    if (advertised.equalsIgnoreCase(host)) {
      return true;
    }
    // the loopback under its other spellings, without asking DNS
    return loopback(advertised) && loopback(host);
  }

  private static boolean loopback(String host) {
    return host.equals("127.0.0.1")
        || host.equals("::1")
        || host.equals("[::1]")
        || host.equalsIgnoreCase("localhost");
  }
}
