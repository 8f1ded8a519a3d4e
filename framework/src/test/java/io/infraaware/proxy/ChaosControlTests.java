package io.infraaware.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.infraaware.service.ServiceEndpoint;
import io.infraaware.testing.LoopbackServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chaos control against the embedded server, with an echo service behind the proxy. */
class ChaosControlTests {

  private final LoopbackServer echo = LoopbackServer.echo();
  private final ChaosControl chaos = ChaosControl.embedded(Optional.of(1L), Duration.ofSeconds(5));
  private final ServiceEndpoint service =
      io.infraaware.testing.TestServices.endpoint("echo", "tcp://127.0.0.1:" + echo.port());

  @AfterEach
  void stop() throws IOException {
    chaos.close();
    echo.close();
  }

  private static String roundTrip(ServiceEndpoint endpoint, int timeoutMillis) throws IOException {
    try (Socket socket = new Socket(endpoint.host(), endpoint.port())) {
      socket.setSoTimeout(timeoutMillis);
      socket.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readNBytes(4), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void theProxiedEndpointReachesTheServiceAndCountsTraffic() throws IOException {
    ServiceProxy proxy = chaos.proxy(service);
    assertThat(proxy.endpoint().url()).isEqualTo("tcp://127.0.0.1:" + proxy.endpoint().port());
    assertThat(roundTrip(proxy.endpoint(), 2000)).isEqualTo("ping");
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> proxy.traffic().equals(new TrafficBytes(4, 4)));
  }

  @Test
  void aServiceWithARouteIsProxiedToItsProxyListenerOnItsAdvertisedPort() throws IOException {
    // a provisioned Kafka broker: clients use one listener, its proxy forwards to another
    int unused = LoopbackServer.closedPort();
    ServiceEndpoint broker =
        io.infraaware.testing.TestServices.endpoint("echo", "tcp://127.0.0.1:" + unused);
    int advertised = LoopbackServer.closedPort();
    ProxyRoutes.register(broker.address(), new ProxyRoutes.Route(service, advertised));
    try {
      ServiceProxy proxy = chaos.proxy("routed", broker);
      assertThat(proxy.endpoint().port()).isEqualTo(advertised);
      assertThat(proxy.upstream()).isEqualTo(broker);
      assertThat(roundTrip(proxy.endpoint(), 2000)).isEqualTo("ping");
    } finally {
      ProxyRoutes.unregister(broker.address());
    }
    // without the route, a proxy forwards to the address itself, where nothing listens
    ServiceProxy plain = chaos.proxy("plain", broker);
    assertThat(plain.endpoint().port()).isNotEqualTo(advertised);
    String answer;
    try {
      answer = roundTrip(plain.endpoint(), 2000);
    } catch (IOException closedOrReset) {
      answer = "";
    }
    assertThat(answer).as("no echo without the route").isEmpty();
  }

  @Test
  void aProxyListensOnAPinnedPortAndATakenOneIsRefusedNamingIt() throws IOException {
    int free = LoopbackServer.closedPort();
    ServiceProxy pinned = chaos.proxy("pinned", service, free);
    assertThat(pinned.endpoint().port()).isEqualTo(free);
    assertThat(roundTrip(pinned.endpoint(), 2000)).isEqualTo("ping");
    assertThatThrownBy(() -> chaos.proxy("second", service, free))
        .isInstanceOf(ChaosException.class)
        .hasMessageStartingWith("Proxy [second] cannot listen on port " + free);
    assertThat(chaos.find("second")).isEmpty();
    assertThatThrownBy(() -> chaos.proxy("third", service, 70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("70000");
  }

  @Test
  void theEmbeddedServerOnATakenApiPortSaysWhichPort() throws IOException {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () ->
                  ChaosControl.embedded(
                      Optional.empty(), taken.getLocalPort(), Duration.ofSeconds(5)))
          .isInstanceOf(ChaosException.class)
          .hasMessageStartingWith(
              "The embedded Toxiproxy server cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void anOutageRefusesUntilItsHandleIsClosed() throws IOException {
    ServiceProxy proxy = chaos.proxy(service);
    try (ActiveFault outage = proxy.outage()) {
      assertThat(outage.isActive()).isTrue();
      assertThatThrownBy(() -> roundTrip(proxy.endpoint(), 2000))
          .isInstanceOf(ConnectException.class);
    }
    assertThat(roundTrip(proxy.endpoint(), 2000)).isEqualTo("ping");
  }

  @Test
  void aHangSwallowsDataUntilHealed() throws IOException {
    ServiceProxy proxy = chaos.proxy(service);
    proxy.inject(Fault.hang());
    assertThatThrownBy(() -> roundTrip(proxy.endpoint(), 500))
        .isInstanceOf(SocketTimeoutException.class);
    chaos.heal();
    assertThat(proxy.activeFaults()).isEmpty();
    assertThat(roundTrip(proxy.endpoint(), 2000)).isEqualTo("ping");
  }

  @Test
  void healRemovesToxicsThatOthersAddedToo() throws IOException {
    ServiceProxy proxy = chaos.proxy(service);
    proxy.outage();
    proxy.inject(Fault.latency(Duration.ofSeconds(5)).upstream());
    proxy.heal();
    assertThat(roundTrip(proxy.endpoint(), 2000)).isEqualTo("ping");
  }

  @Test
  void aHandleTellsWhetherItsFaultLanded() throws IOException {
    ServiceProxy proxy = chaos.proxy(service);
    ActiveFault slow = proxy.inject(Fault.latency(Duration.ofMillis(10)));
    assertThat(slow.manifested()).isFalse();
    assertThat(slow.missedBecause())
        .contains("no traffic crossed proxy [echo] while the fault was on");
    roundTrip(proxy.endpoint(), 2000);
    await().atMost(Duration.ofSeconds(2)).until(slow::manifested);
    assertThat(slow.trafficSinceInjected()).contains(new TrafficBytes(4, 4));
    slow.close();
    ActiveFault outage = proxy.outage();
    assertThat(outage.manifested()).as("traffic before, refused now").isTrue();
  }

  @Test
  void closingAHandleTwiceIsHarmless() {
    ServiceProxy proxy = chaos.proxy(service);
    ActiveFault slow = proxy.inject(Fault.latency(Duration.ofMillis(100)));
    slow.close();
    slow.close();
    assertThat(slow.isActive()).isFalse();
  }

  @Test
  void aFaultIsRemovedEvenOnAThreadThatATimeoutHasJustInterrupted() throws IOException {
    ServiceProxy proxy = chaos.proxy(service);
    ActiveFault hang = proxy.inject(Fault.hang());
    Thread.currentThread().interrupt();
    boolean stillInterrupted;
    try {
      hang.close();
    } finally {
      stillInterrupted = Thread.interrupted();
    }
    assertThat(stillInterrupted).as("the interrupt is kept for the caller").isTrue();
    assertThat(roundTrip(proxy.endpoint(), 2000)).isEqualTo("ping");
  }

  @Test
  void failuresNameTheProxyAndToxic() {
    ServiceProxy proxy = chaos.proxy(service);
    proxy.inject(Fault.latency(Duration.ofMillis(10)));
    assertThatThrownBy(() -> proxy.inject(Fault.latency(Duration.ofMillis(20))))
        .isInstanceOf(ChaosException.class)
        .hasMessageEndingWith(
            "adding toxic [infraaware_latency_downstream] (latency 20 ms downstream) to proxy"
                + " [echo] failed with HTTP 409: toxic already exists");
  }

  @Test
  @Timeout(30) // a hang detector, not a speed goal: the call gives up after its 300 ms
  void everyCallIsBoundedEvenAgainstAHungServer() throws IOException {
    try (LoopbackServer hung = LoopbackServer.silent()) {
      URI api = URI.create("http://127.0.0.1:" + hung.port());
      assertThatThrownBy(() -> ChaosControl.external(api, Duration.ofMillis(300)))
          .isInstanceOf(ChaosException.class)
          .hasMessageStartingWith("Toxiproxy at [" + api + "]: asking for the version failed")
          .hasRootCauseInstanceOf(java.net.http.HttpTimeoutException.class);
    }
  }

  @Test
  void anExternalServerOnIpv6LoopbackGetsItsProxiesThere() throws IOException {
    try (io.infraaware.toxiproxy.ToxiproxyServer v6 =
            io.infraaware.toxiproxy.ToxiproxyServer.builder().host("::1").start();
        ChaosControl control = ChaosControl.external(v6.uri(), Duration.ofSeconds(5))) {
      assertThat(v6.uri().getHost()).as("URI keeps the brackets").startsWith("[");
      ServiceProxy proxy = control.proxy(service);
      assertThat(java.net.InetAddress.getByName(proxy.endpoint().host()).isLoopbackAddress())
          .isTrue();
      assertThat(proxy.endpoint().host()).contains(":").doesNotContain("[");
      assertThat(roundTrip(proxy.endpoint(), 2000)).isEqualTo("ping");
    }
  }

  @Test
  void closingTheControlDeletesItsProxies() throws IOException {
    ServiceProxy proxy = chaos.proxy(service);
    ServiceEndpoint proxied = proxy.endpoint();
    chaos.close();
    assertThatThrownBy(() -> roundTrip(proxied, 1000)).isInstanceOf(ConnectException.class);
  }

  @Test
  void healGetsThroughOnAnInterruptedThreadAndKeepsTheInterrupt() throws IOException {
    ServiceProxy proxy = chaos.proxy(service);
    ActiveFault slow = proxy.inject(Fault.latency(Duration.ofSeconds(5)));
    proxy.inject(Fault.hang().upstream());
    Thread.currentThread().interrupt();
    boolean interruptedAfter;
    try {
      proxy.heal();
    } finally {
      interruptedAfter = Thread.interrupted();
    }
    assertThat(interruptedAfter).as("the interrupt is kept for the caller").isTrue();
    assertThat(slow.isActive()).isFalse();
    assertThat(proxy.activeFaults()).isEmpty();
    assertThat(roundTrip(proxy.endpoint(), 2000)).isEqualTo("ping");
  }

  @Test
  void anExternalServerCountsTrafficOnlyWhenItServesMetrics() throws IOException {
    try (io.infraaware.toxiproxy.ToxiproxyServer plain =
            io.infraaware.toxiproxy.ToxiproxyServer.builder().start();
        io.infraaware.toxiproxy.ToxiproxyServer counting =
            io.infraaware.toxiproxy.ToxiproxyServer.builder().proxyMetrics(true).start();
        ChaosControl withoutMetrics = ChaosControl.external(plain.uri(), Duration.ofSeconds(5));
        ChaosControl withMetrics = ChaosControl.external(counting.uri(), Duration.ofSeconds(5))) {
      ServiceProxy uncounted = withoutMetrics.proxy(service);
      assertThatThrownBy(uncounted::traffic)
          .isInstanceOf(ChaosException.class)
          .hasMessageContaining("does not serve /metrics")
          .hasMessageContaining("-proxy-metrics");
      assertThat(uncounted.inject(Fault.latency(Duration.ofMillis(1))).trafficSinceInjected())
          .isEmpty();
      ServiceProxy counted = withMetrics.proxy(service);
      assertThat(roundTrip(counted.endpoint(), 2000)).isEqualTo("ping");
      await()
          .atMost(Duration.ofSeconds(2))
          .until(() -> counted.traffic().equals(new TrafficBytes(4, 4)));
    }
  }
}
