package io.infraaware.toxiproxy.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Toxiproxy 2.12's HTTP API: the same routes, status codes, bodies, content types and headers.
 *
 * <p>One deviation, on purpose: request bodies over 1 MiB are refused (the real server reads any
 * size), with the text Go's {@code MaxBytesReader} uses.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class Api {

  /** The API version this server implements and reports. */
  public static final String VERSION = "2.12.0";

  /** The largest request body the API reads. */
  static final int MAX_BODY = 1024 * 1024;

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

  /**
   * Answers one request.
   *
   * @param request the request, read whole
   * @return the answer
   */
  ApiResponse handle(ApiRequest request) {
    String method = request.method();
    String path = request.path();
    String[] parts = path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
    Route route = path.startsWith("/") ? route(parts) : null;
    if (route == null) {
      return answer(new Response(404, TEXT, "404 page not found\n", true), false);
    }
    if (!route.allows(method)) {
      return answer(new Response(405, null, "", false), false);
    }
    String agent = request.header("user-agent");
    if (agent != null && agent.startsWith("Mozilla/")) {
      return answer(new Response(403, TEXT, "User agent not allowed\n", true), true);
    }
    Response response;
    try {
      response = dispatch(route, method, parts, request);
    } catch (ApiException e) {
      response =
          new Response(e.status(), TEXT, Json.error(e.getMessage(), e.status()) + "\n", true);
    } catch (Registry.PopulateException e) {
      response =
          new Response(
              e.status(), JSON, Json.populateError(e.getMessage(), e.status(), e.created()), false);
    }
    return answer(response, true);
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

  private Response dispatch(Route route, String method, String[] parts, ApiRequest request)
      throws ApiException, Registry.PopulateException {
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
                registry.create(proxySpec(Json.parse(body(request)), "toxiproxy.Proxy"))));
      case POPULATE:
        return populate(request);
      case RESET:
        registry.reset();
        return new Response(204, null, "", false);
      case PROXY:
        return proxy(method, decode(parts[1]), request);
      case TOXICS:
        if (method.equals("GET")) {
          return ok(200, Json.toxicsJson(registry.require(decode(parts[1])).toxics()));
        }
        return ok(200, Json.toxicJson(addToxic(decode(parts[1]), Json.parse(body(request)))));
      default:
        return toxic(method, decode(parts[1]), decode(parts[3]), request);
    }
  }

  private Response proxy(String method, String name, ApiRequest request) throws ApiException {
    switch (method) {
      case "GET":
        return ok(200, Json.proxyJson(registry.require(name)));
      case "DELETE":
        registry.delete(name);
        return new Response(204, null, "", false);
      default:
        registry.require(name);
        JsonNode body = Json.parse(body(request));
        return ok(200, Json.proxyJson(registry.update(name, proxySpec(body, "toxiproxy.Proxy"))));
    }
  }

  private Response toxic(String method, String proxy, String toxic, ApiRequest request)
      throws ApiException {
    switch (method) {
      case "GET":
        return ok(200, Json.toxicJson(registry.toxic(proxy, toxic)));
      case "DELETE":
        registry.removeToxic(proxy, toxic);
        return new Response(204, null, "", false);
      default:
        Toxic existing = registry.toxic(proxy, toxic);
        JsonNode body = object(Json.parse(body(request)), "toxics.Toxic");
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

  private Response populate(ApiRequest request) throws Registry.PopulateException {
    List<Registry.ProxySpec> specs = new ArrayList<>();
    try {
      JsonNode body = Json.parse(body(request));
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

  private static String body(ApiRequest request) throws ApiException {
    if (request.bodyTooLarge()) {
      throw new ApiException(400, "bad request body: http: request body too large");
    }
    return new String(request.body(), StandardCharsets.UTF_8);
  }

  private static String decode(String segment) {
    return java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The response with Toxiproxy's headers, in the order Go writes them (sorted by name). */
  private ApiResponse answer(Response response, boolean routed) {
    List<Map.Entry<String, String>> headers = new ArrayList<>(3);
    if (response.contentType() != null) {
      headers.add(Map.entry("Content-Type", response.contentType()));
    }
    if (response.textError()) {
      headers.add(Map.entry("X-Content-Type-Options", "nosniff"));
    }
    if (routed) {
      headers.add(Map.entry("X-Toxiproxy-Request-Id", requestId()));
    }
    return ApiResponse.of(response.status(), headers, response.body());
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
