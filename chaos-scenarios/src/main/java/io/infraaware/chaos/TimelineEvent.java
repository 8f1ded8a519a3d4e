package io.infraaware.chaos;

import io.infraaware.runtime.internal.SecretText;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One thing that happened during a scenario, at a time since the scenario started.
 *
 * @param atMillis milliseconds since the scenario started
 * @param kind what sort of event
 * @param subject what it is about: a request name, a fault, a breaker, a phase
 * @param outcome what it came to: a request's {@link Outcome#OK}, a phase's {@link Outcome#PASSED},
 *     a breaker's reported state
 * @param latencyMillis for requests and timings, how long they took; for a calibration, the longest
 *     scheduling delay; otherwise 0
 * @param detail free text, may be empty
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record TimelineEvent(
    long atMillis, Kind kind, String subject, Outcome outcome, long latencyMillis, String detail) {

  /** The sorts of event. */
  public enum Kind {
    /** A scenario phase started or ended. */
    PHASE,
    /** An expectation was checked. */
    EXPECTATION,
    /** A fault was applied. */
    FAULT_ON,
    /** A fault was removed. */
    FAULT_OFF,
    /** A request to the system under test finished. */
    REQUEST,
    /** A circuit breaker changed state. */
    BREAKER,
    /** The system's health status changed. */
    HEALTH,
    /** Anything else worth reading: the seed, a note. */
    NOTE,
    /** The machine's measured noise during a phase: CPU share and scheduling delay. */
    CALIBRATION,
    /** A time judged against its promise and the noise: needed the noise, or broke the promise. */
    TIMING
  }

  /** Checks the components. */
  public TimelineEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(outcome, "outcome");
    detail = detail == null ? "" : SecretText.scrub(detail);
  }
}
