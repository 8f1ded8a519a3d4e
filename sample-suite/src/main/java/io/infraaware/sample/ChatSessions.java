package io.infraaware.sample;

import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open chat WebSocket sessions: each ends when its token expires (the session must not outlive
 * what HTTP would refuse), every error is counted by its {@link WebSocketError} class for health,
 * and a stopping backend closes every session with 1001.
 */
final class ChatSessions implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChatSessions.class);

  /** The longest text message a session takes, assembled from all its frames, in characters. */
  static final int MAX_MESSAGE_CHARS = 16 * 1024;

  private final Map<Session, Optional<ScheduledFuture<?>>> open = new ConcurrentHashMap<>();
  private final Map<WebSocketError, LongAdder> errors = new EnumMap<>(WebSocketError.class);
  private final ScheduledExecutorService expiry =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "sample-ws-token-expiry");
            thread.setDaemon(true);
            return thread;
          });

  ChatSessions() {
    for (WebSocketError error : WebSocketError.values()) {
      errors.put(error, new LongAdder());
    }
  }

  /** A session was admitted with a token valid until {@code expiresAt}: it is closed then. */
  void opened(Session session, Instant expiresAt) {
    session.getUserProperties().put("tokenExpiresAt", expiresAt);
    long delay =
        expiresAt.equals(Instant.MAX)
            ? Long.MAX_VALUE
            : Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis());
    ScheduledFuture<?> closing = null;
    if (delay != Long.MAX_VALUE) {
      try {
        closing =
            expiry.schedule(
                () -> close(session, WebSocketError.AUTH_EXPIRED, "the token expired"),
                delay,
                TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopping) {
        close(session, WebSocketError.SERVER_STOPPING, "the backend is stopping");
        return;
      }
    }
    open.put(session, Optional.ofNullable(closing));
  }

  /** Whether the token of a session has expired (checked on each message, too). */
  boolean expired(Session session) {
    Object expiresAt = session.getUserProperties().get("tokenExpiresAt");
    return expiresAt instanceof Instant at && !at.isAfter(Instant.now());
  }

  void closed(Session session) {
    Optional<ScheduledFuture<?>> closing = open.remove(session);
    if (closing != null) {
      closing.ifPresent(future -> future.cancel(false));
    }
  }

  /** Counts an error that keeps the session open (it went to the client in an acknowledgement). */
  void count(WebSocketError error) {
    errors.get(error).increment();
  }

  /** Ends a session for a reason of the given class, with its close code. */
  void close(Session session, WebSocketError error, String detail) {
    count(error);
    try {
      if (session.isOpen()) {
        session.close(error.closeReason(detail));
      }
    } catch (IOException | IllegalStateException e) {
      // already closing
    }
  }

  int openSessions() {
    return open.size();
  }

  /** The WebSocket layer for health: sessions and errors by class. */
  Map<String, Object> health() {
    Map<String, Object> counts = new LinkedHashMap<>();
    errors.forEach(
        (error, count) -> {
          if (count.sum() > 0) {
            counts.put(error.name(), count.sum());
          }
        });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", expiry.isShutdown() ? "DOWN" : "UP");
    body.put("openSessions", open.size());
    body.put("maxMessageChars", MAX_MESSAGE_CHARS);
    body.put("errors", counts);
    return body;
  }

  /** Closes every session with 1001, so clients reconnect elsewhere and resume. */
  @Override
  public void close() {
    expiry.shutdownNow();
    int sessions = open.size();
    for (Session session : open.keySet()) {
      close(session, WebSocketError.SERVER_STOPPING, "the backend is stopping");
    }
    if (sessions > 0) {
      LOG.info("Closed {} WebSocket session(s) with 1001: the backend is stopping", sessions);
    }
  }
}
