import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Kept-alive API latency of a Toxiproxy server: one client (the JDK's HttpClient on one HTTP/1.1
 * connection) calls the API in a loop and prints the median and 99th percentile per call, for a
 * read ({@code GET /version}, {@code GET /proxies/{p}}) and for a fault as scenarios inject it (add a
 * toxic, then remove it). A benchmark that prints figures, not a test: nothing here passes or fails.
 *
 * <p>{@code java toxiproxy-server/bench/ApiLatency.java http://127.0.0.1:8474 [calls, default
 * 2000] [held, default 0]}; {@code api-latency.sh} beside it starts the jar and runs this against
 * it. With {@code held} above 0, that many other connections hold half-sent requests (a slowloris
 * client: headers without their end) while the figures are taken.
 */
public final class ApiLatency {

  private ApiLatency() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: java ApiLatency.java <api url> [calls] [held]");
      System.exit(2);
    }
    URI api = URI.create(args[0].replaceAll("/$", ""));
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int held = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < held; i++) {
      Socket socket = new Socket(api.getHost(), api.getPort());
      socket.getOutputStream().write("GET /version HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes());
      slow.add(socket);
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String proxy = "bench-" + ProcessHandle.current().pid();
    try {
      expect(
          call(
              http,
              "POST",
              api + "/proxies",
              "{\"name\":\"" + proxy + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}"),
          201);
      run(http, api, proxy, calls, held);
      call(http, "DELETE", api + "/proxies/" + proxy, null);
    } catch (HttpTimeoutException e) {
      System.out.println(api + ": no answer within 10 s (" + e.getMessage() + ")");
      System.exit(1);
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  private static void run(HttpClient http, URI api, String proxy, int calls, int held)
      throws IOException, InterruptedException {
    // warm-up, not counted: the JIT compiles both sides
    measure(http, api, proxy, calls / 4);
    long[][] figures = measure(http, api, proxy, calls);
    System.out.printf(
        "%s, %d calls each on one kept-alive connection%s%n",
        api,
        calls,
        held > 0 ? ", while " + held + " other connections hold half-sent requests" : "");
    System.out.printf("%-32s %12s %12s%n", "call", "median µs", "p99 µs");
    String[] names = {"GET /version", "GET /proxies/{p}", "POST toxic + DELETE toxic (pair)"};
    for (int i = 0; i < names.length; i++) {
      long[] sorted = figures[i].clone();
      Arrays.sort(sorted);
      System.out.printf(
          "%-32s %12.1f %12.1f%n",
          names[i],
          sorted[sorted.length / 2] / 1000.0,
          sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1000.0);
    }
  }

  private static long[][] measure(HttpClient http, URI api, String proxy, int calls)
      throws IOException, InterruptedException {
    long[][] nanos = new long[3][calls];
    String toxics = api + "/proxies/" + proxy + "/toxics";
    String toxic = "{\"name\":\"lag\",\"type\":\"latency\",\"attributes\":{\"latency\":100}}";
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      expect(call(http, "GET", api + "/version", null), 200);
      long read = System.nanoTime();
      expect(call(http, "GET", api + "/proxies/" + proxy, null), 200);
      long proxyRead = System.nanoTime();
      expect(call(http, "POST", toxics, toxic), 200);
      expect(call(http, "DELETE", toxics + "/lag", null), 204);
      long end = System.nanoTime();
      nanos[0][i] = read - start;
      nanos[1][i] = proxyRead - read;
      nanos[2][i] = end - proxyRead;
    }
    return nanos;
  }

  private static HttpResponse<String> call(HttpClient http, String method, String url, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          response.request().method()
              + " "
              + response.request().uri()
              + ": expected "
              + status
              + ", got "
              + response.statusCode()
              + " "
              + response.body());
    }
  }
}
