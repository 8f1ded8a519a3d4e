package io.infraaware.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.infraaware.docker.internal.DockerAvailability;
import io.infraaware.proxy.ChaosControl;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.testing.LoopbackServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Chaos through the JUnit extension: proxies per class, faults healed after every test. */
class ChaosEngineTests {

  private final LoopbackServer echo = LoopbackServer.echo();
  private final Map<String, String> settings = new HashMap<>();

  ChaosEngineTests() {
    settings.put("infra.mode", "skip");
    settings.put("infra.services.echo.url", "tcp://127.0.0.1:" + echo.port());
  }

  @AfterEach
  void stop() throws IOException {
    echo.close();
  }

  private Events run(Class<?> fixture) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(fixture))
        .configurationParameters(settings)
        .execute()
        .testEvents();
  }

  static String roundTrip(ServiceEndpoint endpoint) throws IOException {
    try (Socket socket = new Socket(endpoint.host(), endpoint.port())) {
      socket.setSoTimeout(2000);
      socket.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readNBytes(4), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void aFaultLeftByAFailingTestIsHealedBeforeTheNextTest() {
    FaultLeakTestCase.observed.clear();
    run(FaultLeakTestCase.class).assertStatistics(stats -> stats.started(2).failed(1).succeeded(1));
    assertThat(FaultLeakTestCase.observed)
        .containsExactly("refused during outage", "pong after heal");
  }

  @Test
  void proxiedServicesHandTheProxyToClients() {
    settings.put("infra.services.echo.proxy", "true");
    ProxiedClientTestCase.seen = null;
    run(ProxiedClientTestCase.class).assertStatistics(stats -> stats.succeeded(1));
    assertThat(ProxiedClientTestCase.seen.port()).isNotEqualTo(echo.port());
  }

  @Test
  void proxiesAreDeletedWhenTheirClassEnds() {
    try (ChaosControl server = ChaosControl.embedded(Optional.empty(), Duration.ofSeconds(5))) {
      settings.put("infra.toxiproxy.url", server.apiUrl().toString());
      ProxiedClientTestCase.seen = null;
      settings.put("infra.services.echo.proxy", "true");
      run(ProxiedClientTestCase.class).assertStatistics(stats -> stats.succeeded(1));
      ServiceEndpoint proxied = ProxiedClientTestCase.seen;
      assertThatThrownBy(() -> roundTrip(proxied)).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void aProxyListensOnThePortTheConfigurationPins() {
    int port = LoopbackServer.closedPort();
    settings.put("infra.services.echo.proxy", "true");
    settings.put("infra.services.echo.proxy-port", Integer.toString(port));
    ProxiedClientTestCase.seen = null;
    run(ProxiedClientTestCase.class).assertStatistics(stats -> stats.succeeded(1));
    assertThat(ProxiedClientTestCase.seen.port()).isEqualTo(port);
  }

  @Test
  void aPinnedProxyPortThatIsTakenFailsNamingTheKey() throws IOException {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      settings.put("infra.services.echo.proxy", "true");
      settings.put("infra.services.echo.proxy-port", Integer.toString(taken.getLocalPort()));
      run(ProxiedClientTestCase.class)
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  finishedWithFailure(
                      message(
                          m ->
                              m.contains(
                                      "infra.services.echo.proxy-port="
                                          + taken.getLocalPort()
                                          + ": Proxy [echo-")
                                  && m.contains(
                                      "cannot listen on port " + taken.getLocalPort())))));
    }
  }

  @Test
  void aProxyPortThatIsNoPortIsAConfigurationError() {
    settings.put("infra.services.echo.proxy", "true");
    settings.put("infra.services.echo.proxy-port", "99999");
    run(ProxiedClientTestCase.class)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(
                        m ->
                            m.contains("infra.services.echo.proxy-port")
                                && m.contains("99999")
                                && m.contains("expected a port from 1 to 65535")))));
  }

  @Test
  void theEmbeddedServerOnATakenPortFailsTheTestsThatNeedProxiesNamingTheKey() throws IOException {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      settings.put("infra.toxiproxy.port", Integer.toString(taken.getLocalPort()));
      settings.put("infra.services.echo.proxy", "true");
      run(ProxiedClientTestCase.class)
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  finishedWithFailure(
                      message(
                          m ->
                              m.contains("Service [toxiproxy]")
                                  && m.contains(
                                      "infra.toxiproxy.port=" + taken.getLocalPort() + ")")))));
    }
  }

  @Test
  void theEmbeddedServerListensOnThePinnedApiPort() {
    int port = LoopbackServer.closedPort();
    settings.put("infra.toxiproxy.port", Integer.toString(port));
    settings.put("infra.services.echo.proxy", "true");
    ApiPortTestCase.port = port;
    ApiPortTestCase.version = null;
    run(ApiPortTestCase.class).assertStatistics(stats -> stats.succeeded(1));
    assertThat(ApiPortTestCase.version).contains("2.12");
  }

  @Test
  void aToxiproxyContainerWithoutDockerSkipsSayingSo() {
    assumeFalse(
        DockerAvailability.system().isAvailable(), "this machine has Docker: nothing to check");
    settings.put("infra.toxiproxy.container", "true");
    run(FaultLeakTestCase.class)
        .assertThatEvents()
        .haveAtLeastOne(
            event(
                skippedWithReason(
                    r ->
                        r.startsWith("Service [toxiproxy] at [a Toxiproxy container (image ")
                            && r.contains(
                                "infra.toxiproxy.container=true, but Docker is not available"
                                    + " here"))));
  }

  @Test
  void anUnreachableExternalToxiproxyIsUnavailableLikeAnyService() {
    int port = LoopbackServer.closedPort();
    settings.put("infra.toxiproxy.url", "http://127.0.0.1:" + port);
    settings.put("infra.toxiproxy.timeout", "500ms");
    settings.put("infra.services.echo.proxy", "true");
    run(ProxiedClientTestCase.class)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                skippedWithReason(
                    r ->
                        r.startsWith(
                                "Service [toxiproxy] at [http://127.0.0.1:"
                                    + port
                                    + "] is unavailable: connection refused")
                            && r.endsWith(
                                "or unset infra.toxiproxy.url to use the embedded server"))));
    settings.put("infra.mode", "require");
    run(ProxiedClientTestCase.class)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(
                        m -> m.contains("[failing instead of skipping: infra.mode=require]")))));
  }

  @Test
  void aTestsOwnEndpointGetsAProxyThatIsHealedAfterTheTestAndDeletedAfterTheClass() {
    OwnEndpointTestCase.observed.clear();
    OwnEndpointTestCase.port = echo.port();
    OwnEndpointTestCase.proxied = null;
    run(OwnEndpointTestCase.class).assertStatistics(stats -> stats.started(2).succeeded(2));
    assertThat(OwnEndpointTestCase.observed)
        .containsExactly("refused during outage", "same proxy, healed: ping");
    assertThatThrownBy(() -> roundTrip(OwnEndpointTestCase.proxied))
        .as("the class's proxy is gone with the class")
        .isInstanceOf(ConnectException.class);
  }

  @InfrastructureAware
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class OwnEndpointTestCase {
    static final List<String> observed = new CopyOnWriteArrayList<>();
    static volatile int port;
    static volatile ServiceEndpoint proxied;

    private static ServiceEndpoint own() {
      return io.infraaware.testing.TestServices.endpoint("own", "tcp://127.0.0.1:" + port);
    }

    @Test
    @Order(1)
    void leavesAnOutage(TestProxies proxies) throws IOException {
      ServiceProxy proxy = proxies.proxy(own());
      proxied = proxy.endpoint();
      proxy.outage();
      try {
        roundTrip(proxy.endpoint());
      } catch (ConnectException refused) {
        observed.add("refused during outage");
      }
    }

    @Test
    @Order(2)
    void findsItHealed(TestProxies proxies) throws IOException {
      ServiceProxy proxy = proxies.proxy(own());
      observed.add(
          (proxy.endpoint().equals(proxied) ? "same proxy, healed: " : "another proxy: ")
              + roundTrip(proxy.endpoint()));
    }
  }

  @InfrastructureAware
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class FaultLeakTestCase {
    static final List<String> observed = new CopyOnWriteArrayList<>();

    @Test
    @Order(1)
    void failsWithAnOutageInForce(@Service("echo") ServiceProxy echo) throws IOException {
      echo.outage();
      try {
        roundTrip(echo.endpoint());
      } catch (ConnectException refused) {
        observed.add("refused during outage");
      }
      throw new IllegalStateException("this test fails and leaves its outage behind");
    }

    @Test
    @Order(2)
    void findsTheProxyHealed(@Service("echo") ServiceProxy echo) throws IOException {
      observed.add(roundTrip(echo.endpoint()).equals("ping") ? "pong after heal" : "wrong echo");
    }
  }

  @InfrastructureAware
  static class ApiPortTestCase {
    static int port;
    static String version;

    @Test
    void asksTheServerOnThePinnedPort(@Service("echo") ServiceEndpoint echo) throws Exception {
      assertThat(roundTrip(echo)).isEqualTo("ping");
      version =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create("http://127.0.0.1:" + port + "/version"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
    }
  }

  static class ProxiedClientTestCase {
    static ServiceEndpoint seen;

    @Test
    void talksThroughTheProxy(@Service("echo") ServiceEndpoint echo) throws IOException {
      seen = echo;
      assertThat(roundTrip(echo)).isEqualTo("ping");
    }
  }
}
