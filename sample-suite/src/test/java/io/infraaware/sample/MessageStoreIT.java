package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.junit.InfrastructureAware;
import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.service.ServiceEndpoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Messages in the machine's real PostgreSQL. */
@InfrastructureAware
@RequiresService("postgres")
class MessageStoreIT {

  private final String room = "room-" + UUID.randomUUID();

  private static MessageStore store(ServiceEndpoint postgres) throws Exception {
    MessageStore store =
        new MessageStore(
            SampleConfig.from(
                Map.of(
                    "DATABASE_URL",
                    postgres.url(),
                    "DATABASE_USER",
                    postgres.username().orElse("postgres"),
                    "DB_POOL_SIZE",
                    "4")));
    store.createSchema();
    return store;
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
