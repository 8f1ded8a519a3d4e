package io.infraaware.chaos.breaker;

import io.infraaware.time.Calibration;
import io.infraaware.time.MachineOverloadedError;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Assertions on a circuit breaker seen through a {@link CircuitBreakerView}.
 *
 * <pre>{@code
 * // passes once the breaker has gone CLOSED -> OPEN -> HALF_OPEN -> CLOSED
 * assertThatBreaker(database).transitionedThrough(CLOSED, OPEN, HALF_OPEN, CLOSED);
 * // fails: "Expecting breaker [database] to reach OPEN within 2s, but it stayed CLOSED (transitions: [CLOSED])"
 * assertThatBreaker(database).reaches(OPEN, Duration.ofSeconds(2));
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class CircuitBreakerAssert
    extends AbstractAssert<CircuitBreakerAssert, CircuitBreakerView> {

  private Calibration calibration;
  private Call whileWaiting;
  private WaitListener listener = WaitListener.NONE;

  private CircuitBreakerAssert(CircuitBreakerView actual) {
    super(actual, CircuitBreakerAssert.class);
  }

  /**
   * The entry point.
   *
   * @param breaker the breaker's view
   * @return the assertion
   */
  public static CircuitBreakerAssert assertThatBreaker(CircuitBreakerView breaker) {
    return new CircuitBreakerAssert(breaker);
  }

  /**
   * Judges the times this assertion checks against a calibration of the machine's noise: a call may
   * then take its bound plus the noise measured meanwhile (at most the calibration's ceiling).
   * Without one, bounds are exact.
   *
   * <pre>{@code
   * assertThatBreaker(database).usingCalibration(ctx.calibration()).rejectsCallsWhileOpen(...);
   * }</pre>
   *
   * @param noise the calibration, e.g. a scenario's {@code ctx.calibration()}
   * @return this
   */
  public CircuitBreakerAssert usingCalibration(Calibration noise) {
    this.calibration = java.util.Objects.requireNonNull(noise, "noise");
    return this;
  }

  /**
   * Makes a call between reads while {@link #reaches} waits: Resilience4j leaves OPEN only on a
   * call (unless {@code automaticTransitionFromOpenToHalfOpenEnabled} is set), and a HALF_OPEN
   * breaker closes only after its trial calls, so waiting for a breaker to close needs calls. A
   * call that fails is part of the wait, not a failure of it.
   *
   * <pre>{@code
   * assertThatBreaker(database).whileCalling(() -> get("/orders")).reaches(CLOSED, Duration.ofSeconds(30));
   * }</pre>
   *
   * @param call the user's call, e.g. a request to the application under test
   * @return this
   */
  public CircuitBreakerAssert whileCalling(Call call) {
    this.whileWaiting = java.util.Objects.requireNonNull(call, "call");
    return this;
  }

  /**
   * Who is told what a wait saw: each call made while waiting, and each state read. A scenario's
   * {@code ctx.assertThatBreaker(view)} records both in its timeline.
   *
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  public interface WaitListener {
    /** Nobody. */
    WaitListener NONE =
        new WaitListener() {
          @Override
          public void called(String breaker, Duration took, Throwable failure) {}

          @Override
          public void read(String breaker, BreakerState state) {}
        };

    /**
     * A call made while waiting.
     *
     * @param breaker the breaker's name
     * @param took how long it took
     * @param failure what it threw, or null
     */
    void called(String breaker, Duration took, Throwable failure);

    /**
     * A state read while waiting.
     *
     * @param breaker the breaker's name
     * @param state the state
     */
    void read(String breaker, BreakerState state);
  }

  /**
   * Tells a listener what waits see.
   *
   * @param listener the listener
   * @return this
   */
  public CircuitBreakerAssert reportingTo(WaitListener listener) {
    this.listener = java.util.Objects.requireNonNull(listener, "listener");
    return this;
  }

  private CircuitBreakerView.Snapshot readWhileWaiting() {
    if (whileWaiting != null) {
      long start = System.nanoTime();
      Throwable failure = null;
      try {
        whileWaiting.run();
      } catch (Exception | AssertionError failed) {
        failure = failed;
      }
      listener.called(actual.name(), Duration.ofNanos(System.nanoTime() - start), failure);
    }
    CircuitBreakerView.Snapshot snapshot = actual.read();
    listener.read(actual.name(), snapshot.state());
    return snapshot;
  }

  /**
   * Checks the state now.
   *
   * @param expected the state
   * @return this
   */
  public CircuitBreakerAssert isIn(BreakerState expected) {
    isNotNull();
    CircuitBreakerView.Snapshot snapshot = actual.read();
    if (snapshot.state() != expected) {
      throw failure(
          "Expecting breaker [%s] to be %s, but it is %s (transitions: %s)",
          actual.name(), expected, snapshot.state(), snapshot.transitions());
    }
    return this;
  }

  /**
   * Waits until the breaker reports a state, polling; fails with what it reported last. {@linkplain
   * #usingCalibration With a calibration}, {@code within} is the system's promise and is judged
   * with the noise of the wait's own window: the wait lasts up to {@code within} plus the noise
   * ceiling, a late state passes when the window's noise explains it, and a state never reached
   * fails (the system blamed) unless only noise above the ceiling would explain it ({@link
   * io.infraaware.time.MachineOverloadedError}).
   *
   * @param expected the state
   * @param within how long to wait; with a calibration, the promise
   * @return this
   */
  public CircuitBreakerAssert reaches(BreakerState expected, Duration within) {
    isNotNull();
    CircuitBreakerView.Snapshot[] last = {null};
    Calibration.Window window = calibration == null ? null : calibration.window();
    String what = "breaker [" + actual.name() + "] reaches " + expected;
    try {
      Awaitility.await(what)
          .atMost(window == null ? within : within.plus(calibration.ceiling()))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> (last[0] = readWhileWaiting()).state() == expected);
      if (window != null) {
        window.assertWithin(what, within);
      }
    } catch (ConditionTimeoutException e) {
      String judged = "";
      if (window != null) {
        AssertionError verdict = window.notHappened(what, within);
        if (verdict instanceof MachineOverloadedError) {
          throw verdict;
        }
        judged = "; " + verdict.getMessage();
      }
      boolean lazy =
          expected == BreakerState.HALF_OPEN
              && last[0] != null
              && last[0].state() == BreakerState.OPEN;
      throw failure(
          "Expecting breaker [%s] to reach %s within %s ms, but it stayed %s (transitions: %s)%s%s",
          actual.name(),
          expected,
          within.toMillis(),
          last[0] == null ? "unread" : last[0].state(),
          last[0] == null ? List.of() : last[0].transitions(),
          lazy && whileWaiting == null
              ? ". Resilience4j leaves OPEN only on the next call unless"
                  + " automaticTransitionFromOpenToHalfOpenEnabled is set: make calls while waiting"
                  + " (whileCalling)"
              : "",
          judged);
    }
    return this;
  }

  /** A call the assertion makes against the system, which may throw. */
  @FunctionalInterface
  public interface Call {
    /**
     * Makes the call.
     *
     * @throws Exception whatever the call throws; a failing call still counts
     */
    void run() throws Exception;
  }

  /**
   * Makes calls until the breaker opens, at most {@code calls} of them: it must open within that
   * many (failing) calls, as its threshold promises. Exceptions of the calls are expected.
   *
   * <pre>{@code
   * // passes when 5 failed reads open the breaker (window 10, minimum 5, 50 %)
   * assertThatBreaker(database).opensWithinCalls(5, () -> get("/api/rooms/r/messages"));
   * }</pre>
   *
   * @param calls the most calls allowed before it is OPEN
   * @param call one call through the breaker
   * @return this
   */
  public CircuitBreakerAssert opensWithinCalls(int calls, Call call) {
    isNotNull();
    CircuitBreakerView.Snapshot snapshot = actual.read();
    int made = 0;
    while (snapshot.state() != BreakerState.OPEN && made < calls) {
      try {
        call.run();
      } catch (Exception expected) {
        // the dependency is failing: that is the point
      }
      made++;
      snapshot = actual.read();
    }
    if (snapshot.state() != BreakerState.OPEN) {
      throw failure(
          "Expecting breaker [%s] to open within %s call(s), but after %s it is %s (transitions: %s)",
          actual.name(), calls, made, snapshot.state(), snapshot.transitions());
    }
    return this;
  }

  /**
   * Checks that the breaker is OPEN and that a call made now is rejected by it: the call returns
   * within {@code fastEnough} (it did not wait for the dependency; plus the machine's measured
   * noise {@linkplain #usingCalibration with a calibration}) and, where the view reports rejected
   * calls, their count went up.
   *
   * @param fastEnough how long a rejected call may take, well under the dependency's timeout
   * @param call one call through the breaker
   * @return this
   */
  public CircuitBreakerAssert rejectsCallsWhileOpen(Duration fastEnough, Call call) {
    isNotNull();
    CircuitBreakerView.Snapshot before = actual.read();
    if (before.state() != BreakerState.OPEN) {
      throw failure(
          "Expecting breaker [%s] to be OPEN and reject calls, but it is %s (transitions: %s)",
          actual.name(), before.state(), before.transitions());
    }
    long start = System.nanoTime();
    try {
      call.run();
    } catch (Exception rejected) {
      // a rejection may surface as an exception
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    CircuitBreakerView.Snapshot after = actual.read();
    if (calibration != null) {
      calibration
          .noiseOver(took)
          .assertWithin(
              "A call rejected by breaker [" + actual.name() + "] while OPEN", took, fastEnough);
    } else if (took.compareTo(fastEnough) > 0) {
      throw failure(
          "Expecting breaker [%s] to reject a call at once while OPEN, but the call took %s ms"
              + " (at most %s ms expected)",
          actual.name(), took.toMillis(), fastEnough.toMillis());
    }
    if (before.rejectedCalls().isPresent()
        && after.rejectedCalls().isPresent()
        && after.rejectedCalls().getAsLong() <= before.rejectedCalls().getAsLong()) {
      throw failure(
          "Expecting breaker [%s] to count the call as rejected, but its rejected calls stayed %s",
          actual.name(), after.rejectedCalls().getAsLong());
    }
    return this;
  }

  /**
   * Checks that the breaker opened at least {@code times}: a fault it should have noticed, it did.
   *
   * @param times the fewest OPEN transitions expected
   * @return this
   */
  public CircuitBreakerAssert openedAtLeast(int times) {
    isNotNull();
    CircuitBreakerView.Snapshot snapshot = actual.read();
    knownHistory(snapshot, "open at least " + times + " time(s)");
    List<BreakerState> seen = snapshot.transitions();
    long opened = seen.stream().filter(state -> state == BreakerState.OPEN).count();
    if (opened < times) {
      unseen(snapshot, "opened at least " + times + " time(s)", opened + " opening(s)");
      throw failure(
          "Expecting breaker [%s] to open at least %s time(s), but it opened %s times: %s",
          actual.name(), times, opened, seen);
    }
    return this;
  }

  /** Refuses to judge a history the view did not see. */
  private void knownHistory(CircuitBreakerView.Snapshot snapshot, String claim) {
    CircuitBreakerView.History history = snapshot.history();
    if (history.completeness() == CircuitBreakerView.History.Completeness.CURRENT_STATE_ONLY) {
      throw failure(
          "Cannot tell whether breaker [%s] did %s: its history is unknown between %s (the view"
              + " reads %s, now %s); read it through a view that sees transitions or samples them",
          actual.name(), claim, history.span(), history.how(), snapshot.state());
    }
  }

  /**
   * A sampled history that does not show what was claimed proves nothing: a state shorter than the
   * sampling interval may have come and gone unseen. Fails as unknown, with what was seen.
   */
  private void unseen(CircuitBreakerView.Snapshot snapshot, String claim, String seen) {
    CircuitBreakerView.History history = snapshot.history();
    if (history.completeness() != CircuitBreakerView.History.Completeness.EVERY_TRANSITION) {
      throw failure(
          "Cannot tell whether breaker [%s] %s: its history is unknown between %s beyond what %s"
              + " saw (%s: %s); a state shorter than that may have been missed: read it through a"
              + " view that sees every transition",
          actual.name(), claim, history.span(), history.how(), seen, snapshot.transitions());
    }
  }

  /**
   * Checks that the reported transitions contain these states in this order (other states may come
   * between).
   *
   * @param states e.g. CLOSED, OPEN, HALF_OPEN, CLOSED
   * @return this
   */
  public CircuitBreakerAssert transitionedThrough(BreakerState... states) {
    isNotNull();
    CircuitBreakerView.Snapshot snapshot = actual.read();
    knownHistory(snapshot, "go through " + Arrays.asList(states));
    List<BreakerState> seen = snapshot.transitions();
    int next = 0;
    for (BreakerState state : seen) {
      if (next < states.length && state == states[next]) {
        next++;
      }
    }
    if (next < states.length) {
      unseen(
          snapshot,
          "went through " + Arrays.asList(states),
          "missing from " + states[next] + " on");
      throw failure(
          "Expecting breaker [%s] to have gone through %s, but its transitions were %s (missing from"
              + " %s on)",
          actual.name(), Arrays.asList(states), seen, states[next]);
    }
    return this;
  }

  /**
   * Checks that the breaker did not open more often than {@code times}: a flapping network must not
   * make it thrash.
   *
   * @param times the most OPEN transitions allowed
   * @return this
   */
  public CircuitBreakerAssert openedAtMost(int times) {
    isNotNull();
    CircuitBreakerView.Snapshot snapshot = actual.read();
    if (snapshot.history().completeness()
        != CircuitBreakerView.History.Completeness.EVERY_TRANSITION) {
      // a sampled history cannot rule out an opening it did not see
      throw failure(
          "Cannot tell whether breaker [%s] opened at most %s time(s): its history is unknown"
              + " between %s beyond what %s saw (%s); read it through a view that sees every"
              + " transition",
          actual.name(),
          times,
          snapshot.history().span(),
          snapshot.history().how(),
          snapshot.transitions());
    }
    List<BreakerState> seen = snapshot.transitions();
    long opened = seen.stream().filter(state -> state == BreakerState.OPEN).count();
    if (opened > times) {
      throw failure(
          "Expecting breaker [%s] to open at most %s time(s), but it opened %s times: %s",
          actual.name(), times, opened, seen);
    }
    return this;
  }
}
