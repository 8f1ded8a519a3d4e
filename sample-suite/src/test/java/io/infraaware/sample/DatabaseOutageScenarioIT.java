package io.infraaware.sample;

import static io.infraaware.chaos.breaker.BreakerState.CLOSED;
import static io.infraaware.chaos.breaker.BreakerState.OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infraaware.chaos.Outcome;
import io.infraaware.chaos.Scenario;
import io.infraaware.chaos.breaker.CircuitBreakerView;
import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.proxy.Fault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.time.TimeScale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chat service (in-process, without HTTP) with its database behind a proxy: during an outage
 * writes are queued and reads come from the cache; afterwards every queued message is stored once.
 */
@RequiresService({"postgres", "redis"})
class DatabaseOutageScenarioIT {

  private final String room = "room-" + UUID.randomUUID();
  private final TimeScale scale;

  /** The chat service and what it is built from, closed after each test, newest first. */
  @AutoClose private InProcessChat sample;

  DatabaseOutageScenarioIT(TimeScale scale) {
    this.scale = scale;
  }

  /** The chat service in-process, its database through the proxy. */
  private record InProcessChat(
      MessageStore store, Breakers breakers, Guard guard, RecentCache cache, ChatService chat)
      implements AutoCloseable {

    static InProcessChat start(SampleConfig config) throws Exception {
      MessageStore store = new MessageStore(config);
      Guard guard = null;
      RecentCache cache = null;
      try {
        store.createSchema();
        Breakers breakers = new Breakers(config);
        guard = SampleApp.guard(config, breakers);
        cache = new RecentCache(config);
        // as the backend does before it says it is ready: a cold JVM's first Redis connection
        // (Lettuce and Netty loading) takes longer than the scaled Redis timeout
        cache.warmUp(WarmUp.ALLOWANCE);
        return new InProcessChat(
            store, breakers, guard, cache, new ChatService(config, store, cache, guard));
      } catch (Exception | Error e) {
        List<AutoCloseable> started =
            Stream.of(cache, guard, store).filter(Objects::nonNull).collect(Collectors.toList());
        for (AutoCloseable resource : started) {
          try {
            resource.close();
          } catch (Exception suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw e;
      }
    }

    @Override
    public void close() {
      // closed in reverse order, each even if another fails
      try (store;
          guard;
          cache;
          chat) {
        // nothing else to do
      }
    }
  }

  @BeforeEach
  void start(@Service("postgres") ServiceProxy postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    ServiceEndpoint database = postgres.endpoint();
    sample =
        InProcessChat.start(
            SampleConfig.from(
                SampleStack.services(
                    database,
                    redis,
                    Map.of(
                        // 2 s would be 40 ms at the suite's scale, below a loaded machine's noise
                        "REDIS_TIMEOUT",
                        "10s",
                        "DB_POOL_SIZE",
                        "4",
                        "TIME_SCALE",
                        Double.toString(scale.factor()),
                        "REQUEST_DEADLINE",
                        E2eStack.CONFIGURED_DEADLINE.toSeconds() + "s",
                        "BREAKER_WAIT_IN_OPEN",
                        E2eStack.CONFIGURED_WAIT_IN_OPEN.toSeconds() + "s"))));
  }

  @Test
  void writesWaitInTheOutboxAndReadsComeFromTheCacheUntilTheDatabaseReturns(
      @Service("postgres") ServiceProxy postgres) {
    ChatService chat = sample.chat();
    RecentCache cache = sample.cache();
    Guard guard = sample.guard();
    MessageStore store = sample.store();
    CircuitBreakerView databaseBreaker =
        CircuitBreakerView.resilience4j(sample.breakers().get(Breakers.DATABASE));
    CircuitBreakerView redisBreaker =
        CircuitBreakerView.resilience4j(sample.breakers().get(Breakers.REDIS));
    List<String> queued = new ArrayList<>();
    List<String> steady = new ArrayList<>();

    Duration recovery =
        scale.budget(E2eStack.CONFIGURED_WAIT_IN_OPEN).awaitAtMost().plusSeconds(10);
    Scenario.named("sample: database outage")
        .steadyStateReturnsWithin(recovery)
        .recoverWithin(recovery)
        .steadyState(
            "a message is stored, read back and cached",
            ctx -> {
              String text = "before-" + steady.size();
              assertThat(chat.post(room, "alice", text, chat.newDeadline()).stored()).isPresent();
              steady.add(text);
              ChatService.Read read = chat.recent(room, chat.newDeadline());
              assertThat(read.degraded()).isFalse();
              assertThat(read.messages()).extracting(Message::text).endsWith(text);
              // the cache follows writes and reads off the request path, within Redis's timeout;
              // on a busy machine one such update may miss it, and the next read's puts it right
              // (a Redis reconnect in the meantime is the cache's business, not this check's).
              // Steady means Redis's breaker is closed too: were it open, the outage's reads
              // could not reach the cache (caught under load: a cold start had opened it)
              await("cached, Redis's breaker closed")
                  .atMost(Duration.ofSeconds(30))
                  .pollInterval(Duration.ofMillis(200))
                  .ignoreExceptions()
                  .until(
                      () -> {
                        chat.recent(room, chat.newDeadline());
                        return redisBreaker.read().state() == CLOSED
                            && cache.get(room).orElse(List.of()).stream()
                                .anyMatch(message -> message.text().equals(text));
                      });
            })
        .inject(postgres, Fault.outage())
        .hold(
            "writes are queued, reads are served degraded from the cache, the breaker opens",
            ctx -> {
              for (int i = 0; i < 6; i++) {
                String text = "during-" + i;
                ChatService.Posted posted =
                    ctx.timed(
                        "post",
                        guard.deadline().plus(E2eStack.ANSWER_MARGIN),
                        () -> chat.post(room, "alice", text, chat.newDeadline()),
                        p -> p.degraded() ? Outcome.DEGRADED : Outcome.OK);
                assertThat(posted.degraded()).isTrue();
                queued.add(posted.pending().text());
              }
              ChatService.Read read = chat.recent(room, chat.newDeadline());
              assertThat(read.degraded()).isTrue();
              assertThat(read.messages()).extracting(Message::text).contains("before-0");
              ctx.assertThatBreaker(databaseBreaker).isIn(OPEN);
              assertThat(chat.outboxSize()).isEqualTo(6);
            })
        .recover(
            "every queued message is stored exactly once",
            ctx -> {
              assertThat(chat.outboxSize()).as("outbox drained").isZero();
              List<String> stored = store.recent(room, 100).stream().map(Message::text).toList();
              assertThat(stored).containsExactlyInAnyOrderElementsOf(concat(steady, queued));
            })
        .run();
  }

  private static List<String> concat(List<String> first, List<String> rest) {
    List<String> all = new ArrayList<>(first);
    all.addAll(rest);
    return all;
  }
}
