package io.infraaware.sample;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
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

  /** How long one scheduled drain round may go on before it lets the next one (and a stop) in. */
  private static final Duration ROUND_LIMIT = Duration.ofSeconds(10);

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

  /** The longest pause between drain rounds the journal keeps failing. */
  private final Duration maxBackoff;

  private final Duration drainEvery;
  private final Duration shutdownGrace;

  /** Held by the drain round under way; the stop takes it for its last round. */
  private final java.util.concurrent.locks.ReentrantLock draining =
      new java.util.concurrent.locks.ReentrantLock();

  /**
   * Messages done with (stored, or refused for good) that the journal could not remove yet, by
   * their journal sequence, with whether they came over WebSocket: never stored again by this
   * process. Touched under {@link #draining} only.
   */
  private final Map<Long, Boolean> doneNotRemoved = new java.util.concurrent.ConcurrentHashMap<>();

  // the drain's stall, written under draining, read by health
  private volatile Duration backoff = Duration.ZERO;
  private volatile long nextAttemptNanos = System.nanoTime();
  private volatile Instant stalledSince;
  private volatile String stallProblem;

  private final ScheduledExecutorService drainer =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "sample-outbox");
            thread.setDaemon(true);
            return thread;
          });

  /** Opens the outbox journal in {@code OUTBOX_DIR}; what it holds is stored once possible. */
  ChatService(SampleConfig config, MessageStore store, RecentCache cache, Guard guard) {
    this(
        config,
        store,
        cache,
        guard,
        OutboxJournal.open(config.outboxDir(), config.outboxMinFreeBytes()));
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
    this.drainEvery = Duration.ofMillis(every);
    this.maxBackoff =
        Duration.ofMillis(Math.max(every, config.scaled(Duration.ofSeconds(30)).toMillis()));
    this.shutdownGrace = config.shutdownGrace();
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
   * One drain round, on the drainer's schedule: unless it backs off (the journal made the last
   * rounds fail), stores what waits, then reports a stall once, and its end once.
   */
  void drainOutbox() {
    if (!draining.tryLock()) {
      return; // the stop drains now
    }
    try {
      long now = System.nanoTime();
      if (now - nextAttemptNanos < 0) {
        return; // backing off
      }
      Optional<String> problem = drain(Deadline.in(ROUND_LIMIT));
      if (problem.isPresent()) {
        backoff = backoff.isZero() ? drainEvery : min(backoff.multipliedBy(2), maxBackoff);
        nextAttemptNanos = System.nanoTime() + backoff.toNanos();
        if (stalledSince == null) {
          stalledSince = Instant.now();
          stallProblem = problem.get();
          LOG.warn(
              "The outbox cannot drain: {}. {} message(s) wait in the journal [{}], {} of them"
                  + " stored in the database already; it tries again with a growing pause (up to"
                  + " {} ms) and says when it drains again",
              problem.get(),
              outboxSize(),
              outbox.file(),
              doneNotRemoved.size(),
              maxBackoff.toMillis());
        }
      } else if (stalledSince != null) {
        LOG.info(
            "The outbox drains again, after {} ms; {} message(s) wait",
            Duration.between(stalledSince, Instant.now()).toMillis(),
            outboxSize());
        stalledSince = null;
        stallProblem = null;
        backoff = Duration.ZERO;
        nextAttemptNanos = System.nanoTime();
      }
    } finally {
      draining.unlock();
    }
  }

  /**
   * Stores what waited in the outbox, oldest first, while the database takes it and until {@code
   * until}. A message it refuses for good is dropped (and counted) rather than blocking every
   * message behind it. A message leaves the journal only after PostgreSQL has it; dying in between
   * stores it again on the next start, which its client key turns into a no-op.
   *
   * <p>When the journal cannot remove a message (its disk is full), the message is remembered as
   * done, never stored again by this process, and the round goes on storing the others without
   * trying more removals: users see their messages, and the journal catches up once it can. Before,
   * the round read the same page again at once, storing the same rows again and again, thousands of
   * times a second.
   *
   * @return what kept the journal from draining, if anything did (not the database being down: its
   *     breaker paces that)
   */
  private Optional<String> drain(Deadline until) {
    Optional<String> problem = Optional.empty();
    // first what is done already but still in the journal: one failure says the disk is still full
    for (Map.Entry<Long, Boolean> done : List.copyOf(doneNotRemoved.entrySet())) {
      try {
        outbox.remove(done.getKey());
      } catch (SQLException e) {
        problem = Optional.of(cannotRemove(e));
        break;
      }
      doneNotRemoved.remove(done.getKey());
      removed(done.getValue());
    }
    long after = 0;
    while (!until.remaining().isZero()) {
      List<OutboxJournal.Entry> page;
      try {
        page = outbox.oldestAfter(after, DRAIN_PAGE);
      } catch (SQLException e) {
        return Optional.of(
            "the journal [" + outbox.file() + "] cannot be read (" + e.getMessage() + ")");
      }
      if (page.isEmpty()) {
        return problem;
      }
      for (OutboxJournal.Entry entry : page) {
        after = entry.seq();
        if (doneNotRemoved.containsKey(entry.seq())) {
          continue;
        }
        if (until.remaining().isZero()) {
          return problem;
        }
        Pending pending = entry.pending();
        try {
          Duration left = min(guard.deadline(), until.remaining());
          Message message = guard.call(Breakers.DATABASE, Deadline.in(left), () -> save(pending));
          stored(message);
        } catch (Exception e) {
          if (Guard.isTransient(e)) {
            return problem; // still down: try again on the next round
          }
          rejectedFromOutbox.incrementAndGet();
          LOG.warn(
              "The database refused a queued message of room {} (client key {}) for good; it is"
                  + " dropped",
              pending.room(),
              pending.clientKey(),
              e);
        }
        if (problem.isPresent()) {
          doneNotRemoved.put(entry.seq(), pending.viaWebSocket());
          continue;
        }
        try {
          outbox.remove(entry.seq());
          removed(pending.viaWebSocket());
        } catch (SQLException e) {
          doneNotRemoved.put(entry.seq(), pending.viaWebSocket());
          problem = Optional.of(cannotRemove(e));
        }
      }
    }
    return problem;
  }

  private String cannotRemove(SQLException e) {
    return "the journal ["
        + outbox.file()
        + "] cannot remove what the database has stored ("
        + OutboxJournal.describe(e)
        + ")";
  }

  private void removed(boolean viaWebSocket) {
    outboxSize.decrementAndGet();
    if (viaWebSocket) {
      outboxWebSocket.decrementAndGet();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Whether the drain is stalled, since when and why: for health. */
  Optional<Map<String, Object>> drainStall() {
    Instant since = stalledSince;
    String problem = stallProblem;
    if (since == null || problem == null) {
      return Optional.empty();
    }
    Map<String, Object> stall = new java.util.LinkedHashMap<>();
    stall.put("stalled", true);
    stall.put("since", since.toString());
    stall.put("problem", problem);
    stall.put("storedButJournaled", doneNotRemoved.size());
    stall.put("pauseMillis", backoff.toMillis());
    return Optional.of(stall);
  }

  /**
   * Stops draining, then tries once more to store what waits, within {@code SHUTDOWN_GRACE}, so a
   * graceful stop stores what the database can take now and still ends in time; what is left stays
   * in the journal, and is logged.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Deadline stop = Deadline.in(shutdownGrace);
    drainer.shutdownNow();
    boolean locked = false;
    try {
      // a round under way ends at its next call (interrupted) or at its own limit
      locked = draining.tryLock(stop.remaining().toMillis(), TimeUnit.MILLISECONDS);
      if (locked) {
        drain(stop);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      int left = outboxSize();
      if (left > 0) {
        LOG.warn(
            "Stopping with {} message(s) in the outbox journal [{}] ({} of them stored in the"
                + " database already, not yet removed from the journal){}; they are stored, once,"
                + " after a restart with the same OUTBOX_DIR",
            left,
            outbox.file(),
            doneNotRemoved.size(),
            locked ? "" : " (the drain did not end within SHUTDOWN_GRACE)");
      } else {
        LOG.info("Stopping with an empty outbox");
      }
      if (locked) {
        draining.unlock();
      }
      outbox.close();
    }
  }
}
