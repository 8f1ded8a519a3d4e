package io.infraaware.chaos;

/**
 * A fault, or a schedule of faults, that a scenario applies after its steady state and always
 * removes before it recovers.
 *
 * @since 0.1.0
 */
public interface Injection {

  /**
   * What is injected where, for the console and the report.
   *
   * @return e.g. {@code outage on proxy [postgres]}
   */
  String describe();

  /**
   * Called before the steady state is checked: where an injection takes what it judges its effect
   * against (e.g. the proxy's traffic so far). Nothing is injected yet.
   *
   * @param context the scenario's context; keep per-run state in its {@code attributes}
   */
  default void prepare(ScenarioContext context) {}

  /**
   * Applies the fault now.
   *
   * @param context the scenario's timeline and randomness
   * @return the handle that removes it
   */
  Applied apply(ScenarioContext context);

  /** A fault in force. */
  interface Applied extends AutoCloseable {

    /**
     * Whether the fault has reached its target yet: traffic crossed the proxy while it was on, or a
     * refused connection was observed. A scenario waits for this before it judges anything, so it
     * cannot pass because the fault missed.
     *
     * @return true once the fault has had an effect
     */
    boolean manifested();

    /**
     * Why the fault may have missed, for the failure message.
     *
     * @return e.g. {@code no connection reached proxy [postgres] while the outage was on}
     */
    String missedBecause();

    /**
     * What went wrong with the injection while it was in force (a schedule that could not apply its
     * next step), which fails the scenario.
     *
     * @return the failure, or empty
     */
    default java.util.Optional<String> failure() {
      return java.util.Optional.empty();
    }

    /** Removes the fault; idempotent. */
    @Override
    void close();
  }
}
