package io.infraaware.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every attribute value the API accepts, up to the largest int64, leaves the data plane working: a
 * huge duration saturates (it holds data until the toxic goes, as Go's timers never fire), nothing
 * spins, nothing closes a connection early, and what the API cannot take is a 400 naming it.
 */
class ToxicRangeTests {

  private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final String MAX = Long.toString(Long.MAX_VALUE);

  private ToxiproxyServer server;
  private DataPlaneTests.Upstream upstream;

  @BeforeEach
  void start() throws IOException {
    server = ToxiproxyServer.builder().seed(3).start();
    upstream = new DataPlaneTests.Upstream();
  }

  @AfterEach
  void stop() throws IOException {
    upstream.close();
    server.close();
  }

  private HttpResponse<String> call(String method, String path, String body)
      throws IOException, InterruptedException {
    return ApiCalls.call(server, method, path, body);
  }

  /** Creates a proxy to the upstream and returns its port. */
  private int proxy(String name) throws Exception {
    HttpResponse<String> created =
        call(
            "POST",
            "/proxies",
            "{\"name\":\""
                + name
                + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
                + upstream.address()
                + "\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    return Integer.parseInt(
        created.body().replaceAll(".*\"listen\":\"127\\.0\\.0\\.1:(\\d+)\".*", "$1"));
  }

  private void toxic(String proxy, String json) throws Exception {
    HttpResponse<String> added = call("POST", "/proxies/" + proxy + "/toxics", json);
    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Asserts that nothing arrives for a while and the connection stays open meanwhile. */
  private static void assertHeld(Socket socket) throws IOException {
    socket.setSoTimeout(500);
    assertThatThrownBy(() -> socket.getInputStream().read())
        .as("held: no data, and not closed or reset")
        .isInstanceOf(SocketTimeoutException.class);
    socket.setSoTimeout(10_000);
  }

  @ParameterizedTest
  @CsvSource({
    "latency, latency, 9223372036854775807",
    "latency, latency, 9300000000000",
    "latency, jitter, 4611686018427387904",
    "latency, jitter, 9223372036854775807",
    "slicer, delay, 9223372036854775807"
  })
  void aHugeDelayHoldsDataUntilTheToxicIsRemoved(String type, String attribute, String value)
      throws Exception {
    int port = proxy("huge");
    // a slicer of single bytes: the first slice goes, the others wait for the delay
    String extra = type.equals("slicer") ? ",\"average_size\":1" : "";
    toxic(
        "huge",
        "{\"name\":\"t\",\"type\":\""
            + type
            + "\",\"attributes\":{\""
            + attribute
            + "\":"
            + value
            + extra
            + "}}");
    try (Socket socket = connect(port)) {
      socket.getOutputStream().write(PING);
      if (type.equals("slicer")) {
        assertThat(socket.getInputStream().read()).isEqualTo('+');
      }
      if (attribute.equals("jitter")) {
        // latency 0 ± a huge jitter: some chunks go at once, most wait; none breaks the connection
        socket.setSoTimeout(500);
        try {
          assertThat(socket.getInputStream().read()).as("passed, not closed").isEqualTo('+');
        } catch (SocketTimeoutException held) {
          // held, as most draws are
        }
      } else {
        assertHeld(socket);
      }
      assertThat(call("DELETE", "/proxies/huge/toxics/t", null).statusCode()).isEqualTo(204);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(PING);
      assertThat(socket.getInputStream().readNBytes(3))
          .as("released when the toxic is removed, and the connection still works")
          .hasSize(3);
    }
  }

  @Test
  void aHugeTimeoutHoldsConnectionsWithoutSpinningOrStallingOthers() throws Exception {
    int held = proxy("held");
    int other = proxy("other");
    toxic("held", "{\"name\":\"t\",\"type\":\"timeout\",\"attributes\":{\"timeout\":" + MAX + "}}");
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        Socket socket = connect(held);
        sockets.add(socket);
        socket.getOutputStream().write(PING);
      }
      assertHeld(sockets.get(0));
      long cpuBefore = loopCpuNanos();
      long wallBefore = System.nanoTime();
      assertHeld(sockets.get(1)); // half a second in which nothing moves
      long cpu = loopCpuNanos() - cpuBefore;
      long wall = System.nanoTime() - wallBefore;
      assertThat(cpu)
          .as("the event loops' CPU time while a huge timeout holds connections: no spinning")
          .isLessThan(wall / 2);
      // every connection of another proxy is served meanwhile
      for (int i = 0; i < 8; i++) {
        try (Socket socket = connect(other)) {
          socket.getOutputStream().write(PING);
          assertThat(socket.getInputStream().readNBytes(7)).hasSize(7);
        }
      }
      assertThat(call("POST", "/reset", null).statusCode()).isEqualTo(204);
      for (Socket socket : sockets) {
        assertThat(socket.getInputStream().read()).as("closed with the timeout").isEqualTo(-1);
      }
      try (Socket socket = connect(held)) {
        socket.getOutputStream().write(PING);
        assertThat(socket.getInputStream().readNBytes(7)).hasSize(7);
      }
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  private static long loopCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("toxiproxy-loop-"))
        .mapToLong(thread -> Math.max(0, threads.getThreadCpuTime(thread.getId())))
        .sum();
  }

  @Test
  void aHugeResetPeerOrSlowCloseNeverGoesOff() throws Exception {
    int port = proxy("never");
    toxic(
        "never",
        "{\"name\":\"rp\",\"type\":\"reset_peer\",\"stream\":\"upstream\",\"attributes\":{\"timeout\":"
            + MAX
            + "}}");
    try (Socket socket = connect(port)) {
      socket.getOutputStream().write(PING);
      assertHeld(socket);
    }
    toxic(
        "never",
        "{\"name\":\"sc\",\"type\":\"slow_close\",\"attributes\":{\"delay\":" + MAX + "}}");
    assertThat(call("DELETE", "/proxies/never/toxics/rp", null).statusCode()).isEqualTo(204);
    try (Socket socket = connect(port)) {
      socket.getOutputStream().write(PING);
      assertThat(socket.getInputStream().readNBytes(7)).hasSize(7);
      upstream.close();
      assertHeld(socket);
      assertThat(call("DELETE", "/proxies/never/toxics/sc", null).statusCode()).isEqualTo(204);
      assertThat(socket.getInputStream().read())
          .as("the close goes on once the slow_close is removed")
          .isEqualTo(-1);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"type\":\"bandwidth\",\"attributes\":{\"rate\":9223372036854775807}}",
        "{\"type\":\"limit_data\",\"attributes\":{\"bytes\":9223372036854775807}}",
        "{\"type\":\"slicer\",\"attributes\":{\"average_size\":9223372036854775807,"
            + "\"size_variation\":9223372036854775807}}",
        "{\"type\":\"slicer\",\"attributes\":{\"average_size\":1,"
            + "\"size_variation\":4611686018427387904}}",
        "{\"type\":\"latency\",\"attributes\":{\"latency\":0,\"jitter\":1}}",
        "{\"type\":\"noop\"}"
      })
  void aHugeRateSizeOrLimitLetsDataThroughWhole(String toxic) throws Exception {
    int port = proxy("wide");
    toxic("wide", toxic);
    toxic("wide", toxic.replace("{\"type\"", "{\"stream\":\"upstream\",\"type\""));
    try (Socket socket = connect(port)) {
      for (int i = 0; i < 3; i++) {
        socket.getOutputStream().write(PING);
        assertThat(new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII))
            .isEqualTo("+PONG\r\n");
      }
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // what Toxiproxy 2.12.0 answers: a number a float32 cannot hold is Go's error, as written
        "{\"type\":\"latency\",\"toxicity\":1e400} | bad request body: json: cannot unmarshal number"
            + " 1e400 into Go struct field ToxicWrapper.toxicity of type float32",
        "{\"type\":\"latency\",\"toxicity\":-1e400} | bad request body: json: cannot unmarshal"
            + " number -1e400 into Go struct field ToxicWrapper.toxicity of type float32",
        "{\"type\":\"latency\",\"toxicity\":1.0000001} | toxicity must be between 0 and 1, was 1.0000001",
        "{\"type\":\"latency\",\"attributes\":{\"latency\":9223372036854775808}} | bad request body:"
            + " json: cannot unmarshal number 9223372036854775808 into Go struct field"
            + " LatencyToxic.attributes.latency of type int64",
        "{\"type\":\"timeout\",\"attributes\":{\"timeout\":1e400}} | bad request body: json: cannot"
            + " unmarshal number 1e400 into Go struct field TimeoutToxic.attributes.timeout of type"
            + " int64"
      })
  void aValueOutsideTheRangeIsRefusedNamingIt(String body, String error) throws Exception {
    proxy("range");
    HttpResponse<String> response = call("POST", "/proxies/range/toxics", body);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("{\"error\":\"" + error + "\",\"status\":400}\n");
    assertThat(call("GET", "/proxies/range/toxics", null).body()).isEqualTo("[]");
  }

  @Test
  void aTinyToxicityIsZero() throws Exception {
    int port = proxy("tiny");
    toxic(
        "tiny",
        "{\"name\":\"t\",\"type\":\"timeout\",\"toxicity\":1e-400,\"attributes\":{\"timeout\":0}}");
    try (Socket socket = connect(port)) {
      socket.getOutputStream().write(PING);
      assertThat(socket.getInputStream().readNBytes(7)).as("never hit").hasSize(7);
    }
  }

  @Test
  void theNoopToxicIsListedAndPassesDataUnchanged() throws Exception {
    int port = proxy("noop");
    HttpResponse<String> added =
        call("POST", "/proxies/noop/toxics", "{\"name\":\"foobar\",\"type\":\"noop\"}");
    assertThat(added.body())
        .isEqualTo(
            "{\"attributes\":{},\"name\":\"foobar\",\"type\":\"noop\",\"stream\":\"downstream\","
                + "\"toxicity\":1}");
    assertThat(call("POST", "/proxies/noop/toxics", "{\"type\":\"noop\"}").body())
        .contains("\"name\":\"noop_downstream\"");
    try (Socket socket = connect(port)) {
      socket.getOutputStream().write(PING);
      assertThat(new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII))
          .isEqualTo("+PONG\r\n");
    }
  }
}
