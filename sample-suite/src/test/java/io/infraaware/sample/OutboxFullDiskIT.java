package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.proxy.ActiveFault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox when the journal's disk fills up during a database outage, against the machine's
 * PostgreSQL behind a proxy: once the database is back, the drain stores what waits once, cannot
 * remove it from the journal, and pauses rather than storing the same rows again and again; a stop
 * ends within its grace saying what stays journaled; and once space returns (in the same run, or
 * after a restart) every accepted message is stored exactly once and the journal empties.
 *
 * <p>The full disk is simulated in SQLite itself: a trigger refuses every removal from the journal
 * with "database or disk is full", as a disk that cannot take SQLite's rollback journal does.
 */
@RequiresService({"postgres", "redis"})
class OutboxFullDiskIT {

  private static final String FULL_DISK =
      "CREATE TEMP TRIGGER full_disk BEFORE DELETE ON outbox"
          + " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END";
  private static final int MESSAGES = 5;

  private final String room = "full-disk-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<AutoCloseable> parts = new ArrayList<>();
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private PrintStream stderr;
  @TempDir Path journal;

  /** What the sample logs (slf4j-simple writes to System.err as it is at each line). */
  @BeforeEach
  void captureTheLog() {
    stderr = System.err;
    PrintStream console = stderr;
    System.setErr(
        new PrintStream(
            new java.io.OutputStream() {
              @Override
              public void write(int b) {
                console.write(b);
                logged.write(b);
              }

              @Override
              public void write(byte[] bytes, int offset, int length) {
                console.write(bytes, offset, length);
                logged.write(bytes, offset, length);
              }
            },
            true,
            StandardCharsets.UTF_8));
  }

  @AfterEach
  void close() throws Exception {
    System.setErr(stderr);
    for (int i = parts.size() - 1; i >= 0; i--) {
      parts.get(i).close();
    }
  }

  private List<String> logLines(String containing) {
    return Arrays.stream(logged.toString(StandardCharsets.UTF_8).split("\n"))
        .filter(line -> line.contains(containing))
        .toList();
  }

  private SampleConfig config(ServiceProxy postgres, ServiceEndpoint redis) {
    return SampleConfig.from(
        SampleStack.services(
            postgres.endpoint(),
            redis,
            Map.of(
                "DB_POOL_SIZE", "2",
                // a drain round every 50 ms; what the database did shows over the last 2 s
                "TIME_SCALE", "0.02",
                "REQUEST_DEADLINE", "25s",
                "STATS_WINDOW", "100s",
                "SHUTDOWN_GRACE", "2s",
                "OUTBOX_DIR", journal.toString())));
  }

  /** A chat service, its guard and the journal it writes to, opened here. */
  private record Running(ChatService chat, Guard guard, OutboxJournal journal) {}

  private Running start(SampleConfig config) {
    MessageStore store = track(new MessageStore(config));
    Guard guard = track(SampleApp.guard(config, new Breakers(config)));
    RecentCache cache = track(new RecentCache(config));
    OutboxJournal opened = OutboxJournal.open(journal);
    ChatService chat = track(new ChatService(config, store, cache, guard, opened));
    return new Running(chat, guard, opened);
  }

  private <T extends AutoCloseable> T track(T part) {
    parts.add(part);
    return part;
  }

  /**
   * During an outage, messages answered "queued"; then the disk fills; then the database is back.
   */
  private List<String> queueThenFillTheDisk(Running system, ServiceProxy postgres)
      throws Exception {
    List<String> queued = new ArrayList<>();
    try (ActiveFault outage = postgres.outage()) {
      for (int i = 0; i < MESSAGES; i++) {
        String text = "accepted " + i;
        assertThat(system.chat().post(room, "alice", text, system.chat().newDeadline()).stored())
            .isEmpty();
        queued.add(text);
      }
      system.journal().execute(FULL_DISK);
    }
    await("the database has every queued message, the journal still holds them")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> SampleStack.storedCounts(postgres.upstream(), room).keySet().containsAll(queued));
    return queued;
  }

  @Test
  void aJournalThatCannotRemoveMakesTheDrainPauseNotSpinAndSpaceReturningDrainsIt(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    Running system = start(config(postgres, redis));
    List<String> queued = queueThenFillTheDisk(system, postgres);
    // over the stats window (2 s), with the rows stored and the journal unable to drop them
    await("the journal stays full for a while")
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> system.chat().outboxSize() == MESSAGES);
    // before: the same page stored again at once, thousands of times a second, one WARN line each
    assertThat(system.guard().window(Breakers.DATABASE).attempts())
        .as("database calls in the last 2 s")
        .isLessThanOrEqualTo(MESSAGES);
    assertThat(logLines("[WARN] ChatService")).hasSize(1);
    assertThat(logLines("[WARN] ChatService").get(0))
        .contains("The outbox cannot drain")
        .contains("cannot remove what the database has stored")
        .contains(MESSAGES + " message(s) wait in the journal")
        .containsPattern("[1-5] of them stored in the database already");
    assertThat(system.chat().drainStall()).isPresent();

    system.journal().execute("DROP TRIGGER full_disk");
    await("space returned: the journal empties")
        .atMost(Duration.ofSeconds(20))
        .until(() -> system.chat().outboxSize() == 0);
    assertThat(SampleStack.storedCounts(postgres.upstream(), room))
        .containsOnlyKeys(queued)
        .allSatisfy((text, count) -> assertThat(count).as(text).isEqualTo(1));
    assertThat(logLines("The outbox drains again")).hasSize(1);
    assertThat(logLines("[WARN] ChatService")).hasSize(1);
    assertThat(system.chat().drainStall()).isEmpty();
  }

  @Test
  void aStopEndsWithinItsGraceSayingWhatStaysAndARestartStoresEachMessageOnce(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    SampleConfig config = config(postgres, redis);
    Running before = start(config);
    List<String> queued = queueThenFillTheDisk(before, postgres);
    await("the drain stalls")
        .atMost(Duration.ofSeconds(10))
        .until(() -> !logLines("cannot drain").isEmpty());
    parts.remove(before.chat());
    // what SIGTERM runs; before, it never returned (the last drain looped on the same rows)
    Assertions.assertTimeoutPreemptively(
        config.shutdownGrace().plus(Duration.ofSeconds(8)), () -> before.chat().close());
    assertThat(logLines("Stopping with " + MESSAGES + " message(s) in the outbox journal"))
        .singleElement()
        .asString()
        .contains(MESSAGES + " of them stored in the database already");

    // the restart: the same OUTBOX_DIR, space back (the simulated full disk went with the process)
    Running after = start(config);
    assertThat(after.chat().outboxSize()).isEqualTo(MESSAGES);
    await("the restarted service drains the journal")
        .atMost(Duration.ofSeconds(20))
        .until(() -> after.chat().outboxSize() == 0);
    assertThat(SampleStack.storedCounts(postgres.upstream(), room))
        .containsOnlyKeys(queued)
        .allSatisfy((text, count) -> assertThat(count).as(text).isEqualTo(1));
  }
}
