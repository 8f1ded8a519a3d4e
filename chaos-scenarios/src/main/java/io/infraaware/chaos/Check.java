package io.infraaware.chaos;

import org.apiguardian.api.API;

/**
 * An expectation in a scenario phase: throws (an {@code AssertionError}, an Awaitility timeout)
 * when it does not hold.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
@FunctionalInterface
public interface Check {

  /**
   * Checks the expectation.
   *
   * @param context the running scenario
   * @throws Exception when it does not hold
   */
  void check(ScenarioContext context) throws Exception;
}
