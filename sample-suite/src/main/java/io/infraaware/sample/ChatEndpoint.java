package io.infraaware.sample;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The WebSocket chat, {@code /ws/chat?room=R&token=T[&after=ID]}: clients send {@code {"text": ...,
 * "ref": ...}} and get an acknowledgement with the message id (or "queued" during a database
 * outage); every stored message of the room, queued ones included once stored, is pushed to every
 * client of the room in id order; {@code after} resumes from the last id a client saw (see {@link
 * RoomFeeds}).
 *
 * <p>Public because Tyrus silently never opens sessions on a non-public endpoint class.
 *
 * @since 0.1.0
 */
public final class ChatEndpoint extends Endpoint {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChatEndpoint.class);

  private final ChatService chat;
  private final AuthClient auth;
  private final RoomFeeds feeds;
  private final ChatSessions sessions;

  private ChatEndpoint(ChatService chat, AuthClient auth, RoomFeeds feeds, ChatSessions sessions) {
    this.chat = chat;
    this.auth = auth;
    this.feeds = feeds;
    this.sessions = sessions;
  }

  /** The session property holding when its handshake was answered. */
  static final String HANDSHAKE_AT = "handshakeAt";

  /** The endpoint's configuration; every session shares {@code feeds} and {@code sessions}. */
  static ServerEndpointConfig config(
      ChatService chat, AuthClient auth, RoomFeeds feeds, ChatSessions sessions) {
    return ServerEndpointConfig.Builder.create(ChatEndpoint.class, "/ws/chat")
        .configurator(
            new ServerEndpointConfig.Configurator() {
              @Override
              public <T> T getEndpointInstance(Class<T> type) {
                return type.cast(new ChatEndpoint(chat, auth, feeds, sessions));
              }

              @Override
              public void modifyHandshake(
                  ServerEndpointConfig connection,
                  jakarta.websocket.server.HandshakeRequest request,
                  jakarta.websocket.HandshakeResponse response) {
                // before the handshake's answer: a client that sends (or whose room gets a
                // message) as soon as it is connected is past this instant. onOpen may run
                // later. Tyrus (WebSocket 2.1) copies these properties per connection into the
                // session's.
                connection.getUserProperties().put(HANDSHAKE_AT, Instant.now());
              }
            })
        .build();
  }

  /** How a stored message goes to one client. */
  static void deliver(Session session, Message message) {
    send(session, Map.of("type", "message", "message", message));
  }

  @Override
  public void onOpen(Session session, EndpointConfig config) {
    // a message is bounded as a whole, not per frame: continuation frames cannot assemble more
    session.setMaxTextMessageBufferSize(ChatSessions.MAX_MESSAGE_CHARS);
    session.setMaxBinaryMessageBufferSize(1024);
    // Without a binary handler Tyrus fails the session with an exception whose message prints the
    // session's URI, token included. A partial handler sees the first frame, nothing is buffered.
    session.addMessageHandler(
        ByteBuffer.class,
        (MessageHandler.Partial<ByteBuffer>)
            (bytes, last) ->
                sessions.close(
                    session,
                    WebSocketError.UNSUPPORTED_DATA,
                    "binary messages are not taken; send text frames holding JSON"));
    // what this client counts as "from now on": the handshake, before the client could send or
    // the token was checked, so a message sent meanwhile is still delivered
    Instant joinedAt =
        session.getUserProperties().get(HANDSHAKE_AT) instanceof Instant at ? at : Instant.now();
    Map<String, List<String>> query = session.getRequestParameterMap();
    String room = first(query, "room");
    if (room == null || !room.matches("[A-Za-z0-9_.-]{1,64}")) {
      sessions.close(session, WebSocketError.BAD_REQUEST, "a room is required");
      return;
    }
    String after = first(query, "after");
    if (after != null && !after.matches("\\d{1,18}")) {
      sessions.close(session, WebSocketError.BAD_REQUEST, "after must be a message id");
      return;
    }
    String token = first(query, "token");
    AuthClient.Check check =
        auth.check(token == null ? null : "Bearer " + token, chat.newDeadline());
    if (check.verdict() == AuthClient.Verdict.INVALID) {
      sessions.close(
          session,
          check.reason() != null && check.reason().equals("EXPIRED")
              ? WebSocketError.AUTH_EXPIRED
              : WebSocketError.AUTH_INVALID,
          check.reason() == null ? "a valid token is required" : check.reason());
      return;
    }
    if (check.verdict() == AuthClient.Verdict.UNAVAILABLE) {
      sessions.close(session, WebSocketError.AUTH_UNAVAILABLE, "the auth service is unavailable");
      return;
    }
    String user = check.user();
    session.getUserProperties().put("room", room);
    session.getUserProperties().put("user", user);
    sessions.opened(session, check.expiresAt());
    session.addMessageHandler(
        String.class, (MessageHandler.Whole<String>) text -> receive(session, room, user, text));
    feeds.join(room, session, after == null ? null : Long.parseLong(after), joinedAt);
    chat.presence(room, user, true);
  }

  private void receive(Session session, String room, String user, String text) {
    if (sessions.expired(session)) {
      // the timer may be late; a message after the token's end is never taken
      sessions.close(session, WebSocketError.AUTH_EXPIRED, "the token expired");
      return;
    }
    Map<String, Object> ack = new LinkedHashMap<>();
    ack.put("type", "ack");
    long wait = sessions.takeMessage(session);
    if (wait > 0) {
      ack.put("ref", ref(text));
      error(ack, WebSocketError.RATE_LIMITED, "too many messages: wait " + wait + " ms");
      ack.put("retryAfterMillis", wait);
      send(session, ack);
      return;
    }
    try {
      JsonNode body = Http.JSON.readTree(text);
      if (body == null || !body.isObject()) {
        send(
            session,
            error(ack, WebSocketError.MALFORMED_MESSAGE, "the message is not a JSON object"));
        return;
      }
      ack.put("ref", body.path("ref").asText(""));
      String message = body.path("text").asText("");
      String problem = Http.problemWithText(message, 2000);
      if (problem != null) {
        send(session, error(ack, WebSocketError.INVALID_TEXT, "field [text] " + problem));
        return;
      }
      ChatService.Posted posted = chat.post(room, user, message, true, chat.newDeadline());
      if (posted.stored().isPresent()) {
        ack.put("id", posted.stored().get().id());
      } else {
        ack.put("queued", true);
        ack.put("clientKey", posted.pending().clientKey());
      }
      ack.put("degraded", posted.degraded());
      sessions.served();
    } catch (IOException e) {
      error(ack, WebSocketError.MALFORMED_MESSAGE, "the message is not JSON");
    } catch (ChatService.OutboxFullException | OutboxJournal.WriteFailedException e) {
      error(ack, WebSocketError.NOT_ACCEPTED_NOW, e.getMessage());
    } catch (ChatService.RejectedMessageException e) {
      error(ack, WebSocketError.REJECTED, e.getMessage());
    }
    send(session, ack);
  }

  /** The {@code ref} of a message, if it is JSON that has one: a refused message is still named. */
  private static String ref(String text) {
    try {
      JsonNode body = Http.JSON.readTree(text);
      return body != null && body.isObject() ? body.path("ref").asText("") : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** An acknowledgement that carries an error: its class, whether to retry, and the detail. */
  private Map<String, Object> error(Map<String, Object> ack, WebSocketError error, String message) {
    sessions.count(error, message);
    ack.put("error", message);
    ack.put("errorType", error.name());
    ack.put("retry", error.retry());
    return ack;
  }

  /**
   * A message over the size limit (Tyrus closes with 1009 by itself) or a failure of the session;
   * counted by class, so health shows what clients meet.
   */
  @Override
  public void onError(Session session, Throwable failure) {
    // Tyrus's MessageTooBigException is package-private: known by its name
    if (failure.getClass().getSimpleName().equals("MessageTooBigException")) {
      sessions.close(
          session,
          WebSocketError.MESSAGE_TOO_BIG,
          "a message may have at most " + ChatSessions.MAX_MESSAGE_CHARS + " characters");
    } else if (!(failure instanceof IOException) && session.isOpen()) {
      // a session closed under a handler (the client went away, the backend stops) is no failure
      // to report: Tyrus throws IllegalStateException from a closed session's methods
      // Tyrus's messages print the session, whose URI holds the bearer token
      LOG.warn(
          "A WebSocket session failed",
          withoutToken(failure, first(session.getRequestParameterMap(), "token"), 0));
      sessions.close(session, WebSocketError.INTERNAL, "the backend failed");
    }
  }

  /**
   * A failure fit to log: its text, and its causes' texts, without the token (the query parameter
   * wherever it appears, and the token itself where it is long enough to be told from other text),
   * the stack traces kept.
   */
  static Throwable withoutToken(Throwable failure, String token, int depth) {
    String text = String.valueOf(failure.getMessage());
    text = TOKEN_PARAMETER.matcher(text).replaceAll("$1****");
    if (token != null && token.length() >= 8) {
      text = text.replace(token, "****");
    }
    Throwable cause =
        failure.getCause() == null || failure.getCause() == failure || depth >= 8
            ? null
            : withoutToken(failure.getCause(), token, depth + 1);
    IllegalStateException scrubbed =
        new IllegalStateException(failure.getClass().getName() + ": " + text, cause);
    scrubbed.setStackTrace(failure.getStackTrace());
    return scrubbed;
  }

  private static final java.util.regex.Pattern TOKEN_PARAMETER =
      java.util.regex.Pattern.compile("(?i)(token=)[^&\\s'\"}]*");

  @Override
  public void onClose(Session session, CloseReason reason) {
    if (reason.getCloseCode().getCode() == FrameLimit.TOO_BIG.getCloseCode().getCode()
        && FrameLimit.TOO_BIG.getReasonPhrase().equals(reason.getReasonPhrase())) {
      // refused by the frame limit, below the endpoint: counted here
      sessions.count(WebSocketError.MESSAGE_TOO_BIG, FrameLimit.TOO_BIG.getReasonPhrase());
    }
    sessions.closed(session);
    Object room = session.getUserProperties().get("room");
    if (room != null) {
      feeds.leave(room.toString(), session);
      Object user = session.getUserProperties().get("user");
      boolean stillThere =
          feeds.sessions(room.toString()).stream()
              .anyMatch(other -> user.equals(other.getUserProperties().get("user")));
      if (!stillThere) {
        chat.presence(room.toString(), user.toString(), false);
      }
    }
  }

  private static void send(Session session, Object body) {
    if (!session.isOpen()) {
      return;
    }
    try {
      synchronized (session) {
        session.getBasicRemote().sendText(Http.JSON.writeValueAsString(body));
      }
    } catch (IOException | IllegalStateException e) {
      // the client went away (Tyrus throws IllegalStateException for a session closing under us);
      // onClose forgets it
    }
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
