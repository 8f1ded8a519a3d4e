package io.infraaware.proxy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infraaware.proxy.ChaosException;
import io.infraaware.proxy.Fault;
import io.infraaware.proxy.TrafficBytes;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Toxiproxy's HTTP API with every call bounded by a timeout and every toxic created in one request
 * at its final toxicity: what the official client lacks.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class ToxiproxyApi implements TrafficCounters {

  /** A proxy as the server reports it. */
  public record ProxyState(String name, String listen, String upstream, boolean enabled) {}

  private final URI base;
  private final Duration timeout;
  private final HttpClient client;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * Creates the API client.
   *
   * @param base the server, e.g. {@code http://127.0.0.1:8474}
   * @param timeout the bound on every call, connect included
   */
  public ToxiproxyApi(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
  }

  /**
   * The server's address.
   *
   * @return the base URI
   */
  public URI base() {
    return base;
  }

  /**
   * The server's version, e.g. {@code 2.12.0}.
   *
   * @return the version
   */
  public String version() {
    return send("GET", "/version", null, "asking for the version").path("version").asText();
  }

  /**
   * Creates a proxy.
   *
   * @param name the proxy name
   * @param listen the address to listen on, {@code 127.0.0.1:0} for a free port
   * @param upstream the service's {@code host:port}
   * @return the created proxy with its real listen address
   */
  public ProxyState createProxy(String name, String listen, String upstream) {
    ObjectNode body =
        json.createObjectNode()
            .put("name", name)
            .put("listen", listen)
            .put("upstream", upstream)
            .put("enabled", true);
    return state(
        send("POST", "/proxies", body, "creating proxy [" + name + "] to [" + upstream + "]"));
  }

  /**
   * Reads a proxy.
   *
   * @param name the proxy name
   * @return the proxy, or empty when the server has none of that name
   */
  public Optional<ProxyState> proxy(String name) {
    try {
      return Optional.of(
          state(send("GET", "/proxies/" + encode(name), null, "reading proxy [" + name + "]")));
    } catch (NotFound e) {
      return Optional.empty();
    }
  }

  /**
   * Enables or disables a proxy: disabled, it refuses connections and drops live ones.
   *
   * @param name the proxy name
   * @param enabled the new state
   */
  public void setEnabled(String name, boolean enabled) {
    String path = "/proxies/" + encode(name);
    JsonNode body = json.createObjectNode().put("enabled", enabled);
    if (enabled) {
      sendForCleanup("POST", path, body, "enabling proxy [" + name + "]");
    } else {
      send("POST", path, body, "disabling proxy [" + name + "]");
    }
  }

  /**
   * Deletes a proxy; a proxy that is already gone is not an error.
   *
   * @param name the proxy name
   */
  public void deleteProxy(String name) {
    try {
      sendForCleanup("DELETE", "/proxies/" + encode(name), null, "deleting proxy [" + name + "]");
    } catch (NotFound e) {
      // already gone: the goal is reached
    }
  }

  /**
   * Adds a toxic in one request, at its final toxicity and attributes.
   *
   * @param proxy the proxy name
   * @param fault the fault
   */
  public void addToxic(String proxy, Fault.Toxic<?> fault) {
    send(
        "POST",
        "/proxies/" + encode(proxy) + "/toxics",
        ToxicJson.body(fault),
        "adding toxic [" + ToxicJson.name(fault) + "] (" + fault + ") to proxy [" + proxy + "]");
  }

  /**
   * Removes a toxic; one that is already gone is not an error.
   *
   * @param proxy the proxy name
   * @param toxic the toxic name
   */
  public void removeToxic(String proxy, String toxic) {
    try {
      sendForCleanup(
          "DELETE",
          "/proxies/" + encode(proxy) + "/toxics/" + encode(toxic),
          null,
          "removing toxic [" + toxic + "] from proxy [" + proxy + "]");
    } catch (NotFound e) {
      // already gone (a reset, or the proxy was deleted)
    }
  }

  /**
   * The names of a proxy's toxics.
   *
   * @param proxy the proxy name
   * @return the names, upstream first
   */
  public List<String> toxics(String proxy) {
    JsonNode list =
        sendForCleanup(
            "GET",
            "/proxies/" + encode(proxy) + "/toxics",
            null,
            "listing toxics of proxy [" + proxy + "]");
    List<String> names = new ArrayList<>();
    list.forEach(toxic -> names.add(toxic.path("name").asText()));
    return names;
  }

  /**
   * The bytes a proxy has carried, from the server's Prometheus {@code /metrics} ({@code
   * toxiproxy_proxy_received_bytes_total}); the real Toxiproxy serves it only with {@code
   * -proxy-metrics}.
   *
   * @param proxy the proxy name
   * @return the counters, or empty when the server does not serve metrics
   */
  @Override
  public Optional<TrafficBytes> traffic(String proxy) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/metrics")).timeout(timeout).GET().build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ChaosException(
          "Toxiproxy at [" + base + "]: reading metrics for proxy [" + proxy + "] failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChaosException("Toxiproxy at [" + base + "]: reading metrics was interrupted", e);
    }
    if (response.statusCode() != 200) {
      return Optional.empty();
    }
    long upstream = 0;
    long downstream = 0;
    String proxyLabel = "proxy=\"" + proxy + "\"";
    for (String line : response.body().split("\n")) {
      if (!line.startsWith("toxiproxy_proxy_received_bytes_total{") || !line.contains(proxyLabel)) {
        continue;
      }
      long value = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
      if (line.contains("direction=\"upstream\"")) {
        upstream += value;
      } else if (line.contains("direction=\"downstream\"")) {
        downstream += value;
      }
    }
    return Optional.of(new TrafficBytes(upstream, downstream));
  }

  private static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound() {
      super(null, null, false, false);
    }
  }

  private JsonNode send(String method, String path, JsonNode body, String action) {
    try {
      return exchange(method, path, body, action);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChaosException("Toxiproxy at [" + base + "]: " + action + " was interrupted", e);
    }
  }

  /**
   * Sends a request that undoes chaos (removing a toxic, enabling or deleting a proxy) or only
   * reads: it must get through even on a thread that a timeout has just interrupted, or the fault
   * would outlive its test. The interrupt is kept for the caller.
   */
  private JsonNode sendForCleanup(String method, String path, JsonNode body, String action) {
    boolean interrupted = Thread.interrupted();
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          return exchange(method, path, body, action);
        } catch (InterruptedException e) {
          interrupted = true;
          if (attempt == 3) {
            throw new ChaosException(
                "Toxiproxy at [" + base + "]: " + action + " was interrupted 3 times", e);
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private JsonNode exchange(String method, String path, JsonNode body, String action)
      throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(timeout)
            .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ChaosException("Toxiproxy at [" + base + "]: " + action + " failed: " + e, e);
    }
    int status = response.statusCode();
    if (status == 404 && (method.equals("GET") || method.equals("DELETE"))) {
      throw new NotFound();
    }
    if (status < 200 || status >= 300) {
      throw new ChaosException(
          "Toxiproxy at ["
              + base
              + "]: "
              + action
              + " failed with HTTP "
              + status
              + ": "
              + errorText(response.body()),
          null);
    }
    if (response.body().isBlank()) {
      return json.createObjectNode();
    }
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new ChaosException(
          "Toxiproxy at ["
              + base
              + "]: "
              + action
              + " answered something that is not JSON: "
              + response.body(),
          e);
    }
  }

  private String errorText(String body) {
    try {
      JsonNode node = json.readTree(body);
      if (node != null && node.hasNonNull("error")) {
        return node.get("error").asText();
      }
    } catch (IOException e) {
      // not JSON: quote it as is
    }
    return body.trim();
  }

  private ProxyState state(JsonNode node) {
    return new ProxyState(
        node.path("name").asText(),
        node.path("listen").asText(),
        node.path("upstream").asText(),
        node.path("enabled").asBoolean());
  }

  private static String encode(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
