package io.infraaware.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.infraaware.run.internal.RunSummary;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.testing.LoopbackServer;
import io.infraaware.testing.TestServices;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind's probe against servers made on loopback for the occasion: closed ports, listeners
 * that never answer, close at once or speak another protocol, and fakes of the protocols' refusals.
 * The real services are in {@code ProbeIT}.
 */
class ProbeTests {

  private static final String TIMEOUT = "400ms";

  private final Map<String, String> settings =
      new HashMap<>(Map.of("infra.probe.timeout", TIMEOUT));
  private HttpServer http;

  @AfterEach
  void stopHttp() {
    if (http != null) {
      http.stop(0);
    }
  }

  private ProbeResult probe(String name, String url) {
    settings.put("infra.services." + name + ".url", url);
    return TestServices.probe(settings, name);
  }

  /** One URL per kind; %d is the port. */
  private static final String KINDS =
      "jdbc:postgresql://127.0.0.1:%d/app, PostgreSQL\n"
          + "redis://127.0.0.1:%d, Redis\n"
          + "jdbc:mysql://127.0.0.1:%d/test, MySQL\n"
          + "amqp://127.0.0.1:%d, RabbitMQ\n"
          + "nats://127.0.0.1:%d, NATS\n"
          + "mqtt://127.0.0.1:%d, MQTT\n"
          + "kafka://127.0.0.1:%d, Kafka\n"
          + "http://127.0.0.1:%d, HTTP\n"
          + "ws://127.0.0.1:%d/ws, WebSocket";

  @Test
  void aListeningTcpServiceIsUp() {
    try (LoopbackServer server = LoopbackServer.silent()) {
      ProbeResult result = probe("queue", "tcp://127.0.0.1:" + server.port());
      assertThat(result.status()).isEqualTo(ServiceStatus.UP);
      assertThat(result.diagnosis()).isEmpty();
      assertThat(result.describe())
          .startsWith(
              "Service [queue] at [tcp://127.0.0.1:" + server.port() + "] is up (probed in ");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = ',', textBlock = KINDS)
  void aClosedPortIsRefusedWithAHintToStartTheService(String url, String kind) {
    int port = LoopbackServer.closedPort();
    String concrete = String.format(url, port);
    ProbeResult result = probe("svc", concrete);
    assertThat(result.status()).isEqualTo(ServiceStatus.UNAVAILABLE);
    Diagnosis diagnosis = result.diagnosis().orElseThrow();
    assertThat(diagnosis.code()).isEqualTo(DiagnosisCode.CONNECTION_REFUSED);
    assertThat(diagnosis.detail()).isEqualTo("connecting to 127.0.0.1:" + port + " was refused");
    assertThat(diagnosis.hint())
        .isEqualTo(
            "start "
                + kind
                + " on 127.0.0.1:"
                + port
                + ", or point infra.services.svc.url=["
                + concrete
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
  void aNameThatDoesNotResolveIsANameResolutionFailureWithoutAskingDns() {
    // the test JVMs resolve names through target/test-classes' hosts file only
    // (-Djdk.net.hosts.file), so this name is unknown without a query leaving the machine
    assertThat(System.getProperty("jdk.net.hosts.file")).isNotNull();
    ProbeResult result = probe("db", "jdbc:postgresql://no-such-host.infraaware.test:5432/app");
    assertThat(result.diagnosis().orElseThrow().code())
        .isEqualTo(DiagnosisCode.NAME_RESOLUTION_FAILED);
    assertThat(result.describe()).contains("host [no-such-host.infraaware.test] does not resolve");
  }

  @Test
  void aNameFromTheHostsFileResolves() {
    try (LoopbackServer server = LoopbackServer.silent()) {
      ProbeResult result = probe("queue", "tcp://loopback.infraaware.test:" + server.port());
      assertThat(result.status()).as(result.describe()).isEqualTo(ServiceStatus.UP);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = ',', textBlock = KINDS)
  void aPeerThatNeverAnswersIsHungAfterTheTimeout(String url, String kind) throws IOException {
    try (LoopbackServer hung = LoopbackServer.silent()) {
      ProbeResult result = probe("svc", String.format(url, hung.port()));
      assertThat(result.status()).isEqualTo(ServiceStatus.UNAVAILABLE);
      Diagnosis diagnosis = result.diagnosis().orElseThrow();
      assertThat(diagnosis.code())
          .as(result.describe())
          .isEqualTo(DiagnosisCode.NO_HANDSHAKE_ANSWER);
      assertThat(diagnosis.detail())
          .startsWith("connected to 127.0.0.1:" + hung.port())
          .endsWith("within " + TIMEOUT);
      assertThat(diagnosis.hint())
          .startsWith(kind + " on 127.0.0.1:" + hung.port() + " accepted the connection");
      // the verdict "hung" comes only after the peer was silent for the whole timeout
      assertThat(result.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(350));
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = ',', textBlock = KINDS)
  void aPeerThatClosesAtOnceLooksLikeAProxyWithADeadUpstream(String url, String kind)
      throws IOException {
    try (LoopbackServer closing = LoopbackServer.closing()) {
      ProbeResult result = probe("svc", String.format(url, closing.port()));
      assertThat(result.status()).isEqualTo(ServiceStatus.UNAVAILABLE);
      assertThat(result.diagnosis().orElseThrow().code())
          .as(result.describe())
          .isEqualTo(DiagnosisCode.CONNECTION_CLOSED);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = ',', textBlock = KINDS)
  void anotherProtocolOnThePortIsAMisconfiguration(String url, String kind) throws IOException {
    try (LoopbackServer ssh = LoopbackServer.answering("SSH-2.0-OpenSSH_9.2\r\n")) {
      ProbeResult result = probe("svc", String.format(url, ssh.port()));
      assertThat(result.status()).as(result.describe()).isEqualTo(ServiceStatus.MISCONFIGURED);
      assertThat(result.diagnosis().orElseThrow().code())
          .isEqualTo(DiagnosisCode.PROTOCOL_MISMATCH);
      assertThat(result.diagnosis().orElseThrow().detail())
          .isEqualTo(
              "127.0.0.1:"
                  + ssh.port()
                  + " answered \"SSH-2.0-OpenSSH_9.2\\x0d\\x0a\" (an SSH server) instead of "
                  + kind);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:postgresql://127.0.0.1:%d/app",
        "jdbc:mysql://127.0.0.1:%d/test",
        "amqp://127.0.0.1:%d",
        "nats://127.0.0.1:%d",
        "mqtt://127.0.0.1:%d",
        "kafka://127.0.0.1:%d"
      })
  void aLineServerThatWaitsForALineIsRecognisedNotCalledHung(String url) throws IOException {
    try (LoopbackServer redisLike = LoopbackServer.lineServer()) {
      ProbeResult result = probe("svc", String.format(url, redisLike.port()));
      assertThat(result.diagnosis().orElseThrow().code())
          .as(result.describe())
          .isEqualTo(DiagnosisCode.PROTOCOL_MISMATCH);
      assertThat(result.diagnosis().orElseThrow().detail()).contains("(looks like Redis)");
    }
  }

  @Test
  void postgresAskingForAPasswordThatIsNotConfiguredIsRejected() throws IOException {
    try (LoopbackServer scram = LoopbackServer.serving(ProbeTests::postgresAskingForScram)) {
      settings.put("infra.services.db.username", "app");
      ProbeResult result = probe("db", "jdbc:postgresql://127.0.0.1:" + scram.port() + "/app");
      assertThat(result.diagnosis().orElseThrow().code())
          .as(result.describe())
          .isEqualTo(DiagnosisCode.AUTHENTICATION_REJECTED);
      assertThat(result.diagnosis().orElseThrow().detail())
          .isEqualTo(
              "PostgreSQL at 127.0.0.1:"
                  + scram.port()
                  + " asks user [app] for a password (SCRAM-SHA-256) and none is configured");
    }
  }

  /** Answers SSLRequest with N and the startup message with AuthenticationSASL. */
  private static void postgresAskingForScram(java.net.Socket socket) throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    OutputStream out = socket.getOutputStream();
    int length = in.readInt();
    in.readFully(new byte[length - 4]);
    out.write('N');
    length = in.readInt();
    in.readFully(new byte[length - 4]);
    byte[] mechanism = "SCRAM-SHA-256\0\0".getBytes(StandardCharsets.US_ASCII);
    out.write('R');
    writeInt(out, 8 + mechanism.length);
    writeInt(out, 10);
    out.write(mechanism);
    out.flush();
    in.read();
  }

  @ParameterizedTest
  @CsvSource({
    "4, AUTHENTICATION_REJECTED, rejected the user name or password",
    "5, AUTHENTICATION_REJECTED, says the client is not authorised",
    "3, UNHEALTHY, says the server is unavailable"
  })
  void mqttReturnCodesAreDiagnosed(int returnCode, DiagnosisCode code, String words)
      throws IOException {
    try (LoopbackServer broker =
        LoopbackServer.serving(
            socket -> {
              InputStream in = socket.getInputStream();
              in.read(new byte[256]);
              socket.getOutputStream().write(new byte[] {0x20, 2, 0, (byte) returnCode});
              socket.getOutputStream().flush();
              in.read();
            })) {
      ProbeResult result = probe("mqtt", "mqtt://u:wr0ng@127.0.0.1:" + broker.port());
      assertThat(result.diagnosis().orElseThrow().code()).isEqualTo(code);
      assertThat(result.describe()).contains(words).doesNotContain("wr0ng");
    }
  }

  @Test
  void natsThatRequiresCredentialsRejectsAConnectWithout() throws IOException {
    try (LoopbackServer nats =
        LoopbackServer.serving(
            socket -> {
              OutputStream out = socket.getOutputStream();
              out.write(
                  "INFO {\"server_id\":\"x\",\"version\":\"2.10.1\",\"auth_required\":true}\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
              out.flush();
              socket.getInputStream().read(new byte[1024]);
              out.write("-ERR 'Authorization Violation'\r\n".getBytes(StandardCharsets.US_ASCII));
              out.flush();
              socket.getInputStream().read();
            })) {
      ProbeResult result = probe("events", "nats://127.0.0.1:" + nats.port());
      assertThat(result.diagnosis().orElseThrow().code())
          .isEqualTo(DiagnosisCode.AUTHENTICATION_REJECTED);
      assertThat(result.version()).contains("2.10.1");
      assertThat(result.diagnosis().orElseThrow().detail())
          .contains("'Authorization Violation'")
          .contains("the server requires credentials and none are configured");
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
        "302 | elsewhere                     | MISCONFIGURED | RESOURCE_MISSING",
        "401 | who are you                   | MISCONFIGURED | AUTHENTICATION_REJECTED"
      })
  void httpHealthIsReadFromStatusAndBody(
      int status, String body, ServiceStatus expected, String code) throws IOException {
    startHttp(status, body);
    settings.put("infra.services.backend.health-path", "/health");
    ProbeResult result = probe("backend", "http://127.0.0.1:" + http.getAddress().getPort());
    assertThat(result.status()).as(result.describe()).isEqualTo(expected);
    assertThat(result.diagnosis().map(d -> d.code().name())).isEqualTo(Optional.ofNullable(code));
    if (code != null) {
      assertThat(result.diagnosis().orElseThrow().detail())
          .startsWith(
              "GET http://127.0.0.1:" + http.getAddress().getPort() + "/health answered " + status);
    }
  }

  @Test
  void aTokenInTheHealthPathIsPrintedNowhere() throws IOException {
    startHttp(503, "{\"status\":\"DOWN\"}");
    settings.put("infra.services.backend.health-path", "/health?token=s3cret-t0ken");
    ProbeResult result = probe("backend", "http://127.0.0.1:" + http.getAddress().getPort());
    RunSummary summary = new RunSummary();
    summary.recordProbe(result);
    assertThat(result.describe()).contains("/health?token=****").doesNotContain("s3cret-t0ken");
    assertThat(summary.toJson()).doesNotContain("s3cret-t0ken");
    assertThat(summary.toText()).doesNotContain("s3cret-t0ken");
  }

  @Test
  void aPasswordEqualToTheUserNameIsPrintedNowhere() throws IOException {
    try (LoopbackServer broker =
        LoopbackServer.serving(
            socket -> {
              socket.getInputStream().read(new byte[256]);
              socket.getOutputStream().write(new byte[] {0x20, 2, 0, 4});
              socket.getOutputStream().flush();
            })) {
      ProbeResult result = probe("mqtt", "mqtt://sensor7:sensor7@127.0.0.1:" + broker.port());
      RunSummary summary = new RunSummary();
      summary.recordProbe(result);
      assertThat(result.describe()).doesNotContain("sensor7");
      assertThat(summary.toJson()).doesNotContain("sensor7");
    }
  }

  @Test
  void startingWorkInTheTestJvmDoesNotCountAgainstTheTimeout() throws IOException {
    // a probe whose client takes a second to start (loading, JIT, a busy CPU) between connecting
    // and speaking: with a 300 ms timeout it is still up, and its latency is the peer's alone
    ServiceProbe slowToStart =
        context -> {
          try (ProbeConnection connection = context.connect()) {
            busyFor(Duration.ofSeconds(1));
            connection.send("ping\n", "a ping");
            connection.readLine();
            return context.up(null);
          }
        };
    try (LoopbackServer echo = LoopbackServer.echo();
        ProbeCache cache = fakeCache(slowToStart)) {
      settings.put("infra.probe.timeout", "300ms");
      settings.put("infra.services.echo.url", "tcp://127.0.0.1:" + echo.port());
      ProbeResult result = cache.probe(TestServices.define(settings, "echo"));
      assertThat(result.status()).as(result.describe()).isEqualTo(ServiceStatus.UP);
      assertThat(result.latency()).isLessThan(Duration.ofSeconds(1));
    }
  }

  private static void busyFor(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    long spin = 0;
    while (System.nanoTime() < end) {
      spin++;
    }
    assertThat(spin).isPositive();
  }

  @Test
  void eachServiceIsProbedOncePerCache() throws IOException {
    try (LoopbackServer server = LoopbackServer.silent();
        ProbeCache cache = TestServices.PROVIDERS.probeCache(TestServices.config(settings))) {
      settings.put("infra.services.queue.url", "tcp://127.0.0.1:" + server.port());
      ServiceDefinition queue = TestServices.define(settings, "queue");
      cache.probeAll(List.of(queue, queue));
      cache.probe(queue);
      assertThat(cache.probesStarted()).isEqualTo(1);
      assertThat(cache.results()).hasSize(1);
      // The acceptor thread counts asynchronously: the count must reach one and stay there.
      await()
          .during(Duration.ofMillis(200))
          .atMost(Duration.ofSeconds(5))
          .until(() -> server.accepted() == 1);
    }
  }

  @Test
  void servicesAreProbedConcurrently() {
    CountDownLatch bothStarted = new CountDownLatch(2);
    AtomicInteger calls = new AtomicInteger();
    ServiceProbe waitsForTheOther =
        context -> {
          calls.incrementAndGet();
          bothStarted.countDown();
          if (bothStarted.await(10, TimeUnit.SECONDS)) {
            return context.up(null);
          }
          throw new ProbeFailure(DiagnosisCode.PROBE_FAILED, "alone");
        };
    settings.put("infra.services.a.url", "tcp://127.0.0.1:1");
    settings.put("infra.services.b.url", "tcp://127.0.0.1:2");
    settings.put("infra.probe.timeout", "10s");
    try (ProbeCache cache = fakeCache(waitsForTheOther)) {
      List<ProbeResult> results =
          cache.probeAll(
              List.of(TestServices.define(settings, "a"), TestServices.define(settings, "b")));
      assertThat(results)
          .extracting(ProbeResult::status)
          .containsExactly(ServiceStatus.UP, ServiceStatus.UP);
    }
    assertThat(calls).hasValue(2);
  }

  @Test
  void aProbeThatIgnoresItsTimeoutIsCutOffByTheCache() {
    CountDownLatch never = new CountDownLatch(1);
    ServiceProbe stuck =
        context -> {
          never.await();
          return context.up(null);
        };
    settings.put("infra.services.a.url", "tcp://127.0.0.1:1");
    try (ProbeCache cache =
        new ProbeCache(
            kind -> stuck, (code, service) -> Optional.empty(), Optional.empty(), Duration.ZERO)) {
      ProbeResult result = cache.probe(TestServices.define(settings, "a"));
      assertThat(result.diagnosis().orElseThrow().code())
          .isEqualTo(DiagnosisCode.NO_HANDSHAKE_ANSWER);
      assertThat(result.diagnosis().orElseThrow().detail())
          .isEqualTo(
              "the TCP probe did not finish within 1.6s, although the peer may stay silent only"
                  + " 400ms per exchange: the probe does not bound itself");
    }
  }

  @Test
  void whateverAProbeThrowsBecomesADiagnosis() {
    ServiceProbe broken =
        context -> {
          throw new IllegalStateException("the probe has a bug");
        };
    settings.put("infra.services.a.url", "tcp://127.0.0.1:1");
    try (ProbeCache cache = fakeCache(broken)) {
      ProbeResult result = cache.probe(TestServices.define(settings, "a"));
      assertThat(result.diagnosis().orElseThrow().code()).isEqualTo(DiagnosisCode.PROBE_FAILED);
      assertThat(result.diagnosis().orElseThrow().detail()).isEqualTo("the probe has a bug");
    }
  }

  private static ProbeCache fakeCache(ServiceProbe probe) {
    return new ProbeCache(kind -> probe, (code, service) -> Optional.empty(), Optional.empty());
  }

  private void startHttp(int status, String body) throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/",
        exchange -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          if (status / 100 == 3) {
            exchange.getResponseHeaders().add("Location", "/login");
          }
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    http.start();
  }

  private static void writeInt(OutputStream out, int value) throws IOException {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }
}
