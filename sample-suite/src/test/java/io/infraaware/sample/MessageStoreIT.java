package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.service.ServiceEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Messages in the machine's real PostgreSQL. */
@RequiresService("postgres")
class MessageStoreIT {

  private final String room = "room-" + UUID.randomUUID();

  private static MessageStore store(ServiceEndpoint postgres) throws Exception {
    MessageStore store =
        new MessageStore(
            SampleConfig.from(SampleStack.database(postgres, Map.of("DB_POOL_SIZE", "4"))));
    store.createSchema();
    return store;
  }

  /**
   * A backend started while its database was down creates its table on the first connection once
   * the database is back; if another backend does so at the same moment, PostgreSQL's {@code IF NOT
   * EXISTS} fails the loser with a unique violation though the table is there. That must not fail
   * the write, let alone make the outbox drop an accepted message as "refused for good" (seen in a
   * CI run under load).
   */
  @Test
  void aTableAnotherBackendCreatesAtTheSameMomentIsUsedNotFailedOn(
      @Service("postgres") ServiceEndpoint postgres) throws Exception {
    String schema = "race_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String url = postgres.url() + "?currentSchema=" + schema;
    String user = postgres.username().orElse("postgres");
    String password = postgres.password().orElse("");
    try (java.sql.Connection admin = java.sql.DriverManager.getConnection(url, user, password)) {
      admin.createStatement().execute("CREATE SCHEMA " + schema);
      ExecutorService writer = Executors.newSingleThreadExecutor();
      try (MessageStore store =
              new MessageStore(
                  SampleConfig.from(
                      Map.of("DATABASE_URL", url, "DATABASE_USER", user, "DB_POOL_SIZE", "2")));
          java.sql.Connection other = java.sql.DriverManager.getConnection(url, user, password)) {
        other.setAutoCommit(false);
        other
            .createStatement()
            .execute(
                "CREATE TABLE sample_messages (id BIGSERIAL PRIMARY KEY, room TEXT NOT NULL,"
                    + " author TEXT NOT NULL, text TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL,"
                    + " client_key TEXT UNIQUE)");
        Future<Message> saved =
            writer.submit(
                () ->
                    store.save(
                        room, "alice", "first", Instant.now(), UUID.randomUUID().toString()));
        await("the store's CREATE TABLE waits for the other backend's")
            .atMost(Duration.ofSeconds(30))
            .until(() -> waitingToCreate(admin));
        other.commit();
        assertThat(saved.get(30, TimeUnit.SECONDS).text()).isEqualTo("first");
        assertThat(store.recent(room, 10)).extracting(Message::text).containsExactly("first");
      } finally {
        writer.shutdownNow();
        admin.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static boolean waitingToCreate(java.sql.Connection admin) throws Exception {
    try (java.sql.ResultSet rows =
        admin
            .createStatement()
            .executeQuery(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'CREATE TABLE IF NOT EXISTS sample_messages%'"
                    + " AND datname = current_database()")) {
      rows.next();
      return rows.getInt(1) > 0;
    }
  }

  @Test
  void messagesRoundTripOldestFirst(@Service("postgres") ServiceEndpoint postgres)
      throws Exception {
    try (MessageStore store = store(postgres)) {
      Message first =
          store.save(room, "alice", "hello", Instant.now(), UUID.randomUUID().toString());
      Message second = store.save(room, "bob", "hi", Instant.now(), UUID.randomUUID().toString());
      assertThat(second.id()).isGreaterThan(first.id());
      assertThat(store.recent(room, 10)).extracting(Message::text).containsExactly("hello", "hi");
      assertThat(store.recent(room, 1)).extracting(Message::text).containsExactly("hi");
      assertThat(store.after(room, first.id(), 10)).extracting(Message::text).containsExactly("hi");
      assertThat(store.after(room, 0, 1)).extracting(Message::text).containsExactly("hello");
    }
  }

  @Test
  void aClientThatJoinsMissesNoMessageAcceptedSinceEvenOneStoredBeforeAnOlderOne(
      @Service("postgres") ServiceEndpoint postgres) throws Exception {
    try (MessageStore store = store(postgres)) {
      Instant joined = Instant.now();
      Message history =
          store.save(
              room, "alice", "history", joined.minusSeconds(60), UUID.randomUUID().toString());
      // accepted after the join, stored before a message that waited in the outbox
      Message news =
          store.save(room, "bob", "news", joined.plusMillis(1), UUID.randomUUID().toString());
      Message late =
          store.save(
              room, "carol", "queued", joined.minusSeconds(30), UUID.randomUUID().toString());
      long position = store.positionAt(room, joined);
      assertThat(position).isLessThan(news.id()).isGreaterThanOrEqualTo(history.id());
      assertThat(store.after(room, position, 10))
          .extracting(Message::text)
          .as("the news, and the late one stored after it; never without the news")
          .containsExactly("news", "queued");
      assertThat(late.id()).isGreaterThan(news.id());
      assertThat(store.positionAt(room, Instant.now().plusSeconds(3600)))
          .as("nothing accepted since: the last id")
          .isEqualTo(late.id());
    }
  }

  @Test
  void savingTwiceWithTheSameKeyStoresOnce(@Service("postgres") ServiceEndpoint postgres)
      throws Exception {
    try (MessageStore store = store(postgres)) {
      String key = UUID.randomUUID().toString();
      Message first = store.save(room, "alice", "once", Instant.now(), key);
      Message replay = store.save(room, "alice", "once", Instant.now(), key);
      assertThat(replay.id()).isEqualTo(first.id());
      List<Message> messages = store.recent(room, 10);
      assertThat(messages).hasSize(1);
    }
  }
}
