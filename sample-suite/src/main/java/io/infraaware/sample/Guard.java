package io.infraaware.sample;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Calls a dependency through its breaker, with retries (exponential backoff and jitter), and cuts
 * the wait off at the request's deadline, so a dependency that hangs for its 600 s timeout still
 * lets users get an answer in time.
 */
final class Guard implements AutoCloseable {

  private final Breakers breakers;
  private final Duration deadline;
  private final Duration minimumCallTime;
  private final Retry retry;
  private final Map<String, Long> lastLatencyMillis = new ConcurrentHashMap<>();
  private final Map<String, CallWindow> windows = new ConcurrentHashMap<>();

  /** The attempt running on this thread, if any: what {@link #acquiring} marks. */
  private static final ThreadLocal<Attempt> RUNNING = new ThreadLocal<>();

  /** Per dependency, when its last attempt that held a pooled connection succeeded, in nanoTime. */
  private final Map<String, java.util.concurrent.atomic.AtomicLong> lastCallEnded =
      new ConcurrentHashMap<>();

  private java.util.concurrent.atomic.AtomicLong lastCallEnded(String dependency) {
    // none yet: a day before any wait, as nanoTime values compare by their difference
    return lastCallEnded.computeIfAbsent(
        dependency,
        d ->
            new java.util.concurrent.atomic.AtomicLong(
                System.nanoTime() - TimeUnit.DAYS.toNanos(1)));
  }

  /** A connection pool's wait, as JDBC has it. */
  @FunctionalInterface
  interface Acquire<T> {
    T get() throws java.sql.SQLException;
  }

  /**
   * Runs {@code acquire} (taking a pooled connection) marked as a wait for the pool on the attempt
   * running on this thread. An attempt cut off at its deadline while it still waited for a
   * connection of a saturated pool (every connection in use, none to open) whose other calls went
   * on succeeding never reached the dependency: its breaker does not count it, its window counts it
   * as {@link CallWindow.Outcome#POOL_WAIT}. Load is not an outage. A wait for a pool that may
   * still open connections is a wait for the dependency, and a pool whose calls hang or fail is the
   * dependency failing: those count.
   *
   * @param saturated whether the pool is saturated as the wait begins
   */
  static <T> T acquiring(boolean saturated, Acquire<T> acquire) throws java.sql.SQLException {
    Attempt attempt = RUNNING.get();
    if (attempt == null) {
      return acquire.get();
    }
    attempt.saturatedPool = saturated;
    attempt.poolWaitStartNanos = System.nanoTime();
    attempt.waitingForPool = true;
    try {
      T connection = acquire.get();
      attempt.acquired = true;
      return connection;
    } finally {
      attempt.waitingForPool = false;
    }
  }

  private final Map<String, Activity> activity = new ConcurrentHashMap<>();
  private final int attempts;

  /**
   * The threads dependency calls run on, bounded: a call cut off at its deadline may keep its
   * thread until the driver's own timeout (a blocked socket read ignores interrupts), so while a
   * dependency hangs, calls beyond the bound fail at once (a bulkhead) instead of piling up.
   */
  private final ThreadPoolExecutor calls;

  /** One thread, a bounded queue; while Redis hangs the oldest cache writes are dropped. */
  private final ThreadPoolExecutor later =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(1000),
          task -> {
            Thread thread = new Thread(task, "sample-cache-writes");
            thread.setDaemon(true);
            return thread;
          },
          new ThreadPoolExecutor.DiscardOldestPolicy());

  Guard(
      Breakers breakers,
      Duration deadline,
      int attempts,
      Duration firstBackoff,
      int maxCalls,
      Duration statsWindow) {
    this.breakers = breakers;
    this.deadline = deadline;
    this.attempts = attempts;
    for (String name : breakers.names()) {
      windows.put(name, new CallWindow(statsWindow));
      activity.put(name, new Activity());
    }
    this.calls =
        new ThreadPoolExecutor(
            0,
            maxCalls,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            task -> {
              Thread thread = new Thread(task, "sample-call");
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
    // Less than this is no fair chance for a dependency: such a call is skipped, not counted.
    this.minimumCallTime = deadline.dividedBy(20).plusMillis(1);
    // Exponential backoff with jitter; a breaker that rejects the call is not worth retrying.
    this.retry =
        Retry.of(
            "dependency-calls",
            RetryConfig.custom()
                .maxAttempts(attempts)
                .intervalFunction(
                    IntervalFunction.ofExponentialRandomBackoff(
                        firstBackoff, 2.0, SampleConfig.RETRY_JITTER))
                // only what may pass on a second try: not a refusal for good, nor an open breaker,
                // nor a call its deadline cut off (its thread is interrupted)
                .retryOnException(
                    e ->
                        isTransient(e)
                            && !(e instanceof CallNotPermittedException)
                            && !Thread.currentThread().isInterrupted())
                .build());
  }

  /**
   * Whether a failure may pass if tried again later: the dependency could not be reached, did not
   * answer in time (or the call was cut off waiting), was too busy or is behind an open breaker. A
   * refusal for good (bad data, a constraint, a bug) is not, and is neither retried, counted by the
   * breaker nor queued.
   *
   * @param failure what a call threw
   * @return true for a failure of the dependency rather than of the request
   */
  static boolean isTransient(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException
          || cause instanceof InterruptedException
          || cause instanceof CallNotPermittedException
          || cause instanceof DeadlineExceededException
          || cause instanceof RejectedExecutionException
          || cause instanceof SQLTransientException
          || cause instanceof SQLRecoverableException
          || cause instanceof java.io.IOException
          || cause instanceof io.lettuce.core.RedisConnectionException
          || cause instanceof io.lettuce.core.RedisCommandTimeoutException) {
        return true;
      }
      // Lettuce's own failures ("Currently not connected", "Connection closed") are Redis being
      // away; an error Redis answered with (RedisCommandExecutionException) is not
      if (cause.getClass() == io.lettuce.core.RedisException.class) {
        return true;
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // connection exceptions, insufficient resources, operator intervention, rollbacks
        if (state.startsWith("08")
            || state.startsWith("53")
            || state.startsWith("57")
            || state.startsWith("40")) {
          return true;
        }
      }
    }
    return false;
  }

  /** How long the last call to a dependency took, in milliseconds, or -1 before the first. */
  long lastLatencyMillis(String dependency) {
    return lastLatencyMillis.getOrDefault(dependency, -1L);
  }

  Duration deadline() {
    return deadline;
  }

  Breakers breakers() {
    return breakers;
  }

  /** A fresh deadline for one user request (or one background call). */
  Deadline newDeadline() {
    return Deadline.in(deadline);
  }

  /**
   * Calls a dependency through its breaker, with retries, cut off when {@code deadline} passes.
   *
   * @throws DeadlineExceededException when the request has no time left for the call
   * @throws TimeoutException when the dependency did not answer in the time left (counted by its
   *     breaker)
   * @throws io.github.resilience4j.circuitbreaker.CallNotPermittedException while its breaker is
   *     open
   */
  <T> T call(String dependency, Deadline deadline, Callable<T> work) throws Exception {
    return call(dependency, deadline, work, true);
  }

  /**
   * A background check of a dependency: one attempt through its breaker (so that a HALF_OPEN
   * breaker gets its trial calls without user traffic, and a dead dependency opens it), skipped
   * while the breaker is OPEN. It does not count as user activity ({@link #idleFor}).
   *
   * @return whether the check passed; empty when it was skipped
   */
  Optional<Probed> probe(String dependency, Callable<?> check) {
    CircuitBreaker.State state = breakers.get(dependency).getState();
    if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
      return Optional.empty();
    }
    try {
      call(dependency, newDeadline(), check, false);
      return Optional.of(new Probed(true, null));
    } catch (io.github.resilience4j.circuitbreaker.CallNotPermittedException busy) {
      return Optional.empty(); // HALF_OPEN and its trial calls are taken
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      return Optional.of(new Probed(false, Events.describe(e)));
    }
  }

  /**
   * A background check's outcome.
   *
   * @param ok whether it passed
   * @param failure why not, masked, or null
   */
  record Probed(boolean ok, String failure) {}

  private <T> T call(String dependency, Deadline deadline, Callable<T> work, boolean user)
      throws Exception {
    Duration limit = deadline.remaining();
    if (limit.compareTo(minimumCallTime) < 0) {
      throw new DeadlineExceededException(dependency);
    }
    Activity running = activity.get(dependency);
    if (user) {
      running.started();
    }
    try {
      return attempts(dependency, limit, work, user);
    } finally {
      if (user) {
        running.ended();
      }
    }
  }

  private <T> T attempts(String dependency, Duration limit, Callable<T> work, boolean user)
      throws Exception {
    CircuitBreaker breaker = breakers.get(dependency);
    CallWindow window = windows.get(dependency);
    AtomicReference<Attempt> current = new AtomicReference<>();
    AtomicInteger made = new AtomicInteger();
    Callable<T> attempt =
        () -> {
          try {
            breaker.acquirePermission();
          } catch (io.github.resilience4j.circuitbreaker.CallNotPermittedException rejected) {
            window.record(CallWindow.Outcome.REJECTED);
            throw rejected;
          }
          made.incrementAndGet();
          Attempt started = new Attempt();
          current.set(started);
          RUNNING.set(started);
          try {
            T result = work.call();
            if (started.acquired) {
              // a connection given back after its work was done: the pool's calls go on
              lastCallEnded(dependency).set(System.nanoTime());
            }
            if (started.claim()) {
              breaker.onSuccess(started.elapsedNanos(), TimeUnit.NANOSECONDS);
              window.record(CallWindow.Outcome.SUCCESS);
            }
            return result;
          } catch (Throwable failure) {
            if (started.claim()) {
              breaker.onError(started.elapsedNanos(), TimeUnit.NANOSECONDS, failure);
              record(window, failure);
            }
            throw failure;
          } finally {
            RUNNING.remove();

            lastLatencyMillis.put(dependency, started.elapsedNanos() / 1_000_000);
          }
        };
    Future<T> future;
    try {
      future = calls.submit(user ? Retry.decorateCallable(retry, attempt) : attempt);
    } catch (RejectedExecutionException busy) {
      // Every call thread is held by calls under way: load, or a dependency that hangs. Not a
      // timeout of this call, which never started: if the dependency hangs, the calls holding the
      // threads are cut off at their deadlines and counted as timeouts themselves.
      window.record(CallWindow.Outcome.BUSY);
      throw new TimeoutException(
          dependency + ": " + calls.getMaximumPoolSize() + " calls are still waiting for it");
    }
    try {
      return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // An attempt cut off at the deadline counts as a failure now, even if the dependency answers
      // later (a blocked socket read ignores the interrupt); its late outcome is not counted again.
      // Claimed before the interrupt, or the interrupted attempt would report its own outcome
      // (Hikari's "interrupted during connection acquisition"), which says nothing of the database.
      Attempt cut = current.get();
      if (cut != null && cut.claim()) {
        if (cut.stillWaitingForBusyPool(lastCallEnded(dependency).get())) {
          breaker.releasePermission();
          window.record(CallWindow.Outcome.POOL_WAIT);
        } else {
          breaker.onError(cut.elapsedNanos(), TimeUnit.NANOSECONDS, e);
          window.record(CallWindow.Outcome.TIMEOUT);
        }
      }
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (user && made.get() >= attempts && isTransient(cause)) {
        window.record(CallWindow.Outcome.RETRIES_EXHAUSTED);
      }
      throw cause instanceof Exception ? (Exception) cause : e;
    } catch (InterruptedException e) {
      // the caller is stopping: so does its call, and its bulkhead thread is freed
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  /** A failed attempt in the window: a timeout, a failure of the dependency, or nothing. */
  private static void record(CallWindow window, Throwable failure) {
    if (isTimeout(failure)) {
      window.record(CallWindow.Outcome.TIMEOUT);
    } else if (isTransient(failure)) {
      window.record(CallWindow.Outcome.FAILURE);
    }
    // a refusal for good says nothing about the dependency
  }

  /** Whether a failure is a timeout: the dependency did not answer in time. */
  static boolean isTimeout(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException
          || cause instanceof java.net.SocketTimeoutException
          || cause instanceof java.net.http.HttpTimeoutException
          || cause instanceof java.sql.SQLTimeoutException
          || cause instanceof io.lettuce.core.RedisCommandTimeoutException
          || (cause instanceof java.sql.SQLTransientConnectionException sql
              && String.valueOf(sql.getMessage()).contains("timed out"))) {
        return true;
      }
    }
    return false;
  }

  /** What a dependency's calls did over the stats window. */
  CallWindow.Snapshot window(String dependency) {
    return windows.get(dependency).snapshot();
  }

  /**
   * Forgets what the warm-up's calls did in the stats windows: the warm-up runs with an allowance
   * of its own, not a user's deadline, so its slow first calls are no timeout violations and its
   * outcomes no user's success rate. The breakers keep what they saw: a dependency down at start is
   * still seen as down.
   */
  void forgetWarmUp() {
    windows.values().forEach(CallWindow::clear);
  }

  /**
   * How long since the last user call to a dependency ended, or zero while one is running: a
   * background check is needed only when user traffic says nothing.
   */
  Duration idleFor(String dependency) {
    return activity.get(dependency).idleFor();
  }

  /** User calls to a dependency: how many are running and when the last one ended. */
  private static final class Activity {
    private final AtomicInteger running = new AtomicInteger();
    private volatile long lastEndedNanos = System.nanoTime();

    void started() {
      running.incrementAndGet();
    }

    void ended() {
      lastEndedNanos = System.nanoTime();
      running.decrementAndGet();
    }

    Duration idleFor() {
      return running.get() > 0
          ? Duration.ZERO
          : Duration.ofNanos(System.nanoTime() - lastEndedNanos);
    }
  }

  /** One attempt at a call, whose outcome the breaker gets exactly once. */
  private static final class Attempt {
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean recorded = new AtomicBoolean();

    /** Whether it is waiting for a pooled connection now ({@link #acquiring}). */
    volatile boolean waitingForPool;

    /** Whether its latest wait for the pool began with the pool saturated. */
    volatile boolean saturatedPool;

    /** Whether it got a pooled connection: its end gives one back. */
    volatile boolean acquired;

    /** When its latest wait for the pool began. */
    volatile long poolWaitStartNanos;

    /**
     * Whether it is still waiting for a saturated pool whose calls went on meanwhile (one succeeded
     * and gave its connection back after the wait began): a pool held by calls that hang or fail is
     * the dependency's fault, and so is a query that got its connection and then ran out of time.
     */
    boolean stillWaitingForBusyPool(long lastCallEndedNanos) {
      return waitingForPool && saturatedPool && lastCallEndedNanos - poolWaitStartNanos > 0;
    }

    /** Whether the caller is the one to tell the breaker the outcome. */
    boolean claim() {
      return recorded.compareAndSet(false, true);
    }

    long elapsedNanos() {
      return System.nanoTime() - startNanos;
    }
  }

  <T> Optional<T> callQuietly(String dependency, Deadline deadline, Callable<T> work) {
    try {
      return Optional.ofNullable(call(dependency, deadline, work));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /**
   * A best-effort call (a cache or presence write) off the request path, with a deadline of its
   * own. Such calls run one at a time in the order given; while Redis hangs the oldest are dropped:
   * a dropped cache write costs cache hits only, as every cache write is a union (see {@link
   * RecentCache}); a dropped presence change shows a user in a room until its hour expires.
   */
  void callLater(String dependency, Callable<?> work) {
    try {
      later.execute(() -> callQuietly(dependency, newDeadline(), work));
    } catch (RejectedExecutionException stopping) {
      // the sample is stopping; the cache is only a nicety
    }
  }

  @Override
  public void close() {
    later.shutdownNow();
    calls.shutdownNow();
  }
}
