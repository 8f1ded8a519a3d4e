package io.infraaware.time;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How much a busy machine may have added to one observed time: the calibrated tolerance. A promise
 * about time (a deadline, a timeout budget) is judged as {@code promise + noise}, the noise bounded
 * by a ceiling the user sets.
 *
 * <p>The noise has two parts, both measured by a {@link Calibration} while the run goes on and
 * independent of the system under test (a slow system must not pass for a noisy machine):
 *
 * <ul>
 *   <li>the <em>scheduling delay</em>: the longest the calibration's sleeping probe woke up late
 *       during the observation (timer slack, a garbage-collection pause, a crowded run queue);
 *   <li>the <em>CPU starvation</em>: where the kernel counts it ({@link
 *       WindowFigures.Source#KERNEL}, Linux), the run-queue wait the window's threads lived through
 *       ({@link WindowFigures#runQueueWait()}): time a thread was ready to run and no CPU took it;
 *       a thread blocked on a socket accrues none. Elsewhere ({@link
 *       WindowFigures.Source#SAMPLED}), the share of the observation other work took from a busy
 *       loop, {@code observed × (1 − CPU share)}.
 * </ul>
 *
 * <pre>{@code
 * Noise noise = calibration.noiseOver(took);
 * noise.assertWithin("GET /messages", took, deadline);  // deadline + min(noise, ceiling)
 * }</pre>
 *
 * @param schedulingDelay the longest a sleeping thread woke late during the observation
 * @param cpuShare the CPU time a runnable thread got per unit of wall time, between 0 and 1
 * @param starvation the time other work took from the observation: {@code observed × (1 −
 *     cpuShare)}
 * @param ceiling the most noise a judgement allows
 * @param figures where the figures come from, with the kernel's counts for the window (since 0.2)
 * @since 0.1.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record Noise(
    Duration schedulingDelay,
    double cpuShare,
    Duration starvation,
    Duration ceiling,
    WindowFigures figures) {

  /** Checks the components. */
  public Noise {
    Objects.requireNonNull(schedulingDelay, "schedulingDelay");
    Objects.requireNonNull(starvation, "starvation");
    Objects.requireNonNull(ceiling, "ceiling");
    Objects.requireNonNull(figures, "figures");
    if (!(cpuShare >= 0 && cpuShare <= 1)) {
      throw new IllegalArgumentException("A CPU share is between 0 and 1, was " + cpuShare);
    }
    if (ceiling.isNegative()) {
      throw new IllegalArgumentException("A noise ceiling cannot be negative, was " + ceiling);
    }
  }

  /**
   * Sampled noise, without the kernel's figures.
   *
   * @param schedulingDelay the longest a sleeping thread woke late during the observation
   * @param cpuShare the CPU time a runnable thread got per unit of wall time, between 0 and 1
   * @param starvation the time other work took from the observation
   * @param ceiling the most noise a judgement allows
   */
  public Noise(Duration schedulingDelay, double cpuShare, Duration starvation, Duration ceiling) {
    this(
        schedulingDelay,
        cpuShare,
        starvation,
        ceiling,
        WindowFigures.sampled("measured by the calibration's samples"));
  }

  /**
   * No noise at all, as on an idle machine: what a judgement without a calibration allows.
   *
   * @param ceiling the ceiling
   * @return the noise
   */
  public static Noise none(Duration ceiling) {
    return new Noise(
        Duration.ZERO,
        1,
        Duration.ZERO,
        ceiling,
        WindowFigures.sampled("no calibration, so no noise is allowed"));
  }

  /**
   * All the noise measured: scheduling delay plus starvation.
   *
   * @return the measured noise
   */
  public Duration measured() {
    return schedulingDelay.plus(starvation);
  }

  /**
   * What a judgement allows on top of a promise: the measured noise, at most the ceiling.
   *
   * @return the tolerance
   */
  public Duration allowance() {
    Duration measured = measured();
    return measured.compareTo(ceiling) > 0 ? ceiling : measured;
  }

  /**
   * Whether the machine was noisier than the ceiling allows: then a time over {@code promise +
   * ceiling} cannot be blamed on the system under test.
   *
   * @return true when the measured noise is above the ceiling
   */
  public boolean exceedsCeiling() {
    return measured().compareTo(ceiling) > 0;
  }

  /**
   * Checks that an observed time kept its promise, allowing this noise.
   *
   * @param what what was observed, for the message, e.g. {@code GET /messages}
   * @param observed how long it took
   * @param promise how long it may take on a quiet machine
   * @throws TimingError when it took longer than the promise plus all the measured noise
   * @throws MachineOverloadedError when only noise above the ceiling would explain the time
   */
  public void assertWithin(String what, Duration observed, Duration promise) {
    if (observed.compareTo(promise.plus(allowance())) <= 0) {
      return;
    }
    throw blame(what, "took", observed, promise);
  }

  /**
   * The verdict on something that went {@code observed} against its {@code promise}: the machine's
   * when only noise above the ceiling explains it, the system's otherwise.
   *
   * @param verb {@code took} or {@code had not happened after}
   */
  private AssertionError blame(String what, String verb, Duration observed, Duration promise) {
    if (exceedsCeiling() && observed.compareTo(promise.plus(measured())) <= 0) {
      return new MachineOverloadedError(
          String.format(
              Locale.ROOT,
              "%s %s %d ms against its promise of %d ms, but the machine was overloaded: %s is"
                  + " above the ceiling of %d ms, so this run cannot judge the promise (the system"
                  + " under test is not blamed). Run it on a quieter machine, or raise the ceiling",
              what,
              verb,
              observed.toMillis(),
              promise.toMillis(),
              describe(),
              ceiling.toMillis()));
    }
    return new TimingError(
        String.format(
            Locale.ROOT,
            "%s %s %d ms: %d ms over its promise of %d ms, beyond %s",
            what,
            verb,
            observed.toMillis(),
            observed.minus(promise).toMillis(),
            promise.toMillis(),
            describeAllowance()));
  }

  /**
   * Judges something the system promised to do within {@code promise} (a breaker opening within N
   * seconds of checks, an alert within N seconds), that had not happened after {@code waited}: the
   * system is blamed unless only noise above the ceiling would explain the wait. Wait at least
   * {@code promise} plus the ceiling before calling this, so that noise the ceiling allows has had
   * its time.
   *
   * @param what what was promised, e.g. {@code the database breaker opens}
   * @param waited how long it was waited for
   * @param promise how long it may take on a quiet machine
   * @throws TimingError always, when the system is to blame
   * @throws MachineOverloadedError when only noise above the ceiling would explain the wait
   */
  public void assertHappenedWithin(String what, Duration waited, Duration promise) {
    throw blame(what, "had not happened after", waited, promise);
  }

  /**
   * Checks that a failure fired at a time budget: not before it (noise never makes a timeout fire
   * early), and no later than the budget's tolerance plus this noise.
   *
   * @param what what failed, for the message, e.g. {@code the query}
   * @param budget the budget
   * @param observed how long the operation took before it failed
   * @throws TimingError when it fired early, or later than the tolerance and all the noise allow
   * @throws MachineOverloadedError when only noise above the ceiling would explain the time
   */
  public void assertFiredAtBudget(String what, TimeBudget budget, Duration observed) {
    if (observed.compareTo(budget.earliestFiring()) < 0) {
      throw new TimingError(
          String.format(
              Locale.ROOT,
              "%s fired after %d ms, before its budget %s (not before %d ms): a timeout that"
                  + " fires early is as wrong as one that never does",
              what,
              observed.toMillis(),
              budget,
              budget.earliestFiring().toMillis()));
    }
    assertWithin(what + " (" + budget + ")", observed, budget.effective().plus(budget.tolerance()));
  }

  /**
   * The noise in words, with its parts.
   *
   * @return e.g. {@code the measured noise of 42 ms (scheduling delay 12 ms, CPU starvation 30 ms
   *     at a CPU share of 0.94; from the kernel over 633 ms: run-queue wait 30 ms ...)}
   */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "the measured noise of %d ms (scheduling delay %d ms, CPU starvation %d ms at a CPU share"
            + " of %.2f; %s)",
        measured().toMillis(),
        schedulingDelay.toMillis(),
        starvation.toMillis(),
        cpuShare,
        figures.describe());
  }

  private String describeAllowance() {
    return exceedsCeiling()
        ? describe() + ", of which the ceiling allows " + ceiling.toMillis() + " ms"
        : describe();
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "noise %d ms (scheduling %d ms, starvation %d ms, CPU share %.2f; ceiling %d ms; %s)",
        measured().toMillis(),
        schedulingDelay.toMillis(),
        starvation.toMillis(),
        cpuShare,
        ceiling.toMillis(),
        figures.source().name().toLowerCase(Locale.ROOT));
  }
}
