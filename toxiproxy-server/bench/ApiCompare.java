import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kept-alive API latency of several Toxiproxy servers side by side, interleaved: in each round every
 * server in turn gets the same calls from the same client (the JDK's HttpClient, one HTTP/1.1
 * connection per server): {@code GET /proxies}, and adding then removing a toxic (one pair). Prints
 * the median and 99th percentile per round and over all rounds. A benchmark, not a test.
 *
 * <p>{@code java ApiCompare.java [calls per kind, default 2000] [rounds, default 3] name=url...}
 */
public final class ApiCompare {

  private ApiCompare() {}

  public static void main(String[] args) throws Exception {
    int calls = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    Map<String, URI> servers = new LinkedHashMap<>();
    for (int i = 2; i < args.length; i++) {
      String[] pair = args[i].split("=", 2);
      servers.put(pair[0], URI.create(pair[1].replaceAll("/$", "")));
    }
    Map<String, HttpClient> clients = new LinkedHashMap<>();
    Map<String, List<long[]>> all = new LinkedHashMap<>();
    for (var server : servers.entrySet()) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      clients.put(server.getKey(), http);
      call(http, "POST", server.getValue() + "/proxies",
          "{\"name\":\"compare\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}");
      measure(http, server.getValue(), calls / 4); // warm-up, not counted: both sides' JITs
      all.put(server.getKey(), new ArrayList<>());
    }
    System.out.printf("%-7s %-10s %26s %26s%n", "round", "server", "GET /proxies med/p99 µs",
        "toxic add+remove med/p99 µs");
    for (int round = 1; round <= rounds; round++) {
      for (var server : servers.entrySet()) {
        long[][] figures = measure(clients.get(server.getKey()), server.getValue(), calls);
        all.get(server.getKey()).add(figures[0]);
        all.get(server.getKey()).add(figures[1]);
        System.out.printf("%-7d %-10s %26s %26s%n", round, server.getKey(), stats(figures[0]),
            stats(figures[1]));
      }
    }
    System.out.println("over all rounds:");
    for (var server : servers.entrySet()) {
      List<long[]> figures = all.get(server.getKey());
      System.out.printf("%-7s %-10s %26s %26s%n", "all", server.getKey(),
          stats(concat(figures, 0)), stats(concat(figures, 1)));
      call(clients.get(server.getKey()), "DELETE", server.getValue() + "/proxies/compare", null);
    }
  }

  private static long[] concat(List<long[]> figures, int kind) {
    List<Long> values = new ArrayList<>();
    for (int i = kind; i < figures.size(); i += 2) {
      for (long value : figures.get(i)) {
        values.add(value);
      }
    }
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  private static String stats(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format("%8.1f / %8.1f", sorted[sorted.length / 2] / 1000.0,
        sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1000.0);
  }

  private static long[][] measure(HttpClient http, URI api, int calls) throws Exception {
    long[][] nanos = new long[2][calls];
    String toxics = api + "/proxies/compare/toxics";
    String toxic = "{\"name\":\"lag\",\"type\":\"latency\",\"attributes\":{\"latency\":100}}";
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      expect(call(http, "GET", api + "/proxies", null), 200);
      long read = System.nanoTime();
      expect(call(http, "POST", toxics, toxic), 200);
      expect(call(http, "DELETE", toxics + "/lag", null), 204);
      long end = System.nanoTime();
      nanos[0][i] = read - start;
      nanos[1][i] = end - read;
    }
    return nanos;
  }

  private static HttpResponse<String> call(HttpClient http, String method, String url, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(response.request().method() + " " + response.request().uri()
          + ": expected " + status + ", got " + response.statusCode() + " " + response.body());
    }
  }
}
