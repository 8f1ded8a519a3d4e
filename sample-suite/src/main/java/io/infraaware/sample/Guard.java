package io.infraaware.sample;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
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
  private final ExecutorService calls =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "sample-call");
            thread.setDaemon(true);
            return thread;
          });

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

  Guard(Breakers breakers, Duration deadline, int attempts, Duration firstBackoff) {
    this.breakers = breakers;
    this.deadline = deadline;
    // Less than this is no fair chance for a dependency: such a call is skipped, not counted.
    this.minimumCallTime = deadline.dividedBy(20).plusMillis(1);
    // Exponential backoff with jitter; a breaker that rejects the call is not worth retrying.
    this.retry =
        Retry.of(
            "dependency-calls",
            RetryConfig.custom()
                .maxAttempts(attempts)
                .intervalFunction(
                    IntervalFunction.ofExponentialRandomBackoff(firstBackoff, 2.0, 0.5))
                .retryOnException(
                    e ->
                        !(e instanceof CallNotPermittedException)
                            && !(e instanceof InterruptedException))
                .build());
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
    Duration limit = deadline.remaining();
    if (limit.compareTo(minimumCallTime) < 0) {
      throw new DeadlineExceededException(dependency);
    }
    CircuitBreaker breaker = breakers.get(dependency);
    AtomicReference<Attempt> current = new AtomicReference<>();
    Callable<T> attempt =
        () -> {
          breaker.acquirePermission();
          Attempt started = new Attempt();
          current.set(started);
          try {
            T result = work.call();
            if (started.claim()) {
              breaker.onSuccess(started.elapsedNanos(), TimeUnit.NANOSECONDS);
            }
            return result;
          } catch (Throwable failure) {
            if (started.claim()) {
              breaker.onError(started.elapsedNanos(), TimeUnit.NANOSECONDS, failure);
            }
            throw failure;
          } finally {
            lastLatencyMillis.put(dependency, started.elapsedNanos() / 1_000_000);
          }
        };
    Future<T> future = calls.submit(Retry.decorateCallable(retry, attempt));
    try {
      return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      // An attempt cut off at the deadline counts as a failure now, even if the dependency answers
      // later (a blocked socket read ignores the interrupt); its late outcome is not counted again.
      Attempt cut = current.get();
      if (cut != null && cut.claim()) {
        breaker.onError(cut.elapsedNanos(), TimeUnit.NANOSECONDS, e);
      }
      throw e;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    }
  }

  /** One attempt at a call, whose outcome the breaker gets exactly once. */
  private static final class Attempt {
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean recorded = new AtomicBoolean();

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
   * A best-effort call (a cache write) off the request path, with a deadline of its own. Such calls
   * run one at a time in the order given, so an eviction and a later refill cannot swap.
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
