package io.infraaware.toxiproxy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Toxiproxy 2.12's HTTP API: the same routes, status codes, bodies, content types and headers.
 *
 * <p>One deviation, on purpose: request bodies over 1 MiB are refused (the real server reads any
 * size), with the text Go's {@code MaxBytesReader} uses.
 */
public final class Api implements HttpHandler {

  /** The API version this server implements and reports. */
  public static final String VERSION = "2.12.0";

  private static final int MAX_BODY = 1024 * 1024;
  private static final String JSON = "application/json";
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final char[] XID_ALPHABET = "0123456789abcdefghijklmnopqrstuv".toCharArray();

  private final Registry registry;
  private final Metrics metrics;
  private final SecureRandom ids = new SecureRandom();

  /**
   * Creates the API.
   *
   * @param registry the proxies
   * @param metrics the metrics, or null to leave {@code /metrics} unrouted (the real default)
   */
  public Api(Registry registry, Metrics metrics) {
    this.registry = registry;
    this.metrics = metrics;
  }

  private record Response(int status, String contentType, String body, boolean textError) {}

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      String[] parts = path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
      Route route = route(parts);
      if (route == null) {
        send(exchange, new Response(404, TEXT, "404 page not found\n", true), false);
        return;
      }
      if (!route.allows(method)) {
        send(exchange, new Response(405, null, "", false), false);
        return;
      }
      String agent = exchange.getRequestHeaders().getFirst("User-Agent");
      if (agent != null && agent.startsWith("Mozilla/")) {
        send(exchange, new Response(403, TEXT, "User agent not allowed\n", true), true);
        return;
      }
      Response response;
      try {
        response = dispatch(route, method, parts, exchange);
      } catch (ApiException e) {
        response =
            new Response(e.status(), TEXT, Json.error(e.getMessage(), e.status()) + "\n", true);
      } catch (Registry.PopulateException e) {
        response =
            new Response(
                e.status(),
                JSON,
                Json.populateError(e.getMessage(), e.status(), e.created()),
                false);
      }
      send(exchange, response, true);
    }
  }

  private enum Route {
    VERSION("GET"),
    METRICS("GET"),
    PROXIES("GET", "POST"),
    POPULATE("POST"),
    RESET("POST"),
    PROXY("GET", "POST", "PATCH", "DELETE"),
    TOXICS("GET", "POST"),
    TOXIC("GET", "POST", "PATCH", "DELETE");

    private final List<String> methods;

    Route(String... methods) {
      this.methods = List.of(methods);
    }

    boolean allows(String method) {
      return methods.contains(method);
    }
  }

  private Route route(String[] parts) {
    if (parts.length == 1) {
      switch (parts[0]) {
        case "version":
          return Route.VERSION;
        case "proxies":
          return Route.PROXIES;
        case "populate":
          return Route.POPULATE;
        case "reset":
          return Route.RESET;
        case "metrics":
          return metrics == null ? null : Route.METRICS;
        default:
          return null;
      }
    }
    if (parts.length >= 2 && parts[0].equals("proxies") && !parts[1].isEmpty()) {
      if (parts.length == 2) {
        return Route.PROXY;
      }
      if (parts.length == 3 && parts[2].equals("toxics")) {
        return Route.TOXICS;
      }
      if (parts.length == 4 && parts[2].equals("toxics") && !parts[3].isEmpty()) {
        return Route.TOXIC;
      }
    }
    return null;
  }

  private Response dispatch(Route route, String method, String[] parts, HttpExchange exchange)
      throws ApiException, IOException, Registry.PopulateException {
    switch (route) {
      case VERSION:
        return new Response(
            200, "application/json;charset=utf-8", "{\"version\": \"" + VERSION + "\"}\n", false);
      case METRICS:
        return new Response(
            200,
            "text/plain; version=0.0.4; charset=utf-8",
            metrics.render(registry.proxies()),
            false);
      case PROXIES:
        if (method.equals("GET")) {
          return ok(200, Json.index(registry.proxies()));
        }
        return ok(
            201,
            Json.proxyJson(
                registry.create(proxySpec(Json.parse(body(exchange)), "toxiproxy.Proxy"))));
      case POPULATE:
        return populate(exchange);
      case RESET:
        registry.reset();
        return new Response(204, null, "", false);
      case PROXY:
        return proxy(method, decode(parts[1]), exchange);
      case TOXICS:
        if (method.equals("GET")) {
          return ok(200, Json.toxicsJson(registry.require(decode(parts[1])).toxics()));
        }
        return ok(200, Json.toxicJson(addToxic(decode(parts[1]), Json.parse(body(exchange)))));
      default:
        return toxic(method, decode(parts[1]), decode(parts[3]), exchange);
    }
  }

  private Response proxy(String method, String name, HttpExchange exchange)
      throws ApiException, IOException {
    switch (method) {
      case "GET":
        return ok(200, Json.proxyJson(registry.require(name)));
      case "DELETE":
        registry.delete(name);
        return new Response(204, null, "", false);
      default:
        registry.require(name);
        JsonNode body = Json.parse(body(exchange));
        return ok(200, Json.proxyJson(registry.update(name, proxySpec(body, "toxiproxy.Proxy"))));
    }
  }

  private Response toxic(String method, String proxy, String toxic, HttpExchange exchange)
      throws ApiException, IOException {
    switch (method) {
      case "GET":
        return ok(200, Json.toxicJson(registry.toxic(proxy, toxic)));
      case "DELETE":
        registry.removeToxic(proxy, toxic);
        return new Response(204, null, "", false);
      default:
        Toxic existing = registry.toxic(proxy, toxic);
        JsonNode body = object(Json.parse(body(exchange)), "toxics.Toxic");
        return ok(
            200,
            Json.toxicJson(
                registry.updateToxic(
                    proxy, toxic, Json.attributes(body, existing.type()), Json.toxicity(body))));
    }
  }

  private Toxic addToxic(String proxy, JsonNode body) throws ApiException {
    registry.require(proxy);
    // Toxiproxy decodes a new toxic into its toxics.ToxicWrapper: Go's errors name that type
    JsonNode toxic = object(body, "toxics.ToxicWrapper");
    String type = Json.text(toxic, "type", "ToxicWrapper");
    ToxicType known =
        ToxicType.of(type).orElseThrow(() -> new ApiException(400, "invalid toxic type"));
    Map<String, Long> attributes = Json.attributes(toxic, known);
    return registry.addToxic(
        proxy,
        new Registry.ToxicSpec(
            Json.text(toxic, "name", "ToxicWrapper"),
            type,
            Json.text(toxic, "stream", "ToxicWrapper"),
            Json.toxicity(toxic),
            attributes));
  }

  private Response populate(HttpExchange exchange) throws IOException, Registry.PopulateException {
    List<Registry.ProxySpec> specs = new ArrayList<>();
    try {
      JsonNode body = Json.parse(body(exchange));
      if (!body.isArray()) {
        throw new ApiException(
            400,
            "bad request body: json: cannot unmarshal "
                + Json.goKind(body)
                + " into Go value of type []struct { toxiproxy.Proxy; Enabled *bool \"json:\\\"enabled\\\"\" }");
      }
      for (JsonNode item : body) {
        specs.add(proxySpec(item, "toxiproxy.Proxy"));
      }
    } catch (ApiException e) {
      return new Response(
          e.status(), JSON, Json.populateError(e.getMessage(), e.status(), null), false);
    }
    return new Response(201, JSON, Json.populated(registry.populate(specs)), false);
  }

  private static JsonNode object(JsonNode node, String goType) throws ApiException {
    if (!node.isObject()) {
      throw new ApiException(
          400,
          "bad request body: json: cannot unmarshal "
              + Json.goKind(node)
              + " into Go value of type "
              + goType);
    }
    return node;
  }

  private static Registry.ProxySpec proxySpec(JsonNode node, String goType) throws ApiException {
    JsonNode proxy = object(node, goType);
    return new Registry.ProxySpec(
        Json.text(proxy, "name", "Proxy"),
        Json.text(proxy, "listen", "Proxy"),
        Json.text(proxy, "upstream", "Proxy"),
        Json.bool(proxy, "enabled", "Proxy"));
  }

  private static Response ok(int status, String body) {
    return new Response(status, JSON, body, false);
  }

  private static String body(HttpExchange exchange) throws IOException, ApiException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        // Read on (within reason) so the client gets the answer rather than a reset mid-upload.
        // (skip() may skip less; unread bytes at close would reset the connection)
        byte[] discard = new byte[64 * 1024];
        long drained = 0;
        int n;
        while (drained < 16L * MAX_BODY && (n = in.read(discard)) >= 0) {
          drained += n;
        }
        exchange.getResponseHeaders().set("Connection", "close");
        throw new ApiException(400, "bad request body: http: request body too large");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static String decode(String segment) {
    return java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private void send(HttpExchange exchange, Response response, boolean routed) throws IOException {
    var headers = exchange.getResponseHeaders();
    if (response.contentType() != null) {
      headers.set("Content-Type", response.contentType());
    }
    if (response.textError()) {
      headers.set("X-Content-Type-Options", "nosniff");
    }
    if (routed) {
      headers.set("X-Toxiproxy-Request-Id", requestId());
    }
    byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
    if (response.status() == 204) {
      exchange.sendResponseHeaders(204, -1);
      return;
    }
    exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  /** A 20-character id in the shape of Toxiproxy's xid: 12 bytes in base32hex, lower case. */
  private String requestId() {
    byte[] raw = new byte[12];
    ids.nextBytes(raw);
    StringBuilder id = new StringBuilder(20);
    long buffer = 0;
    int bits = 0;
    for (byte b : raw) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        id.append(XID_ALPHABET[(int) (buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      id.append(XID_ALPHABET[(int) (buffer << (5 - bits)) & 31]);
    }
    return id.toString();
  }
}
