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
      assertThat(store.after(room, first.id())).extracting(Message::text).containsExactly("hi");
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
