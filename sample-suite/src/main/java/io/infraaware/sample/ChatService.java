package io.infraaware.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The chat's rules under failure: every call to a dependency goes through its breaker and is cut
 * off at the user-facing deadline; writes the database cannot take wait in an outbox and are stored
 * (once, by their client key) when it returns; reads fall back to the cache; answers say when they
 * are degraded.
 */
final class ChatService implements AutoCloseable {

  /** A message the database did not take yet. */
  record Pending(
      String room,
      String author,
      String text,
      Instant createdAt,
      String clientKey,
      boolean viaWebSocket) {}

  /** The answer to a post: the stored message, or the queued one. */
  record Posted(Optional<Message> stored, Pending pending, boolean degraded) {}

  /** The answer to a read. */
  record Read(List<Message> messages, boolean degraded) {}

  /** Who is in a room. */
  record Presence(List<String> users, boolean degraded) {}

  /** The share of a read's deadline kept for the cache when the database does not answer. */
  private static final double FALLBACK_SHARE = 0.25;

  private final MessageStore store;
  private final RecentCache cache;
  private final Guard guard;
  private final ConcurrentLinkedQueue<Pending> outbox = new ConcurrentLinkedQueue<>();
  private final java.util.List<java.util.function.Consumer<Message>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ScheduledExecutorService drainer =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "sample-outbox");
            thread.setDaemon(true);
            return thread;
          });

  ChatService(SampleConfig config, MessageStore store, RecentCache cache, Guard guard) {
    this.store = store;
    this.cache = cache;
    this.guard = guard;
    long every = Math.max(50, config.scaled(Duration.ofSeconds(1)).toMillis());
    drainer.scheduleWithFixedDelay(this::drainOutbox, every, every, TimeUnit.MILLISECONDS);
  }

  Posted post(String room, String author, String text, Deadline deadline) {
    return post(room, author, text, false, deadline);
  }

  Posted post(String room, String author, String text, boolean viaWebSocket, Deadline deadline) {
    Pending pending =
        new Pending(room, author, text, Instant.now(), UUID.randomUUID().toString(), viaWebSocket);
    try {
      Message stored = guard.call(Breakers.DATABASE, deadline, () -> save(pending));
      refreshCache(room);
      listeners.forEach(listener -> listener.accept(stored));
      return new Posted(Optional.of(stored), pending, false);
    } catch (Exception e) {
      // The save may still finish after the deadline; the client key makes the replay harmless.
      outbox.add(pending);
      return new Posted(Optional.empty(), pending, true);
    }
  }

  Read recent(String room, Deadline deadline) {
    try {
      List<Message> messages =
          guard.call(
              Breakers.DATABASE,
              deadline.leaving(FALLBACK_SHARE),
              () -> store.recent(room, RecentCache.SIZE));
      guard.callLater(
          Breakers.REDIS,
          () -> {
            cache.put(room, messages);
            return null;
          });
      return new Read(messages, false);
    } catch (Exception e) {
      Optional<List<Message>> cached =
          guard.callQuietly(Breakers.REDIS, deadline, () -> cache.get(room).orElse(null));
      return new Read(cached.orElse(List.of()), true);
    }
  }

  /** Tells {@code listener} about every message stored from now on, queued ones included. */
  void onStored(java.util.function.Consumer<Message> listener) {
    listeners.add(listener);
  }

  /** What a reconnecting client missed: messages after an id, from the database or the cache. */
  Read after(String room, long id, Deadline deadline) {
    try {
      return new Read(
          guard.call(
              Breakers.DATABASE, deadline.leaving(FALLBACK_SHARE), () -> store.after(room, id)),
          false);
    } catch (Exception e) {
      List<Message> cached =
          guard
              .callQuietly(Breakers.REDIS, deadline, () -> cache.get(room).orElse(null))
              .orElse(List.of());
      return new Read(cached.stream().filter(message -> message.id() > id).toList(), true);
    }
  }

  /** Records that a user joined or left a room; best effort, as presence is only a nicety. */
  void presence(String room, String user, boolean joined) {
    guard.callQuietly(
        Breakers.REDIS,
        guard.newDeadline(),
        () -> {
          if (joined) {
            cache.join(room, user);
          } else {
            cache.leave(room, user);
          }
          return null;
        });
  }

  /** Who is in a room; empty and degraded while Redis is unavailable. */
  Presence present(String room, Deadline deadline) {
    Optional<List<String>> users =
        guard.callQuietly(Breakers.REDIS, deadline, () -> cache.present(room));
    return new Presence(users.orElse(List.of()), users.isEmpty());
  }

  /** Messages sent over WebSocket that wait in the outbox for the database. */
  int bufferedWebSocketMessages() {
    return (int) outbox.stream().filter(Pending::viaWebSocket).count();
  }

  int outboxSize() {
    return outbox.size();
  }

  /** A deadline for one user request. */
  Deadline newDeadline() {
    return guard.newDeadline();
  }

  private Message save(Pending pending) throws Exception {
    return store.save(
        pending.room(), pending.author(), pending.text(), pending.createdAt(), pending.clientKey());
  }

  /** Off the request path: a hanging Redis must not delay an answer the database already gave. */
  private void refreshCache(String room) {
    guard.callLater(
        Breakers.REDIS,
        () -> {
          cache.evict(room);
          return null;
        });
  }

  /**
   * Stores what waited in the outbox, oldest first, while the database breaker lets calls through.
   */
  void drainOutbox() {
    Pending next;
    while ((next = outbox.peek()) != null) {
      Pending pending = next;
      try {
        Message stored = guard.call(Breakers.DATABASE, guard.newDeadline(), () -> save(pending));
        outbox.remove(pending);
        listeners.forEach(listener -> listener.accept(stored));
        refreshCache(pending.room());
      } catch (Exception e) {
        return; // still down: try again on the next round
      }
    }
  }

  @Override
  public void close() {
    drainer.shutdownNow();
  }
}
