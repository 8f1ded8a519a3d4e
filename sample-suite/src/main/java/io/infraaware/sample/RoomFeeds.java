package io.infraaware.sample;

import jakarta.websocket.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * What each WebSocket client of a room has been sent, and the database tail that sends it the rest,
 * in id order.
 *
 * <p>A room's messages become visible in id order (see {@link MessageStore#save}), so a client's
 * position is one number, its cursor: it has been sent every message of the room up to it and none
 * after. Whenever a message is stored (directly or from the outbox), the room's feed reads the
 * messages after the smallest cursor from the database and sends each client those past its own. A
 * client that resumes with {@code after=N} starts at N and is caught up by the same tail, so replay
 * and live delivery cannot overlap, reorder or leave a gap; while the database is down the tail
 * waits and tries again.
 */
final class RoomFeeds implements AutoCloseable {

  /** A client's cursor before the database could tell where the room's history ended. */
  private static final long UNKNOWN = -1;

  /** How many messages one read of the tail takes: a client far behind is caught up in pages. */
  private static final int PAGE = 200;

  /** The least time between tries while the database cannot answer. */
  private static final Duration MIN_RETRY = Duration.ofMillis(100);

  private final ChatService chat;
  private final BiConsumer<Session, Message> send;
  private final Duration retryEvery;
  private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "sample-room-feed");
            thread.setDaemon(true);
            return thread;
          });
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "sample-room-feed-retry");
            thread.setDaemon(true);
            return thread;
          });

  RoomFeeds(ChatService chat, Duration retryEvery, BiConsumer<Session, Message> send) {
    this.chat = chat;
    this.retryEvery = retryEvery.compareTo(MIN_RETRY) < 0 ? MIN_RETRY : retryEvery;
    this.send = send;
    chat.onStored(message -> feed(message.room()).wake());
  }

  /**
   * Adds a client to its room. With {@code after} it is sent every message after that id; without,
   * every message accepted since {@code joinedAt} (settled by the tail from the database, so a
   * message accepted while this client was being authenticated is not missed).
   */
  void join(String room, Session session, Long after, Instant joinedAt) {
    Client client = new Client(session, joinedAt);
    if (after != null) {
      client.cursor = after;
    }
    Feed feed = feed(room);
    feed.clients.put(session, client);
    feed.wake();
  }

  void leave(String room, Session session) {
    Feed feed = feeds.get(room);
    if (feed != null) {
      feed.clients.remove(session);
    }
  }

  /** The clients of a room now. */
  List<Session> sessions(String room) {
    Feed feed = feeds.get(room);
    return feed == null ? List.of() : List.copyOf(feed.clients.keySet());
  }

  private Feed feed(String room) {
    return feeds.computeIfAbsent(room, Feed::new);
  }

  private static final class Client {
    final Session session;
    final Instant joinedAt;
    volatile long cursor = UNKNOWN;

    Client(Session session, Instant joinedAt) {
      this.session = session;
      this.joinedAt = joinedAt;
    }
  }

  /** One room: its clients and a tail that runs one at a time. */
  private final class Feed {
    final String room;
    final Map<Session, Client> clients = new ConcurrentHashMap<>();
    private boolean running;
    private boolean again;

    Feed(String room) {
      this.room = room;
    }

    /** Something was stored or someone joined: catch every client up, once more if running. */
    void wake() {
      synchronized (this) {
        if (running) {
          again = true;
          return;
        }
        running = true;
      }
      threads.execute(this::run);
    }

    private void run() {
      boolean failed = false;
      while (true) {
        try {
          catchUp();
        } catch (Exception databaseDown) {
          failed = true;
        }
        synchronized (this) {
          if (!again || failed) {
            running = false;
            break;
          }
          again = false;
        }
      }
      if (failed && !clients.isEmpty()) {
        try {
          retries.schedule(this::wake, retryEvery.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
          // the sample is stopping
        }
      }
    }

    private void catchUp() throws Exception {
      // The clients of this pass: one that joins meanwhile is caught up from its own cursor on
      // the next pass, never from the middle of this one (it would skip what came before).
      List<Client> pass = List.copyOf(clients.values());
      long from = Long.MAX_VALUE;
      for (Client client : pass) {
        if (client.cursor == UNKNOWN) {
          client.cursor = chat.positionAt(room, client.joinedAt);
        }
        from = Math.min(from, client.cursor);
      }
      if (from == Long.MAX_VALUE) {
        return;
      }
      List<Message> page;
      do {
        page = chat.storedAfter(room, from, PAGE);
        for (Message message : page) {
          for (Client client : pass) {
            if (message.id() > client.cursor && client.session.isOpen()) {
              send.accept(client.session, message);
              client.cursor = message.id();
            }
          }
          from = message.id();
        }
      } while (page.size() == PAGE);
    }
  }

  @Override
  public void close() {
    retries.shutdownNow();
    threads.shutdownNow();
  }
}
