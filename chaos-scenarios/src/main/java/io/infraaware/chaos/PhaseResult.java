package io.infraaware.chaos;

import io.infraaware.runtime.internal.SecretText;
import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How a phase of a scenario ended, as the runner tells its listeners.
 *
 * @param phase the phase
 * @param passed whether it held
 * @param expectations how many expectations it checked
 * @param took how long it took
 * @param detail for {@link Phase#INJECT} what was injected; for a failed phase the expectation and
 *     why it failed; may be empty
 * @param afterInterrupt whether the phase ran on a thread that had been interrupted (a timeout)
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record PhaseResult(
    Phase phase,
    boolean passed,
    int expectations,
    Duration took,
    String detail,
    boolean afterInterrupt) {

  /** Checks the components. */
  public PhaseResult {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(took, "took");
    detail = detail == null ? "" : SecretText.scrub(detail);
  }
}
