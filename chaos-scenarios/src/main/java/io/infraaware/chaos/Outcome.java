package io.infraaware.chaos;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What an event of a {@link Timeline} came to: a request's outcome ({@link #OK}, {@link #DEGRADED},
 * {@link #ERROR}), a phase's or an expectation's ({@link #STARTED}, {@link #PASSED}, {@link
 * #FAILED}), a fault's ({@link #ON}, {@link #OFF}), a judged time's ({@link #WITHIN_NOISE}, {@link
 * #MISSED}, {@link #OVERLOADED}), or a state the system reported (a breaker's {@code OPEN}, the
 * health's {@code DEGRADED}).
 *
 * <pre>{@code
 * assertThat(timeline.events(Kind.PHASE)).extracting(TimelineEvent::outcome).doesNotContain(Outcome.FAILED);
 * }</pre>
 *
 * @since 0.2.0
 */
@API(status = API.Status.STABLE, since = "0.2.0")
public final class Outcome {

  /** A request was answered as the system promises when all is well. */
  public static final Outcome OK = fixed("ok");

  /** A request was answered, degraded: from a cache, queued, without an optional part. */
  public static final Outcome DEGRADED = fixed("degraded");

  /** A request failed. */
  public static final Outcome ERROR = fixed("error");

  /** A phase started. */
  public static final Outcome STARTED = fixed("started");

  /** A phase or an expectation passed. */
  public static final Outcome PASSED = fixed("passed");

  /** A phase or an expectation failed. */
  public static final Outcome FAILED = fixed("failed");

  /** A fault was applied. */
  public static final Outcome ON = fixed("on");

  /** A fault was removed. */
  public static final Outcome OFF = fixed("off");

  /** A note was taken. */
  public static final Outcome NOTED = fixed("note");

  /** The machine's noise was measured. */
  public static final Outcome MEASURED = fixed("measured");

  /** The machine was noisier than the ceiling allows: a time it explains is not judged. */
  public static final Outcome OVERLOADED = fixed("overloaded");

  /** A time was over its promise, within the machine's measured noise. */
  public static final Outcome WITHIN_NOISE = fixed("within noise");

  /** A time broke its promise, beyond the machine's noise. */
  public static final Outcome MISSED = fixed("missed");

  private final String label;
  private final boolean state;

  private Outcome(String label, boolean state) {
    this.label = Objects.requireNonNull(label, "label");
    this.state = state;
  }

  private static Outcome fixed(String label) {
    return new Outcome(label, false);
  }

  /**
   * A state the system reported, as it named it: a breaker's {@code OPEN}, the health's {@code
   * DEGRADED}.
   *
   * @param state the state's name
   * @return the outcome
   */
  public static Outcome state(String state) {
    return new Outcome(state, true);
  }

  /**
   * How the report and the console write it.
   *
   * @return e.g. {@code passed}, {@code within noise}, {@code OPEN}
   */
  public String label() {
    return label;
  }

  /**
   * Whether this is a state the system reported rather than one of the constants.
   *
   * @return true for {@link #state(String)}
   */
  public boolean isState() {
    return state;
  }

  /**
   * Whether this is one of the outcomes a request can have.
   *
   * @return true for {@link #OK}, {@link #DEGRADED} and {@link #ERROR}
   */
  public boolean isRequestOutcome() {
    return this.equals(OK) || this.equals(DEGRADED) || this.equals(ERROR);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Outcome that && label.equals(that.label) && state == that.state;
  }

  @Override
  public int hashCode() {
    return label.hashCode() * 31 + Boolean.hashCode(state);
  }

  @Override
  public String toString() {
    return label;
  }
}
