package io.infraaware.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The effect of each toxic on the wire, through the official toxiproxy-java client, against an
 * upstream on loopback that answers every request with a fixed reply.
 */
class DataPlaneTests {

  private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

  private ToxiproxyServer server;
  private ToxiproxyClient client;
  private Upstream upstream;
  private Proxy proxy;

  /**
   * Answers each chunk it reads with {@code reply}; or streams {@code reply} once per connection.
   */
  static final class Upstream implements AutoCloseable {
    final ServerSocket socket;
    final List<Socket> accepted = new CopyOnWriteArrayList<>();
    volatile byte[] reply = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);

    Upstream() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(this::accept, "upstream-" + socket.getLocalPort());
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket connection = socket.accept();
          accepted.add(connection);
          Thread serving = new Thread(() -> serve(connection));
          serving.setDaemon(true);
          serving.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket connection) {
      byte[] buffer = new byte[8192];
      try (connection) {
        InputStream in = connection.getInputStream();
        while (in.read(buffer) >= 0) {
          connection.getOutputStream().write(reply);
          connection.getOutputStream().flush();
        }
      } catch (IOException e) {
        // the proxy closed the connection
      }
    }

    String address() {
      return "127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket connection : accepted) {
        connection.close();
      }
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = ToxiproxyServer.builder().seed(7).start();
    client = new ToxiproxyClient("127.0.0.1", server.port());
    upstream = new Upstream();
    proxy = client.createProxy("b", "127.0.0.1:0", upstream.address());
  }

  @AfterEach
  void stop() throws IOException {
    upstream.close();
    server.close();
  }

  private int proxyPort() {
    return Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", proxyPort());
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    return socket;
  }

  /** Sends PING and reads {@code expected} bytes; returns the elapsed milliseconds. */
  private long ping(Socket socket, int expected) throws IOException {
    long start = System.nanoTime();
    socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
    byte[] reply = socket.getInputStream().readNBytes(expected);
    assertThat(reply).hasSize(expected);
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void withoutToxicsBytesPassUnchanged() throws IOException {
    try (Socket socket = connect()) {
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII))
          .isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void latencyDelaysEachAnswerByTheLatencyInEitherDirection() throws IOException {
    try (Socket socket = connect()) {
      ping(socket, 7);
      proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 1000);
      long downstream = ping(socket, 7);
      proxy.toxics().get("slow").remove();
      proxy.toxics().latency("slow-up", ToxicDirection.UPSTREAM, 1000);
      long upstreamDelay = ping(socket, 7);
      proxy.toxics().get("slow-up").remove();
      long after = ping(socket, 7);
      assertThat(downstream).isGreaterThanOrEqualTo(1000L);
      assertThat(upstreamDelay).isGreaterThanOrEqualTo(1000L);
      assertThat(after)
          .as("lifted as soon as removed, on the same connection: well under the 1 s latency")
          .isLessThan(1000L);
    }
  }

  @Test
  void removingAToxicOfOneDirectionLeavesTheOtherDirectionsDelays() throws IOException {
    proxy.toxics().latency("slow-up", ToxicDirection.UPSTREAM, 1000);
    proxy.toxics().latency("other-down", ToxicDirection.DOWNSTREAM, 10);
    try (Socket socket = connect()) {
      long start = System.nanoTime();
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      // the request is held upstream for a second (read by the proxy, not yet sent on); a
      // downstream toxic goes meanwhile
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> server.traffic(proxy.getName()).orElseThrow().receivedUpstream() >= 6);
      proxy.toxics().get("other-down").remove();
      byte[] reply = socket.getInputStream().readNBytes(7);
      assertThat(reply).hasSize(7);
      assertThat((System.nanoTime() - start) / 1_000_000)
          .as("the upstream latency still applies to the request it was holding")
          .isGreaterThanOrEqualTo(1000L);
    }
  }

  @Test
  void removingALatencyToxicReleasesWhatItIsHoldingBack() throws IOException {
    proxy.toxics().latency("long", ToxicDirection.DOWNSTREAM, 60_000);
    try (Socket socket = connect()) {
      socket.setSoTimeout(20_000);
      long start = System.nanoTime();
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      // the upstream answers as soon as it has the request: then the reply is in the toxic's hold
      await().atMost(Duration.ofSeconds(10)).until(() -> upstream.accepted.size() == 1);
      proxy.toxics().get("long").remove();
      assertThat(new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII))
          .isEqualTo("+PONG\r\n");
      assertThat((System.nanoTime() - start) / 1_000_000)
          .as("released with the toxic, well before its 60 s")
          .isLessThan(30_000L);
    }
  }

  @Test
  void toxicityZeroLeavesConnectionsAlone() throws IOException {
    proxy.toxics().latency("never", ToxicDirection.DOWNSTREAM, 10_000).setToxicity(0f);
    try (Socket socket = connect()) {
      socket.setSoTimeout(20_000);
      assertThat(ping(socket, 7)).as("well under the 10 s latency").isLessThan(5_000L);
    }
  }

  @Test
  void bandwidthLimitsTheRate() throws IOException {
    upstream.reply = new byte[20_000];
    proxy.toxics().bandwidth("narrow", ToxicDirection.DOWNSTREAM, 10);
    try (Socket socket = connect()) {
      long millis = ping(socket, 20_000);
      // 20 000 bytes at 10 KB/s (10 000 bytes per second): about 2 s
      assertThat(millis).isGreaterThanOrEqualTo(1700L);
    }
  }

  @Test
  void bandwidthAlsoPacesManySmallReplies() throws IOException {
    // Each 500-byte reply is one chunk, smaller than the 100 ms slice the toxic cuts big chunks
    // into: every one of them still needs its 50 ms at 10 KB/s.
    upstream.reply = new byte[500];
    proxy.toxics().bandwidth("narrow", ToxicDirection.DOWNSTREAM, 10);
    try (Socket socket = connect()) {
      long millis = 0;
      for (int i = 0; i < 30; i++) {
        millis += ping(socket, 500);
      }
      // 15 000 bytes at 10 000 bytes per second: each reply waits its 50 ms, 1.5 s in all
      assertThat(millis).isGreaterThanOrEqualTo(1480L);
    }
  }

  @Test
  void aShortLatencyAfterALongOneWasRemovedIsNotHeldBackByTheOldTimer() throws IOException {
    try (Socket socket = connect()) {
      socket.setSoTimeout(40_000);
      proxy.toxics().latency("long", ToxicDirection.DOWNSTREAM, 30_000);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      await().atMost(Duration.ofSeconds(10)).until(() -> upstream.accepted.size() == 1);
      proxy.toxics().get("long").remove();
      assertThat(socket.getInputStream().readNBytes(7)).hasSize(7);
      proxy.toxics().latency("short", ToxicDirection.DOWNSTREAM, 100);
      assertThat(ping(socket, 7))
          .as("the 100 ms of the new toxic, not the rest of the removed one's 30 s")
          .isGreaterThanOrEqualTo(100L)
          .isLessThan(15_000L);
    }
  }

  @Test
  void aSeededServerDecidesToxicityAlikeConnectionByConnectionHoweverTheyInterleave()
      throws Exception {
    List<Boolean> first = hitUnderSeed(21);
    assertThat(hitUnderSeed(21)).as("the same seed, the same connections").isEqualTo(first);
    assertThat(hitUnderSeed(22)).as("another seed, other connections").isNotEqualTo(first);
  }

  /**
   * Which of 12 connections a half-toxic {@code limit_data 0} hits (closed before any byte of the
   * answer), when they are opened in order and then used all at once, so that their first data
   * reaches the server in no particular order.
   */
  private List<Boolean> hitUnderSeed(long seed) throws Exception {
    try (ToxiproxyServer seeded = ToxiproxyServer.builder().seed(seed).start()) {
      ToxiproxyClient seededClient = new ToxiproxyClient("127.0.0.1", seeded.port());
      Proxy cut = seededClient.createProxy("cut", "127.0.0.1:0", upstream.address());
      cut.toxics().limitData("half", ToxicDirection.DOWNSTREAM, 0);
      cut.toxics().get("half").setToxicity(0.5f);
      int port = Integer.parseInt(cut.getListen().substring(cut.getListen().lastIndexOf(':') + 1));
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < 12; i++) {
          Socket socket = new Socket("127.0.0.1", port);
          socket.setSoTimeout(10_000);
          sockets.add(socket); // the server numbers connections in the order it accepts them
        }
        List<java.util.concurrent.Future<Boolean>> answers = new ArrayList<>();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
          for (Socket socket : sockets) {
            answers.add(
                pool.submit(
                    () -> {
                      socket.getOutputStream().write(PING);
                      return socket.getInputStream().readNBytes(7).length < 7;
                    }));
          }
          List<Boolean> hit = new ArrayList<>();
          for (var answer : answers) {
            hit.add(answer.get(30, java.util.concurrent.TimeUnit.SECONDS));
          }
          assertThat(hit).as("some hit, some spared").contains(true, false);
          return hit;
        } finally {
          pool.shutdownNow();
        }
      } finally {
        for (Socket socket : sockets) {
          socket.close();
        }
      }
    }
  }

  @Test
  void aTimeoutOfZeroHoldsTheConnectionSilentUntilRemovedThenClosesIt() throws IOException {
    proxy.toxics().timeout("hang", ToxicDirection.DOWNSTREAM, 0);
    try (Socket socket = connect()) {
      socket.setSoTimeout(700);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      proxy.toxics().get("hang").remove();
      socket.setSoTimeout(10_000);
      // Toxiproxy's cleanup closes what a timeout held: the reply it swallowed is gone for good
      assertThat(socket.getInputStream().read()).as("EOF once the toxic is removed").isEqualTo(-1);
    }
    try (Socket fresh = connect()) {
      ping(fresh, 7);
    }
  }

  @Test
  void aTimeoutClosesTheConnectionAfterItsTime() throws IOException {
    proxy.toxics().timeout("to", ToxicDirection.DOWNSTREAM, 400);
    try (Socket socket = connect()) {
      long start = System.nanoTime();
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(socket.getInputStream().read()).as("EOF, no data").isEqualTo(-1);
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(380L);
    }
  }

  @Test
  void resetPeerResetsTheConnection() throws IOException {
    proxy.toxics().resetPeer("rst", ToxicDirection.DOWNSTREAM, 0);
    try (Socket socket = connect()) {
      assertThatThrownBy(
              () -> {
                socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getInputStream().read();
              })
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
    }
  }

  @Test
  void limitDataCutsAfterExactlyThatManyBytes() throws IOException {
    proxy.toxics().limitData("cut", ToxicDirection.DOWNSTREAM, 5);
    try (Socket socket = connect()) {
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] all = socket.getInputStream().readAllBytes();
      assertThat(new String(all, StandardCharsets.US_ASCII)).isEqualTo("+PONG");
    }
  }

  @Test
  void slicerDeliversInSmallPiecesWithPauses() throws IOException {
    proxy.toxics().slicer("slices", ToxicDirection.DOWNSTREAM, 1, 20_000);
    try (Socket socket = connect()) {
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      List<Integer> reads = new ArrayList<>();
      int total = 0;
      long start = System.nanoTime();
      byte[] buffer = new byte[64];
      while (total < 7) {
        int n = in.read(buffer);
        reads.add(n);
        total += n;
      }
      assertThat(reads).as("one byte at a time").allMatch(n -> n == 1).hasSize(7);
      assertThat((System.nanoTime() - start) / 1_000_000)
          .as("6 pauses of 20 ms")
          .isGreaterThanOrEqualTo(100L);
    }
  }

  @Test
  void slowCloseDelaysTheClose() throws IOException {
    proxy.toxics().slowClose("late", ToxicDirection.DOWNSTREAM, 400);
    try (Socket socket = connect()) {
      ping(socket, 7);
      long start = System.nanoTime();
      upstream.close();
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(380L);
    }
  }

  @Test
  void disablingRefusesNewConnectionsAndDropsLiveOnes() throws IOException {
    try (Socket live = connect()) {
      ping(live, 7);
      proxy.disable();
      assertThat(live.getInputStream().read()).as("the live connection is closed").isEqualTo(-1);
      assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
      proxy.enable();
      try (Socket again = connect()) {
        ping(again, 7);
      }
    }
  }

  @Test
  void aNewUpstreamClosesLiveConnectionsAndTakesTheNewOnes() throws IOException {
    try (Upstream other = new Upstream();
        Socket live = connect()) {
      other.reply = "+OTHER\r\n".getBytes(StandardCharsets.US_ASCII);
      ping(live, 7);
      proxy.setUpstream(other.address());
      assertThat(live.getInputStream().read()).as("the live connection is closed").isEqualTo(-1);
      try (Socket fresh = connect()) {
        fresh.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(fresh.getInputStream().readNBytes(8), StandardCharsets.US_ASCII))
            .isEqualTo("+OTHER\r\n");
      }
    }
  }

  @Test
  void removingToxicsUnderHeavyTrafficNeverBlocksTheApi() throws Exception {
    upstream.reply = new byte[64 * 1024];
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> load = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread thread =
          new Thread(
              () -> {
                try (Socket socket = connect()) {
                  for (int n = 0; n < 40; n++) {
                    ping(socket, 64 * 1024);
                  }
                } catch (IOException | AssertionError e) {
                  failures.add(e);
                }
              });
      thread.start();
      load.add(thread);
    }
    // The official client has no timeouts: a hung API would hang here, so bound it from outside.
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          for (int round = 0; round < 20; round++) {
            proxy.toxics().latency("l" + round, ToxicDirection.DOWNSTREAM, 5);
            proxy.toxics().bandwidth("b" + round, ToxicDirection.UPSTREAM, 100_000);
            proxy.toxics().get("l" + round).remove();
            proxy.toxics().get("b" + round).remove();
          }
          client.reset();
          assertThat(proxy.toxics().getAll()).isEmpty();
        });
    for (Thread thread : load) {
      thread.join(30_000);
      assertThat(thread.isAlive()).as("the traffic finished").isFalse();
    }
    assertThat(failures).as("no connection was broken by adding or removing toxics").isEmpty();
  }

  @Test
  void trafficIsCountedPerDirection() throws IOException {
    server.close();
    server = ToxiproxyServer.builder().proxyMetrics(true).start();
    client = new ToxiproxyClient("127.0.0.1", server.port());
    proxy = client.createProxy("counted", "127.0.0.1:0", upstream.address());
    try (Socket socket = connect()) {
      ping(socket, 7);
    }
    await()
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () ->
                assertThat(metrics())
                    .contains(
                        "toxiproxy_proxy_received_bytes_total{direction=\"upstream\",listener=\""
                            + proxy.getListen()
                            + "\",proxy=\"counted\",upstream=\""
                            + upstream.address()
                            + "\"} 6")
                    .contains(
                        "toxiproxy_proxy_received_bytes_total{direction=\"downstream\",listener=\""
                            + proxy.getListen()
                            + "\",proxy=\"counted\",upstream=\""
                            + upstream.address()
                            + "\"} 7"));
  }

  private String metrics() throws IOException, InterruptedException {
    var http = java.net.http.HttpClient.newHttpClient();
    return http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.uri() + "/metrics"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
