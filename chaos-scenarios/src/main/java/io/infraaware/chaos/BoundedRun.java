package io.infraaware.chaos;

import io.infraaware.runtime.internal.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A scenario run on its own thread, bounded: past the bound the thread is interrupted and this
 * waits for it to remove its faults before failing, so nothing injected outlives the call (unlike
 * JUnit's {@code assertTimeoutPreemptively}, which leaves the timed-out thread running).
 */
final class BoundedRun {

  /** How long an interrupted scenario may take to remove its faults. */
  private static final Duration HEAL_AFTER_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final Callable<Timeline> run;

  BoundedRun(String name, Callable<Timeline> run) {
    this.name = name;
    this.run = run;
  }

  Timeline within(Duration bound) {
    ExecutorService thread =
        Executors.newSingleThreadExecutor(DaemonThreads.named("scenario-" + name));
    Future<Timeline> running = thread.submit(run);
    try {
      return running.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      running.cancel(true);
      thread.shutdown();
      boolean healed = awaitQuietly(thread, HEAL_AFTER_TIMEOUT);
      throw new ScenarioFailedError(
          "Scenario ["
              + name
              + "] did not finish within "
              + bound.toMillis()
              + " ms; it was interrupted"
              + (healed
                  ? " and removed its faults"
                  : " and had not removed its faults "
                      + HEAL_AFTER_TIMEOUT.toSeconds()
                      + " s later"),
          e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      if (e.getCause() instanceof Error) {
        throw (Error) e.getCause();
      }
      throw new ScenarioFailedError(
          "Scenario [" + name + "] failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      running.cancel(true);
      thread.shutdown();
      awaitQuietly(thread, HEAL_AFTER_TIMEOUT);
      Thread.currentThread().interrupt();
      throw new ScenarioFailedError("Scenario [" + name + "] was interrupted", e);
    } finally {
      thread.shutdown();
    }
  }

  private static boolean awaitQuietly(ExecutorService thread, Duration within) {
    boolean interrupted = Thread.interrupted();
    try {
      return thread.awaitTermination(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
      return false;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
