package io.infraaware.chaos;

import io.infraaware.time.Calibration;
import io.infraaware.time.MachineOverloadedError;
import io.infraaware.time.TimingError;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apiguardian.api.API;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A wait for something the system under test promised to do within a time (a breaker opens within
 * 10 s of failed checks, health sees a dead dependency), judged with the noise of the wait's own
 * window: the wait lasts as long as the promise plus what the window lived through (at least the
 * noise ceiling), so a busy machine is given the time it took, and no longer than that.
 *
 * <ul>
 *   <li>it came true within the promise: passes;
 *   <li>later, but within the promise plus the window's noise: passes, the noise allowed;
 *   <li>within the promise plus noise above the ceiling only: {@link MachineOverloadedError};
 *   <li>not within the promise plus all the window's noise: {@link TimingError}, the system is
 *       blamed (a thread blocked on a dead dependency waits for no CPU, so a system that never
 *       keeps its promise is blamed at any load).
 * </ul>
 *
 * <pre>{@code
 * PromiseWait.of("the database breaker opens", Duration.ofSeconds(10))
 *     .judgedBy(calibration)
 *     .until(() -> breakerState().equals("OPEN"));
 * }</pre>
 *
 * <p>Immutable: every step returns a new wait.
 *
 * @since 0.2.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
public final class PromiseWait {

  private static final Duration POLL = Duration.ofMillis(100);

  private final String what;
  private final Duration promise;
  private final Calibration calibration;
  private final Duration atMost;

  private PromiseWait(String what, Duration promise, Calibration calibration, Duration atMost) {
    this.what = what;
    this.promise = promise;
    this.calibration = calibration;
    this.atMost = atMost;
  }

  /**
   * A wait for a promise; judged by no noise until {@link #judgedBy} says which calibration.
   *
   * @param what what was promised, for the verdict, e.g. {@code the database breaker opens}
   * @param promise how long it may take on a quiet machine
   * @return the wait
   */
  public static PromiseWait of(String what, Duration promise) {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(promise, "promise");
    if (promise.isNegative() || promise.isZero()) {
      throw new IllegalArgumentException(
          "A promise needs a positive time, was " + promise + " for [" + what + "]");
    }
    return new PromiseWait(
        what, promise, Calibration.none(Calibration.DEFAULT_CEILING), promise.multipliedBy(6));
  }

  /**
   * Judges with this calibration's noise.
   *
   * @param value the run's calibration, e.g. {@code ctx.calibration()}
   * @return a new wait
   */
  public PromiseWait judgedBy(Calibration value) {
    return new PromiseWait(what, promise, Objects.requireNonNull(value, "calibration"), atMost);
  }

  /**
   * The longest the wait may last whatever the noise (by default six times the promise): at it, the
   * verdict is given with the noise measured so far.
   *
   * @param value the bound, at least the promise
   * @return a new wait
   */
  public PromiseWait atMost(Duration value) {
    if (value.compareTo(promise) < 0) {
      throw new IllegalArgumentException(
          "A wait for ["
              + what
              + "] must last at least its promise of "
              + promise
              + ", was "
              + value);
    }
    return new PromiseWait(what, promise, calibration, value);
  }

  /**
   * Waits until the condition holds.
   *
   * @param condition what the promise says comes true
   * @throws TimingError when it did not come true within the promise and the window's noise
   * @throws MachineOverloadedError when only noise above the ceiling would explain the wait
   */
  public void until(Callable<Boolean> condition) {
    untilAsserted(
        () -> {
          if (!Boolean.TRUE.equals(condition.call())) {
            throw new AssertionError("not yet: " + what);
          }
        });
  }

  /**
   * Waits until the check passes.
   *
   * @param check an assertion of what the promise says comes true
   * @throws TimingError when it did not pass within the promise and the window's noise; the check's
   *     last failure is suppressed in it
   * @throws MachineOverloadedError when only noise above the ceiling would explain the wait
   */
  public void untilAsserted(CheckedRunnable check) {
    Calibration.Window window = calibration.window();
    AtomicBoolean happened = new AtomicBoolean();
    AtomicReference<Throwable> last = new AtomicReference<>();
    try {
      Awaitility.await(what)
          .atMost(atMost)
          .pollDelay(Duration.ZERO)
          .pollInterval(POLL)
          .until(
              () -> {
                try {
                  check.run();
                  happened.set(true);
                  return true;
                } catch (Exception | AssertionError notYet) {
                  last.set(notYet);
                }
                Duration allowed = calibration.ceiling();
                Duration measured = window.noise().measured();
                if (measured.compareTo(allowed) > 0) {
                  allowed = measured;
                }
                // past the promise and all the noise the window lived through: give the verdict
                return window.elapsed().compareTo(promise.plus(allowed)) > 0;
              });
    } catch (ConditionTimeoutException bounded) {
      // the verdict below, with the noise measured so far
    }
    if (happened.get()) {
      window.assertWithin(what, promise);
      return;
    }
    AssertionError verdict = window.notHappened(what, promise);
    if (last.get() != null) {
      verdict.addSuppressed(last.get());
    }
    throw verdict;
  }

  /** A check that may throw. */
  @FunctionalInterface
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  public interface CheckedRunnable {
    /**
     * Runs the check.
     *
     * @throws Exception when it does not hold yet
     */
    void run() throws Exception;
  }
}
