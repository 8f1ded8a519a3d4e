package io.infraaware.sample;

import java.util.LinkedHashMap;
import java.util.Map;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth service's HTTP API: {@code POST /auth/token}, {@code GET /auth/validate}, {@code GET
 * /health}. Every answer is JSON; a rejected token gets 401 with the reason, and a failure of the
 * service itself a 500 that names no internals.
 */
final class AuthHandler implements HttpServerHost.Handler {

  private static final Logger LOG = LoggerFactory.getLogger(AuthHandler.class);

  private final AuthService auth;

  AuthHandler(AuthService auth) {
    this.auth = auth;
  }

  @Override
  public void serve(Request request, Response response, byte[] body) throws Exception {
    String path = request.getRequestURI();
    try {
      if (path.equals("/auth/token") && request.getMethod() == Method.POST) {
        String user = Http.text(Http.body(body), "user", 64);
        Http.send(response, 200, Map.of("token", auth.issue(user)));
      } else if (path.equals("/auth/validate") && request.getMethod() == Method.GET) {
        validate(request, response);
      } else if (path.equals("/health")) {
        Http.send(response, 200, Map.of("status", "UP"));
      } else {
        throw new Http.Failure(404, "no route for " + request.getMethod() + " " + path);
      }
    } catch (Http.Failure failure) {
      Http.fail(response, failure);
    } catch (RuntimeException e) {
      // never Grizzly's HTML page with a stack trace: the client learns nothing of the internals
      LOG.error("{} {} failed", request.getMethod(), path, e);
      Http.fail(response, new Http.Failure(500, "the auth service failed; see its log"));
    }
  }

  private void validate(Request request, Response response) throws Exception {
    String header = request.getHeader("Authorization");
    if (header == null || !header.startsWith("Bearer ") || header.length() <= 7) {
      throw new Http.Failure(401, "a bearer token is required");
    }
    AuthService.Validation validation = auth.validate(header.substring(7).trim());
    if (!validation.valid()) {
      Map<String, Object> body = new LinkedHashMap<>();
      AuthService.Rejection rejection = validation.rejection();
      body.put(
          "error",
          rejection.description()
              + (validation.detail() == null ? "" : " [" + validation.detail() + "]"));
      body.put("status", 401);
      body.put("reason", rejection.name());
      Http.send(response, 401, body);
      return;
    }
    Http.send(response, 200, Map.of("user", validation.user()));
  }
}
