package io.infraaware.sample;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
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

  private final ChatService chat;
  private final AuthClient auth;
  private final RoomFeeds feeds;

  private ChatEndpoint(ChatService chat, AuthClient auth, RoomFeeds feeds) {
    this.chat = chat;
    this.auth = auth;
    this.feeds = feeds;
  }

  /** The endpoint's configuration; every session shares {@code feeds}. */
  static ServerEndpointConfig config(ChatService chat, AuthClient auth, RoomFeeds feeds) {
    return ServerEndpointConfig.Builder.create(ChatEndpoint.class, "/ws/chat")
        .configurator(
            new ServerEndpointConfig.Configurator() {
              @Override
              public <T> T getEndpointInstance(Class<T> type) {
                return type.cast(new ChatEndpoint(chat, auth, feeds));
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
    // what this client counts as "from now on": taken before the token check, so a message sent
    // while its token is checked is still delivered
    Instant joinedAt = Instant.now();
    Map<String, List<String>> query = session.getRequestParameterMap();
    String room = first(query, "room");
    if (room == null || !room.matches("[A-Za-z0-9_.-]{1,64}")) {
      close(session, CloseReason.CloseCodes.CANNOT_ACCEPT, "a room is required");
      return;
    }
    String after = first(query, "after");
    if (after != null && !after.matches("\\d{1,18}")) {
      close(session, CloseReason.CloseCodes.CANNOT_ACCEPT, "after must be a message id");
      return;
    }
    String token = first(query, "token");
    AuthClient.Check check =
        auth.check(token == null ? null : "Bearer " + token, chat.newDeadline());
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
    session.addMessageHandler(
        String.class, (MessageHandler.Whole<String>) text -> receive(session, room, user, text));
    feeds.join(room, session, after == null ? null : Long.parseLong(after), joinedAt);
    chat.presence(room, user, true);
  }

  private void receive(Session session, String room, String user, String text) {
    Map<String, Object> ack = new LinkedHashMap<>();
    ack.put("type", "ack");
    try {
      JsonNode body = Http.JSON.readTree(text);
      ack.put("ref", body.path("ref").asText(""));
      String message = body.path("text").asText("");
      String problem = Http.problemWithText(message, 2000);
      if (problem != null) {
        ack.put("error", "field [text] " + problem);
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
    } catch (ChatService.OutboxFullException
        | ChatService.RejectedMessageException
        | OutboxJournal.WriteFailedException e) {
      ack.put("error", e.getMessage());
    }
    send(session, ack);
  }

  @Override
  public void onClose(Session session, CloseReason reason) {
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
