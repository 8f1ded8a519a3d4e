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
        .until(() -> proxy.traffic().equals(new ProxyTraffic(4, 4)));
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
    proxy.hang();
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
    ActiveFault slow = proxy.slow(Duration.ofMillis(10));
    assertThat(slow.manifested()).isFalse();
    assertThat(slow.missedBecause())
        .contains("no traffic crossed proxy [echo] while the fault was on");
    roundTrip(proxy.endpoint(), 2000);
    await().atMost(Duration.ofSeconds(2)).until(slow::manifested);
    assertThat(slow.trafficSinceInjected()).contains(new ProxyTraffic(4, 4));
    slow.close();
    ActiveFault outage = proxy.outage();
    assertThat(outage.manifested()).as("traffic before, refused now").isTrue();
  }

  @Test
  void closingAHandleTwiceIsHarmless() {
    ServiceProxy proxy = chaos.proxy(service);
    ActiveFault slow = proxy.slow(Duration.ofMillis(100));
    slow.close();
    slow.close();
    assertThat(slow.isActive()).isFalse();
  }

  @Test
  void aFaultIsRemovedEvenOnAThreadThatATimeoutHasJustInterrupted() throws IOException {
    ServiceProxy proxy = chaos.proxy(service);
    ActiveFault hang = proxy.hang();
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
    proxy.slow(Duration.ofMillis(10));
    assertThatThrownBy(() -> proxy.slow(Duration.ofMillis(20)))
        .isInstanceOf(ChaosException.class)
        .hasMessageEndingWith(
            "adding toxic [infraaware_latency_downstream] (latency downstream {latency=20, jitter=0}) to proxy [echo]"
                + " failed with HTTP 409: toxic already exists");
  }

  @Test
  void everyCallIsBoundedEvenAgainstAHungServer() throws IOException {
    try (LoopbackServer hung = LoopbackServer.silent()) {
      URI api = URI.create("http://127.0.0.1:" + hung.port());
      long start = System.nanoTime();
      assertThatThrownBy(() -> ChaosControl.external(api, Duration.ofMillis(300)))
          .isInstanceOf(ChaosException.class)
          .hasMessageStartingWith("Toxiproxy at [" + api + "]: asking for the version failed");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
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
  void faultsRefuseNonsense() {
    assertThatThrownBy(() -> Fault.latency(Duration.ofMillis(-1)))
        .hasMessageContaining("cannot be negative");
    assertThatThrownBy(() -> Fault.hang().toxicity(1.5))
        .hasMessageContaining("must be between 0 and 1");
    assertThatThrownBy(() -> Fault.outage().toxicity(0.5)).hasMessageContaining("has no toxicity");
    assertThatThrownBy(() -> Fault.hang().withJitter(Duration.ofMillis(5)))
        .hasMessageContaining("Jitter applies to latency faults");
  }

  @Test
  void durationsAreRoundedUpToToxiproxysMillisecondsNeverDownToZero() {
    assertThat(Fault.timeout(Duration.ofNanos(300_000)).attributes())
        .as("a timeout of 0 would hold the connection forever")
        .containsEntry("timeout", 1L);
    assertThat(Fault.latency(Duration.ofMillis(250)).attributes()).containsEntry("latency", 250L);
    assertThat(Fault.timeout(Duration.ZERO).attributes()).containsEntry("timeout", 0L);
  }
}
