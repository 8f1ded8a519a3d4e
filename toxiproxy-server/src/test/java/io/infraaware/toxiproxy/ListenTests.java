package io.infraaware.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where a proxy listens, as the API reports it (Go's texts), and that stopping a proxy frees its
 * port before the API answers.
 */
class ListenTests {

  private final ToxiproxyServer server = ToxiproxyServer.builder().start();

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> call(String method, String path, String body)
      throws IOException, InterruptedException {
    return ApiCalls.call(server, method, path, body);
  }

  private static String proxyJson(String name, String listen, String extra) {
    return "{\"name\":\""
        + name
        + "\",\"listen\":\""
        + listen
        + "\",\"upstream\":\"localhost:20001\""
        + extra
        + "}";
  }

  /** A port nobody listens on right now. */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aDisabledProxyEchoesItsListenAddressAsGivenUntilItStarts() throws Exception {
    int port = freePort();
    String given = "localhost:" + port;
    String echoed =
        "{\"name\":\"mysql_master\",\"listen\":\"%s\",\"upstream\":\"localhost:20001\","
            + "\"enabled\":%s,\"Logger\":{},\"toxics\":[]}";
    HttpResponse<String> created =
        call("POST", "/proxies", proxyJson("mysql_master", given, ",\"enabled\":false"));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).isEqualTo(String.format(echoed, given, false));
    assertThat(call("GET", "/proxies/mysql_master", null).body())
        .isEqualTo(String.format(echoed, given, false));
    assertThat(call("POST", "/proxies/mysql_master", "{\"enabled\":true}").body())
        .isEqualTo(String.format(echoed, "127.0.0.1:" + port, true));
    assertThat(call("POST", "/proxies/mysql_master", "{\"enabled\":false}").body())
        .as("resolved once started, and so it stays")
        .isEqualTo(String.format(echoed, "127.0.0.1:" + port, false));
  }

  @Test
  void listenErrorsNameTheResolvedAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      HttpResponse<String> busy =
          call("POST", "/proxies", proxyJson("b", "localhost:" + taken.getLocalPort(), ""));
      assertThat(busy.statusCode()).isEqualTo(500);
      assertThat(busy.body())
          .isEqualTo(
              "{\"error\":\"listen tcp 127.0.0.1:"
                  + taken.getLocalPort()
                  + ": bind: address already in use\",\"status\":500}\n");
    }
    HttpResponse<String> invalid = call("POST", "/proxies", proxyJson("e4", "localhost:99999", ""));
    assertThat(invalid.statusCode()).isEqualTo(500);
    assertThat(invalid.body())
        .isEqualTo("{\"error\":\"listen tcp: address 99999: invalid port\",\"status\":500}\n");
    assertThat(call("GET", "/proxies", null).body()).isEqualTo("{}");
  }

  @Test
  void ipv6ListenAddressesAreEchoedAsGoPrintsThem() throws Exception {
    HttpResponse<String> created = call("POST", "/proxies", proxyJson("v6", "[::1]:0", ""));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).matches(".*\"listen\":\"\\[::1\\]:\\d+\".*");
  }

  @Test
  void deletingAProxyFreesItsPortBeforeTheAnswer() throws Exception {
    int port = listenPort(call("POST", "/proxies", proxyJson("again", "127.0.0.1:0", "")));
    for (int i = 0; i < 300; i++) {
      assertThat(call("DELETE", "/proxies/again", null).statusCode()).isEqualTo(204);
      assertThat(call("POST", "/proxies", proxyJson("again", "127.0.0.1:" + port, "")).statusCode())
          .as("re-created on the same port, round %d", i)
          .isEqualTo(201);
    }
  }

  @Test
  void disablingOrMovingAProxyFreesItsPortBeforeTheAnswer() throws Exception {
    int port = listenPort(call("POST", "/proxies", proxyJson("moving", "127.0.0.1:0", "")));
    int other = freePort();
    for (int i = 0; i < 100; i++) {
      assertThat(call("POST", "/proxies/moving", "{\"enabled\":false}").statusCode())
          .isEqualTo(200);
      bindAndRelease(port); // another program can have the port at once
      assertThat(call("POST", "/proxies/moving", "{\"enabled\":true}").statusCode()).isEqualTo(200);
      assertThat(
              call("POST", "/proxies/moving", "{\"listen\":\"127.0.0.1:" + other + "\"}")
                  .statusCode())
          .isEqualTo(200);
      bindAndRelease(port);
      assertThat(
              call("POST", "/proxies/moving", "{\"listen\":\"127.0.0.1:" + port + "\"}")
                  .statusCode())
          .isEqualTo(200);
    }
  }

  private static void bindAndRelease(int port) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }
  }

  private static int listenPort(HttpResponse<String> created) {
    assertThat(created.statusCode()).isEqualTo(201);
    return Integer.parseInt(
        created.body().replaceAll(".*\"listen\":\"127\\.0\\.0\\.1:(\\d+)\".*", "$1"));
  }
}
