package io.infraaware.chaos;

import io.infraaware.time.Calibration;
import io.infraaware.time.MachineOverloadedError;
import io.infraaware.time.Noise;
import io.infraaware.time.TimeBudget;
import io.infraaware.time.TimingError;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What a running scenario hands its checks and injections: the timeline to record into, the seeded
 * randomness that makes a run replayable, a place for injections to keep what they learnt before
 * the fault (a traffic baseline) for this run, and the run's calibration, against which promises
 * about time are judged.
 *
 * <pre>{@code
 * long start = System.nanoTime();
 * Response response = get("/messages");
 * ctx.assertWithin("GET /messages", Duration.ofNanos(System.nanoTime() - start), deadline);
 * }</pre>
 *
 * @param name the scenario's name
 * @param timeline the timeline
 * @param seed the seed; the same seed replays the same schedule
 * @param random randomness derived from the seed
 * @param attributes this run's state, keyed by whoever keeps it (an injection keys by itself)
 * @param calibration the machine's noise, measured while the scenario runs
 * @since 0.1.0
 */
public record ScenarioContext(
    String name,
    Timeline timeline,
    long seed,
    Random random,
    Map<Object, Object> attributes,
    Calibration calibration) {

  /**
   * The machine's noise during an observation that ended just now. Take it at once when the
   * judgement comes later.
   *
   * @param observed how long the observation lasted
   * @return the noise
   */
  public Noise noiseOver(Duration observed) {
    return calibration.noiseOver(observed);
  }

  /**
   * Checks that something that ended just now kept its promise, allowing the machine's measured
   * noise (bounded by the scenario's ceiling). A time that needed the noise, or broke the promise,
   * is recorded in the timeline with the numbers.
   *
   * @param what what was timed, e.g. {@code POST message}
   * @param observed how long it took
   * @param promise how long it may take on a quiet machine, e.g. the deadline
   * @throws TimingError when it took longer than the promise and all the measured noise
   * @throws MachineOverloadedError when only noise above the ceiling would explain it
   */
  public void assertWithin(String what, Duration observed, Duration promise) {
    assertWithin(what, observed, promise, noiseOver(observed));
  }

  /**
   * Checks that something kept its promise, allowing noise taken when it ended.
   *
   * @param what what was timed
   * @param observed how long it took
   * @param promise how long it may take on a quiet machine
   * @param noise the noise during it, from {@link #noiseOver(Duration)}
   * @throws TimingError when it took longer than the promise and all the measured noise
   * @throws MachineOverloadedError when only noise above the ceiling would explain it
   */
  public void assertWithin(String what, Duration observed, Duration promise, Noise noise) {
    judged(what, observed, promise, noise, () -> noise.assertWithin(what, observed, promise));
  }

  /**
   * Checks that a failure that happened just now fired at a timeout's budget: not before it, and no
   * later than the budget's tolerance and the machine's measured noise allow.
   *
   * @param what what failed, e.g. {@code the query}
   * @param budget the budget
   * @param observed how long the operation took before it failed
   * @throws TimingError when it fired early, or later than the tolerance and the noise allow
   * @throws MachineOverloadedError when only noise above the ceiling would explain it
   */
  public void assertFiredAtBudget(String what, TimeBudget budget, Duration observed) {
    assertFiredAtBudget(what, budget, observed, noiseOver(observed));
  }

  /**
   * Checks that a failure fired at a timeout's budget, allowing noise taken when it failed.
   *
   * @param what what failed
   * @param budget the budget
   * @param observed how long the operation took before it failed
   * @param noise the noise during it, from {@link #noiseOver(Duration)}
   * @throws TimingError when it fired early, or later than the tolerance and the noise allow
   * @throws MachineOverloadedError when only noise above the ceiling would explain it
   */
  public void assertFiredAtBudget(String what, TimeBudget budget, Duration observed, Noise noise) {
    judged(
        what,
        observed,
        budget.effective().plus(budget.tolerance()),
        noise,
        () -> noise.assertFiredAtBudget(what, budget, observed));
  }

  private void judged(
      String what, Duration observed, Duration promise, Noise noise, Runnable judgement) {
    try {
      judgement.run();
    } catch (MachineOverloadedError e) {
      timeline.timing(what, "overloaded", observed, e.getMessage());
      throw e;
    } catch (TimingError e) {
      timeline.timing(what, "missed", observed, e.getMessage());
      throw e;
    }
    if (observed.compareTo(promise) > 0) {
      timeline.timing(
          what,
          "within noise",
          observed,
          String.format(
              Locale.ROOT,
              "%d ms over its promise of %d ms, within %s",
              observed.minus(promise).toMillis(),
              promise.toMillis(),
              noise.describe()));
    }
  }
}
