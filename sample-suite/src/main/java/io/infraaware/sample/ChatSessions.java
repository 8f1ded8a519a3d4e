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
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open chat WebSocket sessions: each ends when its token expires (the session must not outlive
 * what HTTP would refuse), sends at most {@code WS_MESSAGES_PER_MINUTE}, every error is counted by
 * its {@link WebSocketError} class for health, and a stopping backend closes every session with
 * 1001. An error that is the backend's fault ({@link WebSocketError#backendFault()}) makes the
 * layer DEGRADED, writes a {@code websocket.failing} event and raises an alert when {@code
 * websocket} is critical, until a session is served again (admitted, or a message taken).
 */
final class ChatSessions implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChatSessions.class);

  /** The longest text message a session takes, assembled from all its frames, in characters. */
  static final int MAX_MESSAGE_CHARS = 16 * 1024;

  /**
   * A backend fault, kept until a session is served again.
   *
   * @param error its class
   * @param detail what happened
   * @param at when
   */
  record Fault(WebSocketError error, String detail, Instant at) {}

  private final Alerts alerts;
  private final Events events;
  private final int messagesPerMinute;
  private final AtomicReference<Fault> failing = new AtomicReference<>();
  private final Map<Session, Optional<ScheduledFuture<?>>> open = new ConcurrentHashMap<>();
  private final Map<WebSocketError, LongAdder> errors = new EnumMap<>(WebSocketError.class);
  private final ScheduledExecutorService expiry =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "sample-ws-token-expiry");
            thread.setDaemon(true);
            return thread;
          });

  ChatSessions(Alerts alerts, Events events, int messagesPerMinute) {
    this.alerts = alerts;
    this.events = events;
    this.messagesPerMinute = messagesPerMinute;
    for (WebSocketError error : WebSocketError.values()) {
      errors.put(error, new LongAdder());
    }
  }

  /** A session was admitted with a token valid until {@code expiresAt}: it is closed then. */
  void opened(Session session, Instant expiresAt) {
    session.getUserProperties().put("tokenExpiresAt", expiresAt);
    session.getUserProperties().put("messageRate", new Rate(messagesPerMinute));
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
    served();
  }

  /**
   * Takes one message of a session against its rate.
   *
   * @return 0 when it may be sent now, else how many milliseconds until one may
   */
  long takeMessage(Session session) {
    return session.getUserProperties().get("messageRate") instanceof Rate rate ? rate.take() : 0;
  }

  /** A token bucket: a minute's messages at once at most, refilled evenly over the minute. */
  private static final class Rate {
    private final int perMinute;
    private double tokens;
    private long refilledAt = System.nanoTime();

    Rate(int perMinute) {
      this.perMinute = perMinute;
      this.tokens = perMinute;
    }

    synchronized long take() {
      long now = System.nanoTime();
      // in double: a long idle session times a large limit would overflow a long
      tokens = Math.min(perMinute, tokens + (now - refilledAt) / 60e9 * perMinute);
      refilledAt = now;
      if (tokens >= 1) {
        tokens--;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) * 60_000 / perMinute));
    }
  }

  /** A session was served (admitted, or a message taken): a backend fault is over. */
  void served() {
    if (failing.get() == null) {
      return;
    }
    // one lock for the state and its alert: a fault and a recovery at once must not leave an
    // alert raised while health says UP
    synchronized (failing) {
      Fault over = failing.getAndSet(null);
      if (over == null) {
        return;
      }
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("event", "websocket.recovered");
      line.put("at", Instant.now().toString());
      line.put("failingSince", over.at().toString());
      events.emit("INFO", line);
      alerts.recovered(SampleConfig.WEBSOCKET, "the WebSocket layer serves sessions again");
    }
  }

  private void fault(WebSocketError error, String detail) {
    Fault now = new Fault(error, detail, Instant.now());
    synchronized (failing) {
      if (failing.getAndSet(now) != null) {
        return;
      }
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("event", "websocket.failing");
      line.put("at", now.at().toString());
      line.put("errorType", error.name());
      line.put("detail", detail);
      line.put("openSessions", open.size());
      events.emit("WARN", line);
      alerts.failing(
          SampleConfig.WEBSOCKET,
          "the WebSocket layer failed a client: " + error.name() + ": " + detail);
    }
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
  void count(WebSocketError error, String detail) {
    errors.get(error).increment();
    if (error.backendFault()) {
      fault(error, detail);
    }
  }

  /** Ends a session for a reason of the given class, with its close code. */
  void close(Session session, WebSocketError error, String detail) {
    count(error, detail);
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

  /** The backend fault no session has been served since, if any. */
  Optional<Fault> failing() {
    return Optional.ofNullable(failing.get());
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
    Fault fault = failing.get();
    body.put("status", expiry.isShutdown() ? "DOWN" : fault != null ? "DEGRADED" : "UP");
    body.put("openSessions", open.size());
    body.put("maxMessageChars", MAX_MESSAGE_CHARS);
    body.put("messagesPerMinute", messagesPerMinute);
    body.put("errors", counts);
    if (fault != null) {
      body.put(
          "failing",
          Map.of(
              "errorType", fault.error().name(),
              "detail", fault.detail(),
              "since", fault.at().toString()));
    }
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
