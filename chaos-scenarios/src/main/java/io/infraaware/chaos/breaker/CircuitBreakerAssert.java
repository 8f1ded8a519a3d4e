package io.infraaware.chaos.breaker;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
public final class CircuitBreakerAssert
    extends AbstractAssert<CircuitBreakerAssert, CircuitBreakerView> {

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
   * Waits until the breaker reports a state, polling; fails with what it reported last.
   *
   * @param expected the state
   * @param within how long to wait
   * @return this
   */
  public CircuitBreakerAssert reaches(BreakerState expected, Duration within) {
    isNotNull();
    CircuitBreakerView.Snapshot[] last = {null};
    try {
      Awaitility.await("breaker [" + actual.name() + "] reaches " + expected)
          .atMost(within)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> (last[0] = actual.read()).state() == expected);
    } catch (ConditionTimeoutException e) {
      throw failure(
          "Expecting breaker [%s] to reach %s within %s ms, but it stayed %s (transitions: %s)",
          actual.name(),
          expected,
          within.toMillis(),
          last[0] == null ? "unread" : last[0].state(),
          last[0] == null ? List.of() : last[0].transitions());
    }
    return this;
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
    List<BreakerState> seen = actual.read().transitions();
    int next = 0;
    for (BreakerState state : seen) {
      if (next < states.length && state == states[next]) {
        next++;
      }
    }
    if (next < states.length) {
      throw failure(
          "Expecting breaker [%s] to have gone through %s, but its transitions were %s (missing from %s on)",
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
    List<BreakerState> seen = actual.read().transitions();
    long opened = seen.stream().filter(state -> state == BreakerState.OPEN).count();
    if (opened > times) {
      throw failure(
          "Expecting breaker [%s] to open at most %s time(s), but it opened %s times: %s",
          actual.name(), times, opened, seen);
    }
    return this;
  }
}
