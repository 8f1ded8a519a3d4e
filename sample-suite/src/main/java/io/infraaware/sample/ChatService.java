package io.infraaware.sample;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat's rules under failure: every call to a dependency goes through its breaker and is cut
 * off at the user-facing deadline; writes the database cannot take now (it is down, slow or its
 * breaker is open) wait in an outbox and are stored, once by their client key, when it returns;
 * writes it refuses for good are refused to the user, never queued; reads fall back to the cache;
 * answers say when they are degraded.
 *
 * <p>The outbox is an {@link OutboxJournal} on local disk: a message is in it before it is answered
 * "queued" and leaves it only after PostgreSQL has it, so a crash loses nothing accepted, and a
 * crash between "stored" and "removed from the journal" stores nothing twice (the replay carries
 * the same client key).
 */
final class ChatService implements AutoCloseable {

  // SLF4J (slf4j-simple writes straight to stderr): java.util.logging resets its handlers in a
  // shutdown hook of its own, so what a SIGTERM drain leaves behind would go unsaid
  private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);

  /** How many journaled messages one drain round reads at a time. */
  private static final int DRAIN_PAGE = 100;

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

  /**
   * The share of a write's deadline kept for the journal when the database does not answer: the
   * journal's commit is on disk (fsync) before the answer, and the answer is still due in time.
   */
  private static final double JOURNAL_SHARE = 0.1;

  private final MessageStore store;
  private final RecentCache cache;
  private final Guard guard;
  private final int outboxCapacity;
  private final OutboxJournal outbox;
  private final AtomicInteger outboxSize = new AtomicInteger();
  private final AtomicInteger outboxWebSocket = new AtomicInteger();
  private final AtomicLong rejectedFromOutbox = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final List<Consumer<Message>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService drainer =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "sample-outbox");
            thread.setDaemon(true);
            return thread;
          });

  /** Opens the outbox journal in {@code OUTBOX_DIR}; what it holds is stored once possible. */
  ChatService(SampleConfig config, MessageStore store, RecentCache cache, Guard guard) {
    this(config, store, cache, guard, OutboxJournal.open(config.outboxDir()));
  }

  /** With a journal opened by the caller; the service closes it. */
  ChatService(
      SampleConfig config,
      MessageStore store,
      RecentCache cache,
      Guard guard,
      OutboxJournal outbox) {
    this.store = store;
    this.cache = cache;
    this.guard = guard;
    this.outboxCapacity = config.outboxCapacity();
    this.outbox = outbox;
    try {
      int[] counts = outbox.counts();
      outboxSize.set(counts[0]);
      outboxWebSocket.set(counts[1]);
    } catch (SQLException e) {
      outbox.close();
      throw new IllegalStateException(
          "The outbox journal [" + outbox.file() + "] cannot be read: " + e.getMessage(), e);
    }
    if (outboxSize.get() > 0) {
      LOG.info(
          "{} message(s) accepted before the last stop wait in the outbox journal [{}]; they are"
              + " stored once the database takes them",
          outboxSize.get(),
          outbox.file());
    }
    long every = Math.max(50, config.scaled(Duration.ofSeconds(1)).toMillis());
    drainer.scheduleWithFixedDelay(this::drainOutbox, every, every, TimeUnit.MILLISECONDS);
  }

  Posted post(String room, String author, String text, Deadline deadline)
      throws OutboxFullException, RejectedMessageException, OutboxJournal.WriteFailedException {
    return post(room, author, text, false, deadline);
  }

  Posted post(String room, String author, String text, boolean viaWebSocket, Deadline deadline)
      throws OutboxFullException, RejectedMessageException, OutboxJournal.WriteFailedException {
    // microseconds, as PostgreSQL and the journal keep it: a replay stores the same instant
    Pending pending =
        new Pending(
            room,
            author,
            text,
            Instant.now().truncatedTo(ChronoUnit.MICROS),
            UUID.randomUUID().toString(),
            viaWebSocket);
    Message stored;
    try {
      stored = guard.call(Breakers.DATABASE, deadline.leaving(JOURNAL_SHARE), () -> save(pending));
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

  /** Journals a message; only once it is on disk may the caller answer "queued". */
  private void enqueue(Pending pending)
      throws OutboxFullException, OutboxJournal.WriteFailedException {
    if (outboxSize.incrementAndGet() > outboxCapacity) {
      outboxSize.decrementAndGet();
      throw new OutboxFullException(outboxCapacity);
    }
    try {
      outbox.append(pending);
    } catch (OutboxJournal.WriteFailedException e) {
      outboxSize.decrementAndGet();
      LOG.error("A message of room {} could not be queued: {}", pending.room(), e.getMessage());
      throw e;
    }
    if (pending.viaWebSocket()) {
      outboxWebSocket.incrementAndGet();
    }
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
        LOG.debug("a listener failed on message {}", message.id(), e);
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
    return outboxWebSocket.get();
  }

  /**
   * Rehearses a save in PostgreSQL and an append to the journal, both rolled back: the write paths
   * warmed up before the first user's message.
   */
  void rehearseWrites(String room, Deadline deadline) {
    guard.callQuietly(
        Breakers.DATABASE,
        deadline,
        () -> {
          store.rehearseSave(room);
          return null;
        });
    try {
      outbox.rehearseAppend(
          new Pending(
              room, "warm-up", "warm-up", Instant.now(), UUID.randomUUID().toString(), false));
    } catch (SQLException e) {
      LOG.warn("The outbox journal [{}] failed a rehearsal: {}", outbox.file(), e.getMessage());
    }
  }

  /** Where the outbox journal is. */
  java.nio.file.Path outboxJournal() {
    return outbox.file();
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
   * refuses for good is dropped (and counted) rather than blocking every message behind it. A
   * message leaves the journal only after PostgreSQL has it; dying in between stores it again on
   * the next start, which its client key turns into a no-op.
   */
  synchronized void drainOutbox() {
    while (true) {
      List<OutboxJournal.Entry> page;
      try {
        page = outbox.oldest(DRAIN_PAGE);
      } catch (SQLException e) {
        LOG.error("The outbox journal [{}] cannot be read: {}", outbox.file(), e.getMessage());
        return;
      }
      if (page.isEmpty()) {
        return;
      }
      for (OutboxJournal.Entry entry : page) {
        Pending pending = entry.pending();
        try {
          Message message = guard.call(Breakers.DATABASE, guard.newDeadline(), () -> save(pending));
          dequeue(entry);
          stored(message);
        } catch (Exception e) {
          if (Guard.isTransient(e)) {
            return; // still down: try again on the next round
          }
          rejectedFromOutbox.incrementAndGet();
          LOG.warn(
              "The database refused a queued message of room {} (client key {}) for good; it is"
                  + " dropped",
              pending.room(),
              pending.clientKey(),
              e);
          dequeue(entry);
        }
      }
    }
  }

  private void dequeue(OutboxJournal.Entry entry) {
    try {
      outbox.remove(entry.seq());
    } catch (SQLException e) {
      // stored but still journaled: the next round stores it again, once, by its client key
      LOG.warn(
          "A stored message could not be removed from the outbox journal [{}]: {}",
          outbox.file(),
          e.getMessage());
      return;
    }
    outboxSize.decrementAndGet();
    if (entry.pending().viaWebSocket()) {
      outboxWebSocket.decrementAndGet();
    }
  }

  /**
   * Stops draining, then tries once more to store what waits, so a graceful stop stores what the
   * database can take now; what is left stays in the journal, and is logged.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    drainer.shutdownNow();
    try {
      drainer.awaitTermination(guard.deadline().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      drainOutbox();
    } finally {
      if (outboxSize() > 0) {
        LOG.warn(
            "Stopping with {} message(s) the database did not take yet; they stay in the outbox"
                + " journal [{}] and are stored after a restart with the same OUTBOX_DIR",
            outboxSize(),
            outbox.file());
      } else {
        LOG.info("Stopping with an empty outbox");
      }
      outbox.close();
    }
  }
}
