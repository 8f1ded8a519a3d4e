package io.infraaware.toxiproxy.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
  // the shape of Toxiproxy's request ids, not their uniqueness guarantees: no one checks them, and
  // a SecureRandom would cost the start-up its security providers; used on the API's loop only
  private final SplittableRandom ids = new SplittableRandom();

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

  /** A handler reached for a body that has not come yet: the client waits for 100 Continue. */
  private static final class BodyAwaited extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BodyAwaited() {
      super(null, null, false, false);
    }
  }

  /** A handler read a body the client stopped sending: Go's context is cancelled then. */
  private static final class BodyCut extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BodyCut() {
      super(null, null, false, false);
    }
  }

  /**
   * Answers one request. As in Go, where a handler runs once the head has come, a handler that does
   * not read the body answers whatever became of it.
   *
   * @param request the request
   * @return the answer, or null when the body is {@code AWAITED} and the handler would read it
   */
  ApiResponse handle(ApiRequest request) {
    String method = request.method();
    String path = request.path();
    String[] parts = path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
    if (path.equals("*")) {
      // Go's HTTP/2 preface ("PRI * HTTP/2.0"): gorilla/mux cleans "*" to "/*" and redirects there
      return ApiResponse.of(301, List.of(Map.entry("Location", "/%2A")), "");
    }
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
    } catch (BodyAwaited e) {
      return null;
    } catch (BodyCut e) {
      // Toxiproxy's TimeoutHandler answers a cancelled request with an empty 503
      response = new Response(503, null, "", false);
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
        return ok(201, Json.proxyJson(createProxy(request)));
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
        return ok(200, Json.toxicJson(addToxic(decode(parts[1]), request)));
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
        ApiBodies.ProxyFields change = ApiBodies.proxy(ApiBodies.read(body(request)));
        return ok(200, Json.proxyJson(registry.update(name, change.spec())));
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
        registry.toxic(proxy, toxic);
        GoJsonReader.Value body = ApiBodies.read(body(request));
        return ok(
            200,
            Json.toxicJson(
                registry.updateToxic(
                    proxy, toxic, existing -> ApiBodies.toxicUpdate(body, existing))));
    }
  }

  private ToxicProxy createProxy(ApiRequest request) throws ApiException {
    // Toxiproxy's defaults: a proxy is enabled unless the body says otherwise
    ApiBodies.ProxyFields fields = ApiBodies.proxy(ApiBodies.read(body(request)));
    return registry.create(fields.spec());
  }

  private Toxic addToxic(String proxy, ApiRequest request) throws ApiException {
    registry.require(proxy);
    GoJsonReader.Value body = ApiBodies.read(body(request));
    ApiBodies.ToxicFields toxic = ApiBodies.toxic(body);
    return registry.addToxic(
        proxy,
        new Registry.ToxicSpec(toxic.name, toxic.type, toxic.stream, toxic.toxicity),
        type -> ApiBodies.attributes(body, type));
  }

  private Response populate(ApiRequest request) throws Registry.PopulateException {
    List<Registry.ProxySpec> specs;
    try {
      specs = ApiBodies.populate(ApiBodies.read(body(request)));
    } catch (ApiException e) {
      return new Response(
          e.status(), JSON, Json.populateError(e.getMessage(), e.status(), null), false);
    }
    return new Response(
        201, JSON, Json.populated(specs == null ? null : registry.populate(specs)), false);
  }

  private static Response ok(int status, String body) {
    return new Response(status, JSON, body, false);
  }

  private static byte[] body(ApiRequest request) throws ApiException {
    switch (request.bodyState()) {
      case TOO_LARGE:
        throw new ApiException(400, "bad request body: http: request body too large");
      case BROKEN:
        throw new ApiException(400, "bad request body: " + request.bodyError());
      case CUT_BY_CLIENT:
      case CUT_BY_TIMEOUT:
        throw new BodyCut();
      case AWAITED:
        throw new BodyAwaited();
      default:
        return request.body();
    }
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
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) ids.nextInt(256);
    }
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
