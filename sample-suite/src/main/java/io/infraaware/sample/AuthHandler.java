package io.infraaware.sample;

import java.util.Map;
import java.util.Optional;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * The auth service's HTTP API: {@code POST /auth/token}, {@code GET /auth/validate}, {@code GET
 * /health}.
 */
final class AuthHandler extends HttpHandler {

  private final AuthService auth;

  AuthHandler(AuthService auth) {
    this.auth = auth;
  }

  @Override
  public void service(Request request, Response response) throws Exception {
    String path = request.getRequestURI();
    try {
      if (path.equals("/auth/token") && request.getMethod() == Method.POST) {
        String user = Http.text(Http.body(request), "user", 64);
        Http.send(response, 200, Map.of("token", auth.issue(user)));
      } else if (path.equals("/auth/validate") && request.getMethod() == Method.GET) {
        String header = request.getHeader("Authorization");
        Optional<String> user =
            header != null && header.startsWith("Bearer ")
                ? auth.validate(header.substring(7).trim())
                : Optional.empty();
        if (user.isEmpty()) {
          throw new Http.Failure(401, "the token is missing, invalid or expired");
        }
        Http.send(response, 200, Map.of("user", user.get()));
      } else if (path.equals("/health")) {
        Http.send(response, 200, Map.of("status", "UP"));
      } else {
        throw new Http.Failure(404, "no route for " + request.getMethod() + " " + path);
      }
    } catch (Http.Failure failure) {
      Http.fail(response, failure);
    }
  }
}
