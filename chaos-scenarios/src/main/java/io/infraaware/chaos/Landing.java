package io.infraaware.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Whether the injections of a scenario did their job: none broke down while in force, and each
 * reached its target (traffic met it) within the scenario's bound. An injection that broke down
 * says more than whether it landed, also when it broke down while this waited for it to land.
 */
final class Landing {

  /** Why an injection did not do its job: the expectation it failed, the reason, the cause. */
  record Miss(String expectation, String reason, Throwable cause) {}

  private final List<Injection> injections;
  private final List<Injection.Applied> applied;
  private final Duration within;

  Landing(List<Injection> injections, List<Injection.Applied> applied, Duration within) {
    this.injections = injections;
    this.applied = applied;
    this.within = within;
  }

  /**
   * Checks every injection; records in the timeline each one that reached its target.
   *
   * @return the first miss, or empty when every injection did its job
   */
  Optional<Miss> check(ScenarioContext context) {
    Optional<Miss> broken = broken();
    if (broken.isPresent()) {
      return broken;
    }
    Optional<Miss> missed = awaitManifested(context);
    return missed.isPresent() ? broken().or(() -> missed) : missed;
  }

  private Optional<Miss> broken() {
    for (int i = 0; i < applied.size(); i++) {
      Optional<String> failed = applied.get(i).failure();
      if (failed.isPresent()) {
        String description = injections.get(i).describe();
        return Optional.of(
            new Miss(
                description + " ran",
                "the injection [" + description + "] failed: " + failed.get(),
                null));
      }
    }
    return Optional.empty();
  }

  private Optional<Miss> awaitManifested(ScenarioContext context) {
    for (int i = 0; i < applied.size(); i++) {
      Injection.Applied fault = applied.get(i);
      String description = injections.get(i).describe();
      try {
        Awaitility.await("fault [" + description + "] reaches its target")
            .atMost(within)
            .pollInterval(Duration.ofMillis(50))
            .until(fault::manifested);
        context.timeline().expectation(description + " reached its target", true, "");
      } catch (ConditionTimeoutException e) {
        return Optional.of(
            new Miss(
                description + " reached its target",
                "the fault [" + description + "] missed its target: " + fault.missedBecause(),
                e));
      }
    }
    return Optional.empty();
  }
}
