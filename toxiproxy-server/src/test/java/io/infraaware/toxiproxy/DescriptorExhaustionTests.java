package io.infraaware.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Out of file descriptors (EMFILE), the server degrades and recovers: a standalone server in a
 * child JVM with {@code ulimit -n 200} takes 150 clients through a proxy, more than its descriptors
 * allow; once they go, it serves new clients again and reports the truth throughout.
 */
@EnabledOnOs(OS.LINUX)
class DescriptorExhaustionTests {

  private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

  private DataPlaneTests.Upstream upstream;
  private Process child;
  private final List<String> childOutput = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    upstream = new DataPlaneTests.Upstream();
  }

  @AfterEach
  void stop() throws Exception {
    if (child != null) {
      child.destroy();
      if (!child.waitFor(10, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
    upstream.close();
  }

  /** Starts the standalone server with at most {@code descriptors} open files; returns its API. */
  private URI startServer(int descriptors) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command =
        "ulimit -n "
            + descriptors
            + " && exec \""
            + java
            + "\" -cp \""
            + System.getProperty("java.class.path")
            + "\" io.infraaware.toxiproxy.ToxiproxyServerMain -host 127.0.0.1 -port 0";
    child = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    CompletableFuture<URI> api = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  childOutput.add(line);
                  int at = line.indexOf("listening on ");
                  if (at >= 0) {
                    api.complete(URI.create(line.substring(at + "listening on ".length()).trim()));
                  }
                }
              } catch (IOException e) {
                api.completeExceptionally(e);
              }
              api.completeExceptionally(new IllegalStateException("exited: " + childOutput));
            },
            "child-output");
    reader.setDaemon(true);
    reader.start();
    return api.get(30, TimeUnit.SECONDS);
  }

  private static long openFiles(long pid) throws IOException {
    try (var files = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return files.count();
    }
  }

  private static boolean served(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(2000);
      socket.getOutputStream().write(PING);
      return socket.getInputStream().readNBytes(7).length == 7;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void outOfDescriptorsTheProxyBacksOffAndRecovers() throws Exception {
    URI api = startServer(200);
    HttpResponse<String> created =
        ApiCalls.call(
            api,
            "POST",
            "/proxies",
            "{\"name\":\"x\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
                + upstream.address()
                + "\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    int port =
        Integer.parseInt(
            created.body().replaceAll(".*\"listen\":\"127\\.0\\.0\\.1:(\\d+)\".*", "$1"));
    assertThat(served(port)).isTrue();

    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 150; i++) {
        Socket client = new Socket("127.0.0.1", port); // the kernel queues what is not accepted
        clients.add(client);
        client.getOutputStream().write(PING);
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(openFiles(child.pid()))
                      .as("the child's open files: it ran out")
                      .isGreaterThanOrEqualTo(195));
      assertThat(ApiCalls.call(api, "GET", "/proxies/x", null).body())
          .as("the API, on its kept-alive connection, tells the truth: still listening")
          .contains("\"enabled\":true");
    } finally {
      for (Socket client : clients) {
        client.close();
      }
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(served(port)).as("served again").isTrue());
    for (int i = 0; i < 20; i++) {
      assertThat(served(port)).isTrue();
    }
    assertThat(ApiCalls.call(api, "GET", "/proxies/x", null).body()).contains("\"enabled\":true");
    try (Socket fresh = new Socket(api.getHost(), api.getPort())) {
      fresh.setSoTimeout(10_000);
      fresh.getOutputStream().write("GET /version HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      assertThat(RawResponse.read(fresh.getInputStream()).status())
          .as("the API accepts new connections again")
          .isEqualTo(200);
    }
    assertThat(ApiCalls.call(api, "DELETE", "/proxies/x", null).statusCode()).isEqualTo(204);
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .as("nothing left bound")
        .isInstanceOf(ConnectException.class);
  }
}
