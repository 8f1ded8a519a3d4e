package io.infraaware.chaos;

import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Told what happens while a scenario runs: the console and the report are listeners, and a user can
 * add more with {@link Scenario#listener(ScenarioListener)}. Called on the scenario's thread; a
 * listener that throws fails the scenario after every other listener was told.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface ScenarioListener {

  /**
   * The scenario starts; its seed is chosen.
   *
   * @param context the run's context
   */
  default void scenarioStarted(ScenarioContext context) {}

  /**
   * A phase ended.
   *
   * @param context the run's context
   * @param result how it ended
   */
  default void phaseFinished(ScenarioContext context, PhaseResult result) {}

  /**
   * The scenario ended, its faults removed.
   *
   * @param context the run's context, with the complete timeline
   * @param failure why it failed; empty when it held
   */
  default void scenarioFinished(ScenarioContext context, Optional<ScenarioFailedError> failure) {}
}
