package io.infraaware.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The API's HTTP server against hostile and unusual clients: half-sent requests never hold it, slow
 * and idle clients are timed out and closed, and what HTTP/1.1 allows (pipelining, chunked bodies,
 * {@code Expect: 100-continue}) works, with Go's answers to what it does not.
 */
class ApiServerTests {

  private static final Duration READ = Duration.ofMillis(600);
  private static final Duration WRITE = Duration.ofMillis(600);
  private static final Duration IDLE = Duration.ofMillis(900);

  private ToxiproxyServer server = ToxiproxyServer.builder().start();
  private final List<Socket> sockets = new ArrayList<>();
  private final ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() throws IOException {
    pace.shutdownNow();
    for (Socket socket : sockets) {
      socket.close();
    }
    server.close();
  }

  private void withShortTimeouts() {
    server.close();
    server = ToxiproxyServer.builder().apiTimeouts(READ, WRITE, IDLE).start();
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(server.host(), server.port());
    socket.setSoTimeout(10_000);
    sockets.add(socket);
    return socket;
  }

  private HttpResponse<String> call(String method, String path, String body)
      throws IOException, InterruptedException {
    return ApiCalls.call(server, method, path, body);
  }

  /** Reads one response: its head as text, and its body. */
  private static String[] readResponse(InputStream in) throws IOException {
    RawResponse response = RawResponse.read(in);
    return new String[] {response.head() + "\r\n", response.body()};
  }

  /** Reads until the server closes the connection (EOF or reset). */
  private static void assertClosedByServer(Socket socket) throws IOException {
    try {
      while (socket.getInputStream().read() >= 0) {
        // whatever was on its way
      }
    } catch (SocketException reset) {
      // closed with the client's bytes unread: a reset, closed all the same
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void theApiAnswersOthersWhileHundredsOfClientsHoldHalfSentRequests() throws Exception {
    for (int i = 0; i < 100; i++) {
      connect().getOutputStream().write(ascii("GET /version HTTP/1.1\r\nHost: x\r\nX-Half: "));
      connect()
          .getOutputStream()
          .write(ascii("POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"na"));
      connect().getOutputStream().write('G');
    }
    for (int i = 0; i < 20; i++) {
      assertThat(call("GET", "/version", null).statusCode()).isEqualTo(200);
    }
    assertThat(
            call(
                    "POST",
                    "/proxies",
                    "{\"name\":\"p\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}")
                .statusCode())
        .isEqualTo(201);
  }

  @Test
  void aClientThatTricklesItsHeadersIsClosedAtTheReadDeadline() throws Exception {
    withShortTimeouts();
    Socket socket = connect();
    byte[] request = ascii("GET /version HTTP/1.1\r\nHost: x\r\n" + "X-Slow: 1\r\n".repeat(500));
    long start = System.nanoTime();
    int[] next = {0};
    pace.scheduleAtFixedRate(
        () -> {
          try {
            socket.getOutputStream().write(request[next[0]++ % request.length]);
          } catch (IOException closed) {
            throw new IllegalStateException(closed); // ends the pacing
          }
        },
        0,
        20,
        TimeUnit.MILLISECONDS);
    assertClosedByServer(socket);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("a byte every 20 ms does not extend the deadline")
        .isGreaterThanOrEqualTo(READ.minusMillis(50));
    assertThat(call("GET", "/version", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aClientThatNeverSendsItsBodyIsClosedAtTheReadDeadline() throws Exception {
    withShortTimeouts();
    Socket socket = connect();
    long start = System.nanoTime();
    socket
        .getOutputStream()
        .write(ascii("POST /populate HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n[{"));
    assertClosedByServer(socket);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(READ.minusMillis(50));
  }

  @Test
  void aSilentConnectionIsClosedAtTheReadDeadline() throws Exception {
    withShortTimeouts();
    Socket socket = connect();
    long start = System.nanoTime();
    assertClosedByServer(socket);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(READ.minusMillis(50));
  }

  @Test
  void anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeoutNotBefore() throws Exception {
    withShortTimeouts();
    Socket socket = connect();
    socket.getOutputStream().write(ascii("GET /version HTTP/1.1\r\nHost: x\r\n\r\n"));
    assertThat(readResponse(socket.getInputStream())[1]).isEqualTo("{\"version\": \"2.12.0\"}\n");
    long idleSince = System.nanoTime();
    assertClosedByServer(socket);
    assertThat(Duration.ofNanos(System.nanoTime() - idleSince))
        .as("the idle timeout, longer than the read timeout, applies between requests")
        .isGreaterThanOrEqualTo(IDLE.minusMillis(50));
  }

  @Test
  void aClientThatDoesNotReadItsAnswersIsClosedAtTheWriteDeadline() throws Exception {
    withShortTimeouts();
    call(
        "POST",
        "/proxies",
        "{\"name\":\"p\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}");
    for (int i = 0; i < 400; i++) {
      call("POST", "/proxies/p/toxics", "{\"name\":\"t" + i + "\",\"type\":\"noop\"}");
    }
    int answer = call("GET", "/proxies/p/toxics", null).body().length(); // about 30 KB
    Socket socket = connect();
    socket.setReceiveBufferSize(4096);
    // 500 pipelined requests whose answers (15 MB) outgrow every buffer between the two
    socket
        .getOutputStream()
        .write(ascii("GET /proxies/p/toxics HTTP/1.1\r\nHost: x\r\n\r\n".repeat(500)));
    assertThat(call("GET", "/version", null).statusCode())
        .as("the stalled client holds nothing")
        .isEqualTo(200);
    // the client stays stalled past the write deadline (its behaviour, not a wait for the server),
    // then reads whatever the kernel still holds
    await().pollDelay(WRITE.plusMillis(400)).atMost(WRITE.multipliedBy(10)).until(() -> true);
    long received = 0;
    try {
      byte[] buffer = new byte[65536];
      int n;
      while ((n = socket.getInputStream().read(buffer)) >= 0) {
        received += n;
      }
    } catch (SocketException reset) {
      // closed with requests unread
    }
    assertThat(received).as("closed before all answers went").isLessThan(500L * answer);
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
    Socket socket = connect();
    String create = "{\"name\":\"p\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}";
    socket
        .getOutputStream()
        .write(
            ascii(
                "GET /version HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Length: "
                    + create.length()
                    + "\r\n\r\n"
                    + create
                    + "DELETE /proxies/p HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /proxies HTTP/1.1\r\nHost: x\r\n\r\n"));
    InputStream in = socket.getInputStream();
    assertThat(readResponse(in)[0]).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(readResponse(in)[0]).startsWith("HTTP/1.1 201 Created\r\n");
    assertThat(readResponse(in)[0]).startsWith("HTTP/1.1 204 No Content\r\n");
    assertThat(readResponse(in)[1]).isEqualTo("{}");
  }

  @Test
  void twentyThousandPipelinedRequestsAreAllAnswered() throws Exception {
    Socket socket = connect();
    byte[] requests = ascii("GET /version HTTP/1.1\r\nHost: x\r\n\r\n".repeat(20_000));
    Thread writer =
        new Thread(
            () -> {
              try {
                socket.getOutputStream().write(requests);
              } catch (IOException e) {
                // the reads below fail too
              }
            });
    writer.start();
    InputStream in = socket.getInputStream();
    for (int i = 0; i < 20_000; i++) {
      assertThat(RawResponse.read(in).status()).isEqualTo(200);
    }
    writer.join();
    assertThat(call("GET", "/version", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aChunkedBodyAndExpectContinueWork() throws Exception {
    Socket socket = connect();
    InputStream in = socket.getInputStream();
    socket
        .getOutputStream()
        .write(
            ascii(
                "POST /proxies HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "10\r\n{\"name\":\"a\",\"lis\r\n"
                    + "2c;ext=1\r\nten\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}\r\n"
                    + "0\r\nX-Trailer: 1\r\n\r\n"));
    assertThat(readResponse(in)[0]).startsWith("HTTP/1.1 201 Created\r\n");
    String body = "{\"name\":\"b\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}";
    socket
        .getOutputStream()
        .write(
            ascii(
                "POST /proxies HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
                    + body.length()
                    + "\r\n\r\n"));
    assertThat(new String(in.readNBytes(25), StandardCharsets.ISO_8859_1))
        .isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
    socket.getOutputStream().write(ascii(body));
    assertThat(readResponse(in)[0]).startsWith("HTTP/1.1 201 Created\r\n");
  }

  @Test
  void aHugeBodyIsRefusedWithoutWaitingForIt() throws Exception {
    Socket socket = connect();
    socket
        .getOutputStream()
        .write(
            ascii(
                "POST /proxies HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    + "Content-Length: 50000000\r\n\r\n"));
    String[] response = readResponse(socket.getInputStream());
    assertThat(response[0])
        .startsWith("HTTP/1.1 400 Bad Request\r\n")
        .contains("Connection: close");
    assertThat(response[1])
        .isEqualTo(
            "{\"error\":\"bad request body: http: request body too large\",\"status\":400}\n");
    assertClosedByServer(socket);
  }

  @Test
  void headerNamesGoOutInGosCanonicalCaseAndOrder() throws Exception {
    Socket socket = connect();
    socket.getOutputStream().write(ascii("GET /proxies/nope HTTP/1.1\r\nHost: x\r\n\r\n"));
    String head = readResponse(socket.getInputStream())[0];
    assertThat(head)
        .matches(
            "HTTP/1\\.1 404 Not Found\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "X-Content-Type-Options: nosniff\r\n"
                + "X-Toxiproxy-Request-Id: [0-9a-v]{20}\r\n"
                + "Date: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n"
                + "Content-Length: 41\r\n\r\n");
  }

  @Test
  void anHttp10ClientGetsAnHttp10AnswerAndTheConnectionCloses() throws Exception {
    Socket socket = connect();
    socket.getOutputStream().write(ascii("GET /version HTTP/1.0\r\n\r\n"));
    String[] response = readResponse(socket.getInputStream());
    // as Toxiproxy 2.12.0: HTTP/1.0 closes by default, so Go does not say so
    assertThat(response[0]).startsWith("HTTP/1.0 200 OK\r\n").doesNotContain("Connection:");
    assertThat(socket.getInputStream().read()).isEqualTo(-1);
  }

  /** Each request's lines are separated by {@code ~}; its head ends after the last line. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // what Toxiproxy 2.12.0 answers: Go names the reason of a few errors only
        "GARBAGE | 400 Bad Request | 400 Bad Request",
        "GET /version HTTP/2.0 | 505 HTTP Version Not Supported: unsupported protocol version |"
            + " 505 HTTP Version Not Supported: unsupported protocol version",
        "GET /version HTTP/1.1 | 400 Bad Request: missing required Host header | 400 Bad Request:"
            + " missing required Host header",
        "GET /version HTTP/1.1~Host: x~Transfer-Encoding: gzip | 501 Not Implemented |"
            + " Unsupported transfer encoding",
        "GET /version HTTP/1.1~Host: x~Bad Header: 1 | 400 Bad Request: invalid header name |"
            + " 400 Bad Request: invalid header name",
        "GET /version HTTP/1.1~Host: x~Bad Line | 400 Bad Request | 400 Bad Request",
        "GET /proxies/%zz HTTP/1.1~Host: x | 400 Bad Request | 400 Bad Request"
      })
  void aMalformedRequestGetsGosAnswerAndTheServerKeepsServing(
      String request, String status, String body) throws Exception {
    Socket socket = connect();
    socket.getOutputStream().write(ascii(request.replace("~", "\r\n") + "\r\n\r\n"));
    byte[] all = socket.getInputStream().readAllBytes();
    assertThat(new String(all, StandardCharsets.ISO_8859_1))
        .isEqualTo(
            "HTTP/1.1 "
                + status
                + "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"
                + body);
    assertThat(call("GET", "/version", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aHeadOverOneMebibyteIsRefused() throws Exception {
    Socket socket = connect();
    socket
        .getOutputStream()
        .write(ascii("GET /version HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(1100 * 1024)));
    assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
        .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
    assertThat(call("GET", "/version", null).statusCode()).isEqualTo(200);
  }
}
