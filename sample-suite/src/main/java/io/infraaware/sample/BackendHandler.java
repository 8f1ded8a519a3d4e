package io.infraaware.sample;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * The backend's HTTP API: messages and presence per room behind bearer tokens, and the health
 * endpoints. Every API request gets one deadline that all its dependency calls share.
 */
final class BackendHandler implements HttpServerHost.Handler {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(BackendHandler.class);

  private static final Pattern ROOM =
      Pattern.compile("/api/rooms/([A-Za-z0-9_.-]{1,64})/(messages|presence)");

  private final ChatService chat;
  private final AuthClient auth;
  private final Guard guard;
  private final HealthReport health;

  BackendHandler(ChatService chat, AuthClient auth, Guard guard, HealthReport health) {
    this.chat = chat;
    this.auth = auth;
    this.guard = guard;
    this.health = health;
  }

  @Override
  public void serve(Request request, Response response, byte[] requestBody) throws Exception {
    String path = request.getRequestURI();
    try {
      Matcher room = ROOM.matcher(path);
      if (room.matches()) {
        Deadline deadline = guard.newDeadline();
        AuthClient.Check check = authenticate(request, deadline);
        if (room.group(2).equals("messages")) {
          messages(request, response, requestBody, room.group(1), check, deadline);
        } else {
          requireGet(request);
          ChatService.Presence present = chat.present(room.group(1), deadline);
          Http.send(
              response, 200, Map.of("users", present.users(), "degraded", present.degraded()));
        }
        return;
      }
      requireGet(request);
      switch (path) {
        case "/health" -> {
          Map<String, Object> body = health.health();
          Http.send(response, "DOWN".equals(body.get("status")) ? 503 : 200, body);
        }
        case "/health/infrastructure" -> Http.send(response, 200, health.infrastructure());
        case "/health/circuit-breakers" -> Http.send(response, 200, health.circuitBreakers());
        case "/health/resilience" -> Http.send(response, 200, health.resilience());
        case "/health/authentication" -> Http.send(response, 200, health.authentication());
        case "/health/websocket" -> Http.send(response, 200, health.websocket());
        default -> throw new Http.Failure(404, "no route for " + request.getMethod() + " " + path);
      }
    } catch (Http.Failure failure) {
      Http.fail(response, failure);
    } catch (RuntimeException e) {
      // a bug must not answer with Grizzly's HTML page and a stack trace
      LOG.error("{} {} failed", request.getMethod(), path, e);
      Http.fail(response, new Http.Failure(500, "the backend failed; see its log"));
    }
  }

  /**
   * 401 for a missing or rejected token, with the auth service's reason; 503 when nobody can tell
   * whether it is valid.
   */
  private AuthClient.Check authenticate(Request request, Deadline deadline) throws Http.Failure {
    AuthClient.Check check = auth.check(request.getHeader("Authorization"), deadline);
    switch (check.verdict()) {
      case INVALID:
        throw new Http.Failure(
            401, "a valid bearer token is required: " + check.message(), check.reason());
      case UNAVAILABLE:
        throw new Http.Failure(
            503, "the auth service is unavailable and this token was not validated recently");
      default:
        return check;
    }
  }

  private void messages(
      Request request,
      Response response,
      byte[] requestBody,
      String room,
      AuthClient.Check check,
      Deadline deadline)
      throws Exception {
    boolean authDegraded = check.verdict() == AuthClient.Verdict.VALID_FROM_CACHE;
    if (request.getMethod() == Method.POST) {
      String text = Http.text(Http.body(requestBody), "text", 2000);
      ChatService.Posted posted;
      try {
        posted = chat.post(room, check.user(), text, deadline);
      } catch (ChatService.OutboxFullException | OutboxJournal.WriteFailedException e) {
        // not accepted: "queued" is promised only for what the journal keeps
        throw new Http.Failure(503, e.getMessage());
      } catch (ChatService.RejectedMessageException e) {
        throw new Http.Failure(500, "the message could not be stored");
      }
      Map<String, Object> body = new LinkedHashMap<>();
      if (posted.stored().isPresent()) {
        body.put("message", posted.stored().get());
      } else {
        body.put("status", "queued");
        body.put("clientKey", posted.pending().clientKey());
      }
      body.put("degraded", posted.degraded() || authDegraded);
      Http.send(response, posted.stored().isPresent() ? 201 : 202, body);
    } else if (request.getMethod() == Method.GET) {
      ChatService.Read read = chat.recent(room, deadline);
      Http.send(
          response,
          200,
          Map.of("messages", read.messages(), "degraded", read.degraded() || authDegraded));
    } else {
      throw new Http.Failure(405, "use GET or POST on " + request.getRequestURI());
    }
  }

  private static void requireGet(Request request) throws Http.Failure {
    if (request.getMethod() != Method.GET) {
      throw new Http.Failure(405, "use GET on " + request.getRequestURI());
    }
  }
}
