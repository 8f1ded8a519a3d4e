package io.infraaware.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The embedded server as docs/toxiproxy-server.md shows it, with any Toxiproxy client. */
class EmbeddedExampleTests {

  @Test
  void aClientMakesAProxyAndTheServerCountsWhatCrossedIt() throws Exception {
    try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture.runAsync(() -> echoOnce(upstream));
      String address = "127.0.0.1:" + upstream.getLocalPort();
      // snippet:start embedded
      try (ToxiproxyServer server = ToxiproxyServer.builder().seed(42).start()) {
        URI api = server.uri(); // http://127.0.0.1:<free port>
        ToxiproxyClient client = new ToxiproxyClient(server.host(), server.port());
        Proxy proxy = client.createProxy("echo", "127.0.0.1:0", address);
        // snippet:skip embedded
        assertThat(api.getHost()).isEqualTo("127.0.0.1");
        String listen = proxy.getListen();
        try (Socket socket =
            new Socket(
                "127.0.0.1", Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)))) {
          socket.getOutputStream().write("ping".getBytes());
          assertThat(socket.getInputStream().readNBytes(4)).isEqualTo("ping".getBytes());
        }
        // snippet:resume embedded
        ProxyTraffic traffic = server.traffic("echo").orElseThrow();
        assertThat(traffic.receivedUpstream()).isPositive(); // the request really crossed the proxy
      }
      // snippet:end embedded
    }
  }

  private static void echoOnce(ServerSocket server) {
    try (Socket socket = server.accept()) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      out.write(in.readNBytes(4));
      out.flush();
    } catch (IOException e) {
      // the test fails on its own assertion
    }
  }
}
