package io.infraaware.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The chat's rules under failure: every call to a dependency goes through its breaker and is cut
 * off at the user-facing deadline; writes the database cannot take now (it is down, slow or its
 * breaker is open) wait in an outbox and are stored, once by their client key, when it returns;
 * writes it refuses for good are refused to the user, never queued; reads fall back to the cache;
 * answers say when they are degraded.
 */
final class ChatService implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ChatService.class.getName());

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

  /** The outbox is full: the write cannot be accepted now. */
  static final class OutboxFullException extends Exception {
    private static final long serialVersionUID = 1L;

    OutboxFullException(int capacity) {
      super(
          "the database is unavailable and " + capacity + " messages already wait for it",
          null,
          false,
          false);
    }
  }

  /** The database refused the message for good (not for now): it must not be queued. */
  static final class RejectedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    RejectedMessageException(Throwable cause) {
      super("the database refused the message: " + cause.getMessage(), cause);
    }
  }

  /** The share of a read's deadline kept for the cache when the database does not answer. */
  private static final double FALLBACK_SHARE = 0.25;

  private final MessageStore store;
  private final RecentCache cache;
  private final Guard guard;
  private final int outboxCapacity;
  private final ConcurrentLinkedQueue<Pending> outbox = new ConcurrentLinkedQueue<>();
  private final AtomicInteger outboxSize = new AtomicInteger();
  private final AtomicLong rejectedFromOutbox = new AtomicLong();
  private final List<Consumer<Message>> listeners = new CopyOnWriteArrayList<>();
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
    this.outboxCapacity = config.outboxCapacity();
    long every = Math.max(50, config.scaled(Duration.ofSeconds(1)).toMillis());
    drainer.scheduleWithFixedDelay(this::drainOutbox, every, every, TimeUnit.MILLISECONDS);
  }

  Posted post(String room, String author, String text, Deadline deadline)
      throws OutboxFullException, RejectedMessageException {
    return post(room, author, text, false, deadline);
  }

  Posted post(String room, String author, String text, boolean viaWebSocket, Deadline deadline)
      throws OutboxFullException, RejectedMessageException {
    Pending pending =
        new Pending(room, author, text, Instant.now(), UUID.randomUUID().toString(), viaWebSocket);
    Message stored;
    try {
      stored = guard.call(Breakers.DATABASE, deadline, () -> save(pending));
    } catch (Exception e) {
      if (!Guard.isTransient(e)) {
        throw new RejectedMessageException(e);
      }
      // The save may still finish after the deadline; the client key makes the replay harmless.
      enqueue(pending);
      return new Posted(Optional.empty(), pending, true);
    }
    stored(stored);
    return new Posted(Optional.of(stored), pending, false);
  }

  private void enqueue(Pending pending) throws OutboxFullException {
    if (outboxSize.incrementAndGet() > outboxCapacity) {
      outboxSize.decrementAndGet();
      throw new OutboxFullException(outboxCapacity);
    }
    outbox.add(pending);
  }

  /** After a message is stored: the cache follows it and listeners hear of it, off the failures. */
  private void stored(Message message) {
    guard.callLater(
        Breakers.REDIS,
        () -> {
          cache.append(message);
          return null;
        });
    for (Consumer<Message> listener : listeners) {
      try {
        listener.accept(message);
      } catch (RuntimeException e) {
        // a listener's trouble (a closed WebSocket) is not the write's: the message is stored
        LOG.log(Level.FINE, "a listener failed on message " + message.id(), e);
      }
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
  void onStored(Consumer<Message> listener) {
    listeners.add(listener);
  }

  /**
   * A page of the messages of a room after an id, from the database only: what a WebSocket feed
   * delivers, a page at a time so that catching up a long way stays within one deadline per page.
   *
   * @throws Exception when the database cannot answer now
   */
  List<Message> storedAfter(String room, long id, int limit) throws Exception {
    return guard.call(Breakers.DATABASE, guard.newDeadline(), () -> store.after(room, id, limit));
  }

  /**
   * Where a client that joined a room at {@code joinedAt} stands (see {@link
   * MessageStore#positionAt}).
   *
   * @throws Exception when the database cannot answer now
   */
  long positionAt(String room, Instant joinedAt) throws Exception {
    return guard.call(
        Breakers.DATABASE, guard.newDeadline(), () -> store.positionAt(room, joinedAt));
  }

  /** Records that a user joined or left a room; best effort and off the caller's deadline. */
  void presence(String room, String user, boolean joined) {
    guard.callLater(
        Breakers.REDIS,
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
    return outboxSize.get();
  }

  int outboxCapacity() {
    return outboxCapacity;
  }

  /** Queued messages the database later refused for good, dropped from the outbox and logged. */
  long rejectedFromOutbox() {
    return rejectedFromOutbox.get();
  }

  /** A deadline for one user request. */
  Deadline newDeadline() {
    return guard.newDeadline();
  }

  private Message save(Pending pending) throws Exception {
    return store.save(
        pending.room(), pending.author(), pending.text(), pending.createdAt(), pending.clientKey());
  }

  /**
   * Stores what waited in the outbox, oldest first, while the database takes it. A message it
   * refuses for good is dropped (and counted) rather than blocking every message behind it.
   */
  void drainOutbox() {
    Pending next;
    while ((next = outbox.peek()) != null) {
      Pending pending = next;
      try {
        Message message = guard.call(Breakers.DATABASE, guard.newDeadline(), () -> save(pending));
        dequeue(pending);
        stored(message);
      } catch (Exception e) {
        if (Guard.isTransient(e)) {
          return; // still down: try again on the next round
        }
        dequeue(pending);
        rejectedFromOutbox.incrementAndGet();
        LOG.log(
            Level.WARNING,
            "The database refused a queued message of room "
                + pending.room()
                + " (client key "
                + pending.clientKey()
                + ") for good; it is dropped",
            e);
      }
    }
  }

  private void dequeue(Pending pending) {
    if (outbox.remove(pending)) {
      outboxSize.decrementAndGet();
    }
  }

  /**
   * Stops draining, then tries once more to store what waits, so a graceful stop loses nothing the
   * database can take; what is left is logged, as an in-memory outbox cannot outlive the process.
   */
  @Override
  public void close() {
    drainer.shutdownNow();
    try {
      drainer.awaitTermination(guard.deadline().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    drainOutbox();
    if (outboxSize() > 0) {
      LOG.warning(
          "Stopping with "
              + outboxSize()
              + " message(s) in the outbox that the database did not take; they are lost");
    }
  }
}
