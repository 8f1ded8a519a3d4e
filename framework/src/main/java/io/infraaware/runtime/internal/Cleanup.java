package io.infraaware.runtime.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Undoing things, written once (healing faults, deleting proxies, stopping servers): every step
 * runs even after an earlier one failed, the failures are kept (the first, with the later ones
 * {@linkplain Throwable#addSuppressed suppressed}), an interrupt is set aside while the steps run
 * and restored after, and an error the JVM cannot recover from is rethrown at once, as JUnit does.
 *
 * <p>The interrupt is set aside because a JUnit timeout interrupts the test's thread just before
 * its clean-up, and HTTP calls and waits give up at once on an interrupted thread: a fault would
 * outlive its test.
 *
 * <pre>{@code
 * Cleanup cleanup = Cleanup.begin();
 * for (ActiveFault fault : faults) {
 *   cleanup.run(fault::close);
 * }
 * cleanup.finishOrThrow(); // the interrupt is back, the first failure thrown
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class Cleanup {

  /** One step of a clean-up. */
  @FunctionalInterface
  public interface Step {
    /**
     * Undoes one thing.
     *
     * @throws Exception when it could not be undone
     */
    void run() throws Exception;
  }

  /** One step of a clean-up that undoes one item. */
  @FunctionalInterface
  public interface ItemStep<T> {
    /**
     * Undoes one item.
     *
     * @param item the item
     * @throws Exception when it could not be undone
     */
    void run(T item) throws Exception;
  }

  private boolean interrupted;
  private Throwable failure;
  private boolean finished;

  private Cleanup() {
    this.interrupted = Thread.interrupted();
  }

  /**
   * Starts a clean-up on this thread, setting a pending interrupt aside until {@link #finish()}.
   *
   * @return the clean-up
   */
  public static Cleanup begin() {
    return new Cleanup();
  }

  /**
   * Runs every step in order, then throws the first failure with the later ones suppressed: the
   * one-line form of {@link #begin()}, {@link #run(Step)} and {@link #finishOrThrow()}.
   *
   * @param steps what to undo
   */
  public static void runAll(Step... steps) {
    Cleanup cleanup = begin();
    for (Step step : steps) {
      cleanup.run(step);
    }
    cleanup.finishOrThrow();
  }

  /**
   * Closes each resource in order (nulls are skipped), then throws the first failure with the later
   * ones suppressed.
   *
   * @param resources what to close
   */
  public static void closeAll(AutoCloseable... resources) {
    closeAll(Arrays.asList(resources));
  }

  /**
   * Closes each resource in order (nulls are skipped), then throws the first failure with the later
   * ones suppressed.
   *
   * @param resources what to close
   */
  public static void closeAll(List<? extends AutoCloseable> resources) {
    Cleanup cleanup = begin();
    for (AutoCloseable resource : resources) {
      if (resource != null) {
        cleanup.run(resource::close);
      }
    }
    cleanup.finishOrThrow();
  }

  /**
   * Undoes every item in order, then throws the first failure with the later ones suppressed.
   *
   * @param items what to undo
   * @param step how to undo one item
   * @param <T> the items' type
   */
  public static <T> void forEach(Iterable<? extends T> items, ItemStep<? super T> step) {
    Cleanup cleanup = begin();
    cleanup.each(items, step);
    cleanup.finishOrThrow();
  }

  /**
   * Runs one step; a failure is kept and the clean-up goes on. An interrupted step (an {@link
   * InterruptedException}) counts as a failure and its interrupt is restored at the end.
   *
   * @param step what to undo
   * @return this clean-up
   * @throws OutOfMemoryError at once, with the interrupt restored: the JVM cannot go on cleaning
   */
  public Cleanup run(Step step) {
    Objects.requireNonNull(step, "step");
    if (finished) {
      throw new IllegalStateException("This clean-up has finished");
    }
    try {
      step.run();
    } catch (Throwable e) {
      if (isUnrecoverable(e)) {
        restoreInterrupt();
        throw (Error) e;
      }
      if (e instanceof InterruptedException) {
        interrupted = true;
      }
      keep(e);
    }
    // a step that was interrupted, or restored an interrupt, must not leave the steps after it to
    // run interrupted: the interrupt is set aside with the others
    if (Thread.interrupted()) {
      interrupted = true;
    }
    return this;
  }

  /**
   * Runs one step per item, going on past failures.
   *
   * @param items what to undo
   * @param step how to undo one item
   * @param <T> the items' type
   * @return this clean-up
   */
  public <T> Cleanup each(Iterable<? extends T> items, ItemStep<? super T> step) {
    for (T item : items) {
      run(() -> step.run(item));
    }
    return this;
  }

  /**
   * Records a failure that happened outside the steps, as though a step had thrown it.
   *
   * @param e the failure
   * @return this clean-up
   */
  public Cleanup keep(Throwable e) {
    Objects.requireNonNull(e, "e");
    if (failure == null) {
      failure = e;
    } else if (failure != e) {
      failure.addSuppressed(e);
    }
    return this;
  }

  /**
   * Ends the clean-up: restores a set-aside interrupt and returns what failed.
   *
   * @return the first failure, later ones suppressed in it; empty when every step succeeded
   */
  public Optional<Throwable> finish() {
    finished = true;
    restoreInterrupt();
    return Optional.ofNullable(failure);
  }

  /**
   * Ends the clean-up and throws what failed: an unchecked failure as it is, a checked one wrapped
   * in a {@link CleanupException}.
   */
  public void finishOrThrow() {
    Optional<Throwable> failed = finish();
    if (failed.isEmpty()) {
      return;
    }
    Throwable e = failed.get();
    if (e instanceof RuntimeException) {
      throw (RuntimeException) e;
    }
    if (e instanceof Error) {
      throw (Error) e;
    }
    throw new CleanupException(e);
  }

  /**
   * Whether the thread was interrupted before or during the clean-up: restored by {@link
   * #finish()}.
   *
   * @return true when an interrupt was set aside
   */
  public boolean wasInterrupted() {
    return interrupted;
  }

  /**
   * Rethrows an error the JVM cannot recover from, as JUnit's {@code UnrecoverableExceptions} does
   * (an {@link OutOfMemoryError}); does nothing for any other throwable.
   *
   * @param e what was caught
   */
  public static void rethrowIfUnrecoverable(Throwable e) {
    if (isUnrecoverable(e)) {
      throw (Error) e;
    }
  }

  private static boolean isUnrecoverable(Throwable e) {
    return e instanceof OutOfMemoryError;
  }

  private void restoreInterrupt() {
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** A checked exception thrown while cleaning up, unchecked. */
  public static final class CleanupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CleanupException(Throwable cause) {
      super("Clean-up failed: " + cause, cause);
    }
  }
}
