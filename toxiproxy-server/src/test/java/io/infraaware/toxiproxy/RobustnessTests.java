package io.infraaware.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Integrity under concurrency, nothing left behind, and bad input answered without harm. */
class RobustnessTests {

  private ToxiproxyServer server;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private ServerSocket echo;

  @BeforeEach
  void start() throws IOException {
    server = ToxiproxyServer.builder().start();
    echo = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!echo.isClosed()) {
                try {
                  Socket connection = echo.accept();
                  Thread echoing = new Thread(() -> echo(connection));
                  echoing.setDaemon(true);
                  echoing.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static void echo(Socket connection) {
    byte[] buffer = new byte[16384];
    try (connection) {
      int n;
      while ((n = connection.getInputStream().read(buffer)) >= 0) {
        connection.getOutputStream().write(buffer, 0, n);
      }
    } catch (IOException e) {
      // closed by the proxy
    }
  }

  @AfterEach
  void stop() throws IOException {
    echo.close();
    server.close();
  }

  private HttpResponse<String> call(String method, String path, String body)
      throws IOException, InterruptedException {
    return ApiCalls.call(server, method, path, body);
  }

  private int createProxy(String name) throws IOException, InterruptedException {
    String body =
        call(
                "POST",
                "/proxies",
                "{\"name\":\""
                    + name
                    + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:"
                    + echo.getLocalPort()
                    + "\"}")
            .body();
    return Integer.parseInt(body.replaceAll(".*\"listen\":\"127\\.0\\.0\\.1:(\\d+)\".*", "$1"));
  }

  @Test
  void concurrentConnectionsArriveByteForByteBothWays() throws Exception {
    int port = createProxy("integrity");
    ExecutorService clients = Executors.newFixedThreadPool(16);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      long seed = i;
      results.add(
          clients.submit(
              () -> {
                byte[] payload = new byte[256 * 1024];
                new Random(seed).nextBytes(payload);
                try (Socket socket = new Socket("127.0.0.1", port)) {
                  socket.setSoTimeout(10_000);
                  Thread writer =
                      new Thread(
                          () -> {
                            try {
                              socket.getOutputStream().write(payload);
                            } catch (IOException e) {
                              // the read below fails too
                            }
                          });
                  writer.start();
                  byte[] back = socket.getInputStream().readNBytes(payload.length);
                  writer.join();
                  return crc(back) == crc(payload);
                }
              }));
    }
    for (Future<Boolean> result : results) {
      assertThat(result.get()).isTrue();
    }
    clients.shutdown();
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  @Test
  void thousandsOfConnectionsAndAResetLeaveNothingBehind() throws Exception {
    long fdsBefore = openFiles();
    // the API's own thread (toxiproxy-api) and the event loops (toxiproxy-loop-N, started with the
    // first connection) live as long as the server: left out
    long threadsBefore =
        threadsNamed("toxiproxy-")
            - threadsNamed("toxiproxy-api")
            - threadsNamed("toxiproxy-loop-");
    int port = createProxy("churn");
    // the accept loop names its thread when it starts, a moment after the proxy is created
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(threadsNamed("toxiproxy-accept-churn")).isOne());
    for (int i = 0; i < 2000; i++) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.getOutputStream().write(1);
        assertThat(socket.getInputStream().read()).isEqualTo(1);
      }
    }
    List<Socket> open = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Socket socket = new Socket("127.0.0.1", port);
      open.add(socket);
      socket.getOutputStream().write(1);
      assertThat(socket.getInputStream().read()).isEqualTo(1);
    }
    assertThat(call("POST", "/proxies/churn/toxics", "{\"type\":\"timeout\"}").statusCode())
        .isEqualTo(200);
    assertThat(call("POST", "/reset", null).statusCode()).isEqualTo(204);
    for (Socket socket : open) {
      assertThat(socket.getInputStream().read()).as("held by the removed timeout").isEqualTo(-1);
      socket.close();
    }
    assertThat(call("DELETE", "/proxies/churn", null).statusCode()).isEqualTo(204);
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(threadsNamed("toxiproxy-accept-churn")).isZero();
              assertThat(
                      threadsNamed("toxiproxy-")
                          - threadsNamed("toxiproxy-api")
                          - threadsNamed("toxiproxy-loop-"))
                  .as("data-plane threads, now %s", threadNames())
                  .isLessThanOrEqualTo(threadsBefore);
              assertThat(threadsNamed("toxiproxy-loop-"))
                  .as("event loops, one per core at most")
                  .isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors());
              assertThat(openFiles()).isLessThanOrEqualTo(fdsBefore + 5);
            });
  }

  private static List<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
  }

  private static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix))
        .count();
  }

  private static long openFiles() throws IOException {
    try (var files = Files.list(Path.of("/proc/self/fd"))) {
      return files.count();
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"type\":\"latency\",\"attributes\":{\"latency\":-5}} | attribute latency of a latency toxic cannot be negative, was -5",
        "{\"type\":\"latency\",\"toxicity\":1.5} | toxicity must be between 0 and 1, was 1.5",
        "{\"type\":\"latency\",\"toxicity\":-0.1} | toxicity must be between 0 and 1, was -0.1",
        "{\"type\":\"latency\",\"attributes\":{\"latency\":1.5}} | bad request body: json: cannot unmarshal number 1.5 into Go struct field LatencyToxic.attributes.latency of type int64",
        "{\"type\":\"earthquake\"} | invalid toxic type"
      })
  void badToxicsAreRefusedAndTheServerKeepsServing(String body, String error) throws Exception {
    createProxy("bad");
    HttpResponse<String> response = call("POST", "/proxies/bad/toxics", body);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("{\"error\":\"" + error + "\",\"status\":400}\n");
    assertThat(call("GET", "/proxies/bad/toxics", null).body()).isEqualTo("[]");
  }

  @Test
  void aHugeBodyIsRefusedAndTheServerKeepsServing() throws Exception {
    String huge = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
    HttpResponse<String> response = call("POST", "/proxies", huge);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("request body too large");
    assertThat(call("GET", "/version", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aConfigFileCreatesItsProxiesAtStart(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("proxies.json");
    Files.writeString(
        config,
        "[{\"name\":\"redis\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:"
            + echo.getLocalPort()
            + "\"}]");
    try (ToxiproxyServer configured = ToxiproxyServer.builder().config(config).start()) {
      String index =
          http.send(
                  HttpRequest.newBuilder(URI.create(configured.uri() + "/proxies")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(index).startsWith("{\"redis\":{\"name\":\"redis\"").contains("\"enabled\":true");
    }
  }

  @Test
  void closingTheServerStopsItsListenersAndThreads() throws Exception {
    int port = createProxy("closing");
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(1);
      InputStream in = socket.getInputStream();
      assertThat(in.read()).isEqualTo(1);
      server.close();
      assertThat(in.read()).isEqualTo(-1);
    }
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(threadsNamed("toxiproxy-")).as("threads %s", threadNames()).isZero());
  }

  @Test
  void aPortTakenByAnotherProgramIsToxiproxysListenError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String listen = "127.0.0.1:" + taken.getLocalPort();
      HttpResponse<String> response =
          call(
              "POST",
              "/proxies",
              "{\"name\":\"busy\",\"listen\":\"" + listen + "\",\"upstream\":\"127.0.0.1:1\"}");
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.headers().firstValue("Content-Type"))
          .contains("text/plain; charset=utf-8");
      assertThat(response.body())
          .isEqualTo(
              "{\"error\":\"listen tcp "
                  + listen
                  + ": bind: address already in use\",\"status\":500}\n");
    }
    assertThat(call("GET", "/proxies", null).body()).isEqualTo("{}");
  }

  @Test
  void anUpdateOutsideTheRangeIsRefusedAndChangesNothing() throws Exception {
    createProxy("upd");
    call("POST", "/proxies/upd/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":5}}");
    HttpResponse<String> response =
        call("PATCH", "/proxies/upd/toxics/latency_downstream", "{\"toxicity\":2}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .isEqualTo("{\"error\":\"toxicity must be between 0 and 1, was 2\",\"status\":400}\n");
    response =
        call(
            "PATCH",
            "/proxies/upd/toxics/latency_downstream",
            "{\"attributes\":{\"latency\":\"slow\"}}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .isEqualTo(
            "{\"error\":\"bad request body: json: cannot unmarshal string into Go struct field"
                + " LatencyToxic.attributes.latency of type int64\",\"status\":400}\n");
    assertThat(call("GET", "/proxies/upd/toxics/latency_downstream", null).body())
        .isEqualTo(
            "{\"attributes\":{\"latency\":5,\"jitter\":0},\"name\":\"latency_downstream\","
                + "\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":1}");
  }

  @Test
  void aHugeToxicBodyIsRefusedAndTheProxyKeepsWorking() throws Exception {
    int port = createProxy("big");
    HttpResponse<String> response =
        call("POST", "/proxies/big/toxics", "{\"name\":\"" + "y".repeat(3 << 20) + "\"}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .isEqualTo(
            "{\"error\":\"bad request body: http: request body too large\",\"status\":400}\n");
    assertThat(call("GET", "/proxies/big/toxics", null).body()).isEqualTo("[]");
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(7);
      assertThat(socket.getInputStream().read()).isEqualTo(7);
    }
  }
}
