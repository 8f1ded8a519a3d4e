package io.infraaware.sample;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WebSocket chat, {@code /ws/chat?room=R&token=T[&after=ID]}: clients send {@code {"text": ...,
 * "ref": ...}} and get an acknowledgement with the message id (or "queued" during a database
 * outage); every stored message of the room, queued ones included once stored, is pushed to every
 * client of the room; {@code after} resumes from the last id a client saw.
 *
 * <p>Public because Tyrus silently never opens sessions on a non-public endpoint class.
 *
 * @since 0.1.0
 */
public final class ChatEndpoint extends Endpoint {

  private final ChatService chat;
  private final AuthClient auth;
  private final Map<String, Set<Session>> rooms;

  private ChatEndpoint(ChatService chat, AuthClient auth, Map<String, Set<Session>> rooms) {
    this.chat = chat;
    this.auth = auth;
    this.rooms = rooms;
  }

  /** The endpoint's configuration, sharing one room registry across sessions. */
  static ServerEndpointConfig config(ChatService chat, AuthClient auth) {
    Map<String, Set<Session>> rooms = new ConcurrentHashMap<>();
    chat.onStored(message -> broadcast(rooms, message));
    return ServerEndpointConfig.Builder.create(ChatEndpoint.class, "/ws/chat")
        .configurator(
            new ServerEndpointConfig.Configurator() {
              @Override
              public <T> T getEndpointInstance(Class<T> type) {
                return type.cast(new ChatEndpoint(chat, auth, rooms));
              }
            })
        .build();
  }

  @Override
  public void onOpen(Session session, EndpointConfig config) {
    Map<String, List<String>> query = session.getRequestParameterMap();
    String room = first(query, "room");
    if (room == null || !room.matches("[A-Za-z0-9_.-]{1,64}")) {
      close(session, CloseReason.CloseCodes.CANNOT_ACCEPT, "a room is required");
      return;
    }
    Deadline deadline = chat.newDeadline();
    String token = first(query, "token");
    AuthClient.Check check = auth.check(token == null ? null : "Bearer " + token, deadline);
    if (check.verdict() == AuthClient.Verdict.INVALID) {
      close(session, CloseReason.CloseCodes.VIOLATED_POLICY, "a valid token is required");
      return;
    }
    if (check.verdict() == AuthClient.Verdict.UNAVAILABLE) {
      close(session, CloseReason.CloseCodes.TRY_AGAIN_LATER, "the auth service is unavailable");
      return;
    }
    String user = check.user();
    session.getUserProperties().put("room", room);
    session.getUserProperties().put("user", user);
    String after = first(query, "after");
    boolean resuming = after != null && after.matches("\\d{1,18}");
    Delivered delivered = new Delivered(resuming);
    session.getUserProperties().put(Delivered.class.getName(), delivered);
    session.addMessageHandler(
        String.class, (MessageHandler.Whole<String>) text -> receive(session, room, user, text));
    // Joined before the replay, so nothing stored in between is missed; Delivered drops the
    // messages that both the replay and the room broadcast would send.
    rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(session);
    if (resuming) {
      for (Message missed : chat.after(room, Long.parseLong(after), deadline).messages()) {
        deliver(session, missed);
      }
      delivered.replayDone();
    }
    chat.presence(room, user, true);
  }

  /**
   * The ids a resuming session was sent while its replay ran, so a message both replayed and
   * broadcast reaches it once.
   */
  private static final class Delivered {
    private final Set<Long> ids = ConcurrentHashMap.newKeySet();
    private volatile boolean replaying;

    Delivered(boolean replaying) {
      this.replaying = replaying;
    }

    /** Whether to send the message: once per id while replaying, and not again afterwards. */
    boolean first(long id) {
      return replaying ? ids.add(id) : !ids.contains(id);
    }

    void replayDone() {
      replaying = false;
    }
  }

  private static void deliver(Session session, Message message) {
    Object delivered = session.getUserProperties().get(Delivered.class.getName());
    if (delivered == null || ((Delivered) delivered).first(message.id())) {
      send(session, Map.of("type", "message", "message", message));
    }
  }

  private void receive(Session session, String room, String user, String text) {
    Map<String, Object> ack = new LinkedHashMap<>();
    ack.put("type", "ack");
    try {
      JsonNode body = Http.JSON.readTree(text);
      ack.put("ref", body.path("ref").asText(""));
      String message = body.path("text").asText("");
      if (message.isBlank() || message.length() > 2000) {
        ack.put("error", "field [text] must be a non-empty string of at most 2000 characters");
        send(session, ack);
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
    } catch (IOException e) {
      ack.put("error", "the message is not JSON");
    }
    send(session, ack);
  }

  @Override
  public void onClose(Session session, CloseReason reason) {
    Object room = session.getUserProperties().get("room");
    if (room != null) {
      Set<Session> sessions = rooms.getOrDefault(room.toString(), Set.of());
      sessions.remove(session);
      Object user = session.getUserProperties().get("user");
      boolean stillThere =
          sessions.stream().anyMatch(other -> user.equals(other.getUserProperties().get("user")));
      if (!stillThere) {
        chat.presence(room.toString(), user.toString(), false);
      }
    }
  }

  private static void broadcast(Map<String, Set<Session>> rooms, Message message) {
    for (Session session : rooms.getOrDefault(message.room(), Set.of())) {
      deliver(session, message);
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
    } catch (IOException e) {
      // the client went away; onClose forgets it
    }
  }

  private static void close(Session session, CloseReason.CloseCode code, String why) {
    try {
      session.close(new CloseReason(code, why));
    } catch (IOException e) {
      // already closed
    }
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
