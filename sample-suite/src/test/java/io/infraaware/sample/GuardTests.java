package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The guard around every dependency call, without any dependency: deadline, breaker, retries. */
class GuardTests {

  private final SampleConfig config =
      SampleConfig.from(
          Map.of("REQUEST_DEADLINE", "300ms", "RETRY_ATTEMPTS", "3", "RETRY_BACKOFF", "10ms"));
  private final Breakers breakers = new Breakers(config);
  private final Guard guard = SampleApp.guard(config, breakers);
  private final CountDownLatch never = new CountDownLatch(1);
  private final java.util.concurrent.ExecutorService holders =
      java.util.concurrent.Executors.newSingleThreadExecutor();

  @AfterEach
  void close() {
    holders.shutdownNow();
    never.countDown();
    guard.close();
  }

  @Test
  void aHangingCallIsCutAtTheDeadlineAndCountsAsAFailure() {
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                guard.call(
                    Breakers.DATABASE,
                    guard.newDeadline(),
                    () -> {
                      never.await();
                      return "late";
                    }))
        .isInstanceOf(TimeoutException.class);
    // the call never returns on its own: that the guard returned at all is the cut; it came no
    // earlier than the deadline (how much later is the machine's business, not the guard's)
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(290));
    assertThat(breakers.get(Breakers.DATABASE).getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
  }

  @Test
  void retriesWaitLongerEachTimeAndByARandomAmount() throws Exception {
    // 3 attempts, 50 ms then 100 ms nominal, each +-50 %; breakers that never open here
    SampleConfig retrying =
        SampleConfig.from(
            Map.of(
                "RETRY_ATTEMPTS", "3",
                "RETRY_BACKOFF", "50ms",
                "BREAKER_WINDOW_SIZE", "1000",
                "BREAKER_MINIMUM_CALLS", "1000"));
    try (Guard retries = SampleApp.guard(retrying, new Breakers(retrying))) {
      List<long[]> gaps = new java.util.ArrayList<>();
      for (int call = 0; call < 20; call++) {
        List<Long> starts = new CopyOnWriteArrayList<>();
        assertThatThrownBy(
                () ->
                    retries.call(
                        Breakers.REDIS,
                        retries.newDeadline(),
                        () -> {
                          starts.add(System.nanoTime());
                          throw new java.io.IOException("refused");
                        }))
            .isInstanceOf(java.io.IOException.class);
        assertThat(starts).hasSize(3);
        gaps.add(new long[] {starts.get(1) - starts.get(0), starts.get(2) - starts.get(1)});
      }
      double first = gaps.stream().mapToLong(g -> g[0]).average().orElseThrow();
      double second = gaps.stream().mapToLong(g -> g[1]).average().orElseThrow();
      // backoff: the second wait is about twice the first (a wait never ends early, so the
      // machine's delays only add to both); without backoff they would be alike
      assertThat(second).as("mean second wait over mean first").isGreaterThan(1.5 * first);
      // jitter: some first waits are shorter than the nominal 50 ms, which no fixed wait can be
      assertThat(gaps)
          .as("first waits")
          .anySatisfy(g -> assertThat(g[0]).isLessThan(Duration.ofMillis(47).toNanos()));
    }
  }

  @Test
  void forgettingTheWarmUpClearsTheStatsWindowButNotTheBreaker() {
    assertThat(
            guard.callQuietly(
                Breakers.DATABASE,
                guard.newDeadline(),
                () -> {
                  never.await();
                  return "late";
                }))
        .isEmpty();
    assertThat(guard.window(Breakers.DATABASE).timeouts()).isEqualTo(1);
    guard.forgetWarmUp();
    assertThat(guard.window(Breakers.DATABASE).timeouts()).isZero();
    assertThat(guard.window(Breakers.DATABASE).attempts()).isZero();
    assertThat(breakers.get(Breakers.DATABASE).getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
  }

  @Test
  void callsOfOneRequestShareItsDeadline() {
    Deadline deadline = guard.newDeadline();
    long start = System.nanoTime();
    assertThat(
            guard.callQuietly(
                Breakers.AUTH,
                deadline.atMost(0.5),
                () -> {
                  never.await();
                  return "user";
                }))
        .isEmpty();
    assertThat(
            guard.callQuietly(
                Breakers.DATABASE,
                deadline,
                () -> {
                  never.await();
                  return "rows";
                }))
        .isEmpty();
    // neither call returns on its own: the second ran until the request's deadline, no earlier
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(290));
  }

  @Test
  void aCallWithNoTimeLeftIsNotStartedAndNotBlamedOnTheDependency() {
    Deadline spent = guard.newDeadline().leaving(1.0);
    AtomicInteger started = new AtomicInteger();
    assertThatThrownBy(() -> guard.call(Breakers.REDIS, spent, () -> started.incrementAndGet()))
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessage("no time left in the request deadline to call [redis]");
    assertThat(started).hasValue(0);
    assertThat(breakers.get(Breakers.REDIS).getMetrics().getNumberOfBufferedCalls()).isZero();
  }

  @Test
  void failuresAreRetriedWithBackoffUntilOneSucceeds() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    String answer =
        guard.call(
            Breakers.AUTH,
            guard.newDeadline(),
            () -> {
              if (attempts.incrementAndGet() < 3) {
                throw new java.net.SocketException("connection reset");
              }
              return "alice";
            });
    assertThat(answer).isEqualTo("alice");
    assertThat(attempts).hasValue(3);
    assertThat(breakers.get(Breakers.AUTH).getMetrics().getNumberOfFailedCalls()).isEqualTo(2);
  }

  @Test
  void aRefusalForGoodIsNeitherRetriedNorCountedAgainstTheDependency() {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(
            () ->
                guard.call(
                    Breakers.DATABASE,
                    guard.newDeadline(),
                    () -> {
                      attempts.incrementAndGet();
                      throw new java.sql.SQLDataException("invalid byte sequence", "22021");
                    }))
        .isInstanceOf(java.sql.SQLDataException.class);
    assertThat(attempts).hasValue(1);
    assertThat(breakers.get(Breakers.DATABASE).getMetrics().getNumberOfFailedCalls()).isZero();
  }

  @Test
  void anOpenBreakerRejectsAtOnceWithoutRetrying() {
    CircuitBreaker database = breakers.get(Breakers.DATABASE);
    database.transitionToOpenState();
    AtomicInteger started = new AtomicInteger();
    assertThatThrownBy(
            () -> guard.call(Breakers.DATABASE, guard.newDeadline(), started::incrementAndGet))
        .isInstanceOf(CallNotPermittedException.class);
    assertThat(started).hasValue(0);
    assertThat(database.getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(1);
  }

  @Test
  void laterCallsRunInTheOrderGiven() {
    List<Integer> order = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 20; i++) {
      int step = i;
      guard.callLater(Breakers.REDIS, () -> order.add(step));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == 20);
    assertThat(order).isSorted();
  }

  /** A wait inside a pool's acquisition, which may throw only what JDBC throws. */
  private static void waitFor(java.util.concurrent.Callable<?> wait) throws java.sql.SQLException {
    try {
      wait.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.sql.SQLException("interrupted while waiting for a connection", e);
    } catch (Exception e) {
      throw new java.sql.SQLException(e);
    }
  }

  /**
   * A pool of one connection, taken by a call of its own thread: the call gives it back when {@code
   * release} opens.
   *
   * @return the holding call, once it holds the connection
   */
  private java.util.concurrent.Future<String> holdTheOnlyConnection(CountDownLatch release)
      throws InterruptedException {
    CountDownLatch acquired = new CountDownLatch(1);
    java.util.concurrent.Future<String> holder =
        holders.submit(
            () ->
                guard.call(
                    Breakers.DATABASE,
                    Deadline.in(Duration.ofMinutes(1)),
                    () -> {
                      Guard.acquiring(false, () -> "the connection");
                      acquired.countDown();
                      release.await();
                      return "done";
                    }));
    acquired.await();
    return holder;
  }

  /** A wait for the pool that never ends on its own. */
  private String waitingForever() throws java.sql.SQLException {
    waitFor(
        () -> {
          never.await();
          return null;
        });
    return "never";
  }

  @Test
  void aCallThatWaitedOutASaturatedPoolWhoseCallsWentOnIsLoadNotAFailureOfTheDatabase()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    java.util.concurrent.Future<String> holder = holdTheOnlyConnection(release);
    assertThatThrownBy(
            () ->
                guard.call(
                    Breakers.DATABASE,
                    // long enough for the holder to end first, even on a busy machine
                    Deadline.in(Duration.ofSeconds(2)),
                    () ->
                        Guard.acquiring(
                            true,
                            () -> {
                              // the holder gives its connection back, to another waiter
                              release.countDown();
                              waitFor(holder::get);
                              return waitingForever();
                            })))
        .isInstanceOf(TimeoutException.class);
    assertThat(holder.get()).isEqualTo("done");
    CallWindow.Snapshot window = guard.window(Breakers.DATABASE);
    assertThat(window.poolWaits()).isEqualTo(1);
    assertThat(window.timeouts()).isZero();
    assertThat(breakers.get(Breakers.DATABASE).getMetrics().getNumberOfFailedCalls()).isZero();
  }

  @Test
  void aCallThatWaitedForAPoolHeldByHangingCallsIsTheDatabaseHanging() throws Exception {
    holdTheOnlyConnection(never);
    assertThatThrownBy(
            () ->
                guard.call(
                    Breakers.DATABASE,
                    guard.newDeadline(),
                    () -> Guard.acquiring(true, this::waitingForever)))
        .isInstanceOf(TimeoutException.class);
    // while the holder still hangs (it is interrupted after the test)
    assertThat(guard.window(Breakers.DATABASE).timeouts()).isEqualTo(1);
    assertThat(guard.window(Breakers.DATABASE).poolWaits()).isZero();
    assertThat(breakers.get(Breakers.DATABASE).getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
  }
}
