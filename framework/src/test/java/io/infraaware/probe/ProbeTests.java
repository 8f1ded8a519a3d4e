package io.infraaware.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.infraaware.config.ConfigSource;
import io.infraaware.config.InfraConfig;
import io.infraaware.docker.DockerAvailability;
import io.infraaware.probe.internal.Hints;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceKind;
import io.infraaware.testing.LoopbackServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Probes against servers made on loopback for the occasion; the real services are in ProbeIT. */
class ProbeTests {

  private final Map<String, String> settings =
      new HashMap<>(Map.of("infra.probe.timeout", "400ms"));
  private ProbeCache cache;
  private HttpServer http;

  @AfterEach
  void closeEverything() {
    if (cache != null) {
      cache.close();
    }
    if (http != null) {
      http.stop(0);
    }
  }

  private ProbeResult probe(String name, String url) {
    settings.put("infra.services." + name + ".url", url);
    InfraConfig config = InfraConfig.from(ConfigSource.of(settings));
    cache = ProbeCache.create(config);
    return cache.probe(config.service(name));
  }

  @Test
  void aListeningTcpServiceIsUp() throws IOException {
    try (LoopbackServer server = LoopbackServer.silent()) {
      ProbeResult result = probe("queue", "tcp://127.0.0.1:" + server.port());
      assertThat(result.status()).isEqualTo(ServiceStatus.UP);
      assertThat(result.diagnosis()).isEmpty();
      assertThat(result.describe())
          .startsWith(
              "Service [queue] at [tcp://127.0.0.1:" + server.port() + "] is up (probed in ");
    }
  }

  @Test
  void aClosedPortIsRefusedWithAHintToStartTheService() {
    int port = LoopbackServer.closedPort();
    ProbeResult result = probe("cache", "redis://127.0.0.1:" + port);
    assertThat(result.status()).isEqualTo(ServiceStatus.UNAVAILABLE);
    Diagnosis diagnosis = result.diagnosis().orElseThrow();
    assertThat(diagnosis.code()).isEqualTo(DiagnosisCode.CONNECTION_REFUSED);
    assertThat(diagnosis.detail()).isEqualTo("connecting to 127.0.0.1:" + port + " was refused");
    assertThat(diagnosis.hint())
        .isEqualTo(
            "start Redis on 127.0.0.1:"
                + port
                + ", or point infra.services.cache.url=[redis://127.0.0.1:"
                + port
                + "] at a running one");
  }

  @Test
  void theComposeServiceIsNamedWhenAComposeFileIsConfigured() {
    settings.put("infra.compose.file", "docker-compose.yml");
    settings.put("infra.services.cache.compose-service", "redis");
    ProbeResult result = probe("cache", "redis://127.0.0.1:" + LoopbackServer.closedPort());
    assertThat(result.diagnosis().orElseThrow().hint())
        .contains("(docker compose -f docker-compose.yml up -d redis)");
  }

  @Test
  void anUnresolvableHostIsANameResolutionFailure() {
    ProbeResult result = probe("db", "jdbc:postgresql://no-such-host.invalid:5432/app");
    assertThat(result.diagnosis().orElseThrow().code())
        .isEqualTo(DiagnosisCode.NAME_RESOLUTION_FAILED);
    assertThat(result.describe()).contains("host [no-such-host.invalid] does not resolve");
  }

  @ParameterizedTest
  @CsvSource({
    "redis://127.0.0.1:%d, Redis",
    "jdbc:postgresql://127.0.0.1:%d/app, PostgreSQL",
    "http://127.0.0.1:%d, HTTP",
    "ws://127.0.0.1:%d/ws, WebSocket"
  })
  void aPeerThatNeverAnswersIsHungAndCostsOneTimeout(String url, String kind) throws IOException {
    try (LoopbackServer hung = LoopbackServer.silent()) {
      ProbeResult result = probe("svc", String.format(url, hung.port()));
      assertThat(result.status()).isEqualTo(ServiceStatus.UNAVAILABLE);
      assertThat(result.diagnosis().orElseThrow().code())
          .isEqualTo(DiagnosisCode.NO_HANDSHAKE_ANSWER);
      assertThat(result.diagnosis().orElseThrow().detail())
          .contains("no answer to a " + kind + " hello");
      assertThat(result.elapsed()).isBetween(Duration.ofMillis(350), Duration.ofMillis(2000));
    }
  }

  @Test
  void aPeerThatClosesAtOnceLooksLikeAProxyWithADeadUpstream() throws IOException {
    try (LoopbackServer closing = LoopbackServer.closing()) {
      ProbeResult result = probe("db", "jdbc:postgresql://127.0.0.1:" + closing.port() + "/app");
      assertThat(result.status()).isEqualTo(ServiceStatus.UNAVAILABLE);
      assertThat(result.diagnosis().orElseThrow().code())
          .isEqualTo(DiagnosisCode.CONNECTION_CLOSED);
    }
  }

  @Test
  void anotherProtocolOnThePortIsAMisconfiguration() throws IOException {
    try (LoopbackServer ssh = LoopbackServer.answering("SSH-2.0-OpenSSH_9.2\r\n")) {
      ProbeResult result = probe("cache", "redis://127.0.0.1:" + ssh.port());
      assertThat(result.status()).isEqualTo(ServiceStatus.MISCONFIGURED);
      assertThat(result.diagnosis().orElseThrow().code())
          .isEqualTo(DiagnosisCode.PROTOCOL_MISMATCH);
      assertThat(result.diagnosis().orElseThrow().detail())
          .isEqualTo(
              "127.0.0.1:"
                  + ssh.port()
                  + " answered \"SSH-2.0-OpenSSH_9.2\\x0d\\x0a\" (an SSH server) instead of Redis");
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "200 | {\"status\":\"UP\"}           | UP          |",
        "200 | ok                            | UP          |",
        "200 | {\"status\":\"DEGRADED\"}     | DEGRADED    | DEGRADED",
        "200 | {\"status\":\"DOWN\"}         | UNAVAILABLE | UNHEALTHY",
        "503 | {\"status\":\"DOWN\"}         | UNAVAILABLE | UNHEALTHY",
        "404 | not found                     | MISCONFIGURED | RESOURCE_MISSING",
        "401 | who are you                   | MISCONFIGURED | AUTHENTICATION_REJECTED"
      })
  void httpHealthIsReadFromStatusAndBody(
      int status, String body, ServiceStatus expected, String code) throws IOException {
    startHttp(status, body);
    settings.put("infra.services.backend.health-path", "/health");
    ProbeResult result = probe("backend", "http://127.0.0.1:" + http.getAddress().getPort());
    assertThat(result.status()).isEqualTo(expected);
    assertThat(result.diagnosis().map(d -> d.code().name())).isEqualTo(Optional.ofNullable(code));
    if (code != null) {
      assertThat(result.diagnosis().orElseThrow().detail())
          .startsWith(
              "GET http://127.0.0.1:" + http.getAddress().getPort() + "/health answered " + status);
    }
  }

  @Test
  void eachServiceIsProbedOncePerCache() throws IOException {
    try (LoopbackServer server = LoopbackServer.silent()) {
      settings.put("infra.services.queue.url", "tcp://127.0.0.1:" + server.port());
      InfraConfig config = InfraConfig.from(ConfigSource.of(settings));
      cache = ProbeCache.create(config);
      ServiceDefinition queue = config.service("queue");
      cache.probeAll(List.of(queue, queue));
      cache.probe(queue);
      assertThat(cache.probesStarted()).isEqualTo(1);
      assertThat(cache.results()).hasSize(1);
      // The acceptor thread counts asynchronously: the count must reach one and stay there.
      await()
          .during(Duration.ofMillis(200))
          .atMost(Duration.ofSeconds(3))
          .until(() -> server.accepted() == 1);
    }
  }

  @Test
  void servicesAreProbedConcurrently() throws InterruptedException {
    CountDownLatch bothStarted = new CountDownLatch(2);
    AtomicInteger calls = new AtomicInteger();
    ServiceProbe waitsForTheOther =
        service -> {
          calls.incrementAndGet();
          bothStarted.countDown();
          try {
            boolean together = bothStarted.await(5, java.util.concurrent.TimeUnit.SECONDS);
            return together
                ? ProbeResult.up(service, Duration.ZERO, null)
                : ProbeResult.diagnosed(
                    service,
                    Duration.ZERO,
                    null,
                    new Diagnosis(DiagnosisCode.PROBE_FAILED, "alone", ""));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        };
    settings.put("infra.services.a.url", "tcp://127.0.0.1:1");
    settings.put("infra.services.b.url", "tcp://127.0.0.1:2");
    settings.put("infra.probe.timeout", "10s");
    InfraConfig config = InfraConfig.from(ConfigSource.of(settings));
    cache = fakeCache(waitsForTheOther, DockerAvailability.using(() -> false));
    List<ProbeResult> results = cache.probeAll(List.of(config.service("a"), config.service("b")));
    assertThat(results)
        .extracting(ProbeResult::status)
        .containsExactly(ServiceStatus.UP, ServiceStatus.UP);
    assertThat(calls).hasValue(2);
  }

  @Test
  void aProbeThatIgnoresItsTimeoutIsCutOffByTheCache() {
    CountDownLatch never = new CountDownLatch(1);
    ServiceProbe stuck =
        service -> {
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return ProbeResult.up(service, Duration.ZERO, null);
        };
    settings.put("infra.services.a.url", "tcp://127.0.0.1:1");
    InfraConfig config = InfraConfig.from(ConfigSource.of(settings));
    cache = fakeCache(stuck, DockerAvailability.using(() -> false));
    ProbeResult result = cache.probe(config.service("a"));
    assertThat(result.diagnosis().orElseThrow().code())
        .isEqualTo(DiagnosisCode.NO_HANDSHAKE_ANSWER);
    assertThat(result.diagnosis().orElseThrow().detail())
        .isEqualTo("the probe did not finish within 400ms");
  }

  @Test
  void aConfiguredImageExplainsWhyItWasNotStarted() {
    settings.put(
        "infra.services.db.url",
        "jdbc:postgresql://127.0.0.1:" + LoopbackServer.closedPort() + "/app");
    settings.put("infra.services.db.image", "postgres:16");
    InfraConfig config = InfraConfig.from(ConfigSource.of(settings));
    Hints hints = new Hints(Optional.empty());
    Map<ServiceKind, ServiceProbe> probes = new EnumMap<>(ServiceKind.class);
    probes.put(ServiceKind.POSTGRES, new io.infraaware.probe.internal.PostgresProbe(hints));
    cache = new ProbeCache(probes, hints, DockerAvailability.using(() -> false));
    ProbeResult result = cache.probe(config.service("db"));
    assertThat(result.diagnosis().orElseThrow().hint())
        .endsWith(
            "Docker is not available here (Testcontainers found no Docker environment), so image [postgres:16] from infra.services.db.image was not started");
  }

  private ProbeCache fakeCache(ServiceProbe probe, DockerAvailability docker) {
    Map<ServiceKind, ServiceProbe> probes = new EnumMap<>(ServiceKind.class);
    probes.put(ServiceKind.TCP, probe);
    return new ProbeCache(probes, new Hints(Optional.empty()), docker);
  }

  private void startHttp(int status, String body) throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/",
        exchange -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    http.start();
  }
}
