package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.proxy.ActiveFault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat service's outbox against the machine's PostgreSQL, with the database behind a proxy:
 * what the database refuses for good is never queued, or is dropped from the queue without holding
 * up the messages behind it; and a full outbox refuses more.
 */
@RequiresService({"postgres", "redis"})
class OutboxIT {

  private final String room = "outbox-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<AutoCloseable> parts = new ArrayList<>();
  @TempDir Path journal;

  @AfterEach
  void close() throws Exception {
    for (int i = parts.size() - 1; i >= 0; i--) {
      parts.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T part) {
    parts.add(part);
    return part;
  }

  private ChatService chat(ServiceProxy postgres, ServiceEndpoint redis, String capacity) {
    SampleConfig config = config(postgres, redis, capacity);
    MessageStore store = track(new MessageStore(config));
    Guard guard = track(SampleApp.guard(config, new Breakers(config)));
    RecentCache cache = track(new RecentCache(config));
    return track(new ChatService(config, store, cache, guard));
  }

  private SampleConfig config(ServiceProxy postgres, ServiceEndpoint redis, String capacity) {
    return SampleConfig.from(
        SampleStack.services(
            postgres.endpoint(),
            redis,
            Map.of(
                "DB_POOL_SIZE",
                "2",
                "TIME_SCALE",
                "0.02",
                "REQUEST_DEADLINE",
                "25s",
                "OUTBOX_CAPACITY",
                capacity,
                "OUTBOX_DIR",
                journal.toString())));
  }

  @Test
  void aMessageTheDatabaseRefusesForGoodIsNeitherQueuedNorAllowedToBlockTheQueue(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    ChatService chat = chat(postgres, redis, "100");
    // PostgreSQL cannot store a NUL character: a refusal for good, not an outage
    assertThatThrownBy(() -> chat.post(room, "alice", "bad\u0000", chat.newDeadline()))
        .isInstanceOf(ChatService.RejectedMessageException.class);
    assertThat(chat.outboxSize()).isZero();
    try (ActiveFault outage = postgres.outage()) {
      // while the database is down nobody can tell: both wait in the outbox
      assertThat(chat.post(room, "alice", "bad\u0000", chat.newDeadline()).degraded()).isTrue();
      assertThat(chat.post(room, "alice", "good", chat.newDeadline()).degraded()).isTrue();
      assertThat(chat.outboxSize()).isEqualTo(2);
    }
    await("the outbox drains past the refused message")
        .atMost(Duration.ofSeconds(20))
        .until(() -> chat.outboxSize() == 0);
    assertThat(chat.rejectedFromOutbox()).isEqualTo(1);
    assertThat(chat.recent(room, chat.newDeadline()).messages())
        .extracting(Message::text)
        .containsExactly("good");
  }

  @Test
  void aFullOutboxRefusesMoreWrites(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    ChatService chat = chat(postgres, redis, "2");
    try (ActiveFault outage = postgres.outage()) {
      chat.post(room, "alice", "one", chat.newDeadline());
      chat.post(room, "alice", "two", chat.newDeadline());
      assertThatThrownBy(() -> chat.post(room, "alice", "three", chat.newDeadline()))
          .isInstanceOf(ChatService.OutboxFullException.class)
          .hasMessage("the database is unavailable and 2 messages already wait for it");
      assertThat(chat.outboxSize()).isEqualTo(2);
    }
  }

  @Test
  void aMessageStoredJustBeforeACrashIsNotStoredAgainFromTheJournal(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    SampleConfig config = config(postgres, redis, "100");
    ChatService.Pending pending =
        new ChatService.Pending(
            room,
            "alice",
            "stored, then the process died",
            java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
            UUID.randomUUID().toString(),
            false);
    MessageStore store = track(new MessageStore(config));
    store.createSchema();
    // the state a crash between "stored" and "removed from the journal" leaves behind
    try (OutboxJournal journal = OutboxJournal.open(this.journal)) {
      journal.append(pending);
      store.save(
          pending.room(),
          pending.author(),
          pending.text(),
          pending.createdAt(),
          pending.clientKey());
    }
    // the restart: the journal still holds the message, the database has it already
    ChatService chat = chat(postgres, redis, "100");
    await("the journal is drained")
        .atMost(Duration.ofSeconds(20))
        .until(() -> chat.outboxSize() == 0);
    assertThat(store.recent(room, 10))
        .extracting(Message::text)
        .containsExactly("stored, then the process died");
    try (OutboxJournal reopened = reopen(chat)) {
      assertThat(reopened.counts()).containsExactly(0, 0);
    }
  }

  @Test
  void aMessageQueuedBeforeARestartIsStoredOnceAfterIt(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    ChatService before = chat(postgres, redis, "100");
    try (ActiveFault outage = postgres.outage()) {
      assertThat(before.post(room, "alice", "queued", before.newDeadline()).degraded()).isTrue();
      // a stop while the database is still down: the message stays in the journal
      parts.remove(before);
      before.close();
    }
    ChatService after = chat(postgres, redis, "100");
    assertThat(after.outboxSize()).isEqualTo(1);
    await("stored after the restart")
        .atMost(Duration.ofSeconds(20))
        .until(() -> after.outboxSize() == 0);
    assertThat(after.recent(room, after.newDeadline()).messages())
        .extracting(Message::text)
        .containsExactly("queued");
  }

  /** The journal of a closed service, to look inside. */
  private OutboxJournal reopen(ChatService chat) {
    parts.remove(chat);
    chat.close();
    return OutboxJournal.open(journal);
  }
}
