package io.infraaware.chaos;

import org.apiguardian.api.API;

/**
 * A fault, or a schedule of faults, that a scenario applies after its steady state and always
 * removes before it recovers.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface Injection {

  /**
   * A fault of your own, beyond the proxy faults and crashes: a changed setting, a limit on a
   * database role, a service restarted with another secret. {@code apply} makes the fault and
   * returns what undoes it, which the scenario runs when it heals, always. Such a fault counts as
   * having reached its target once applied: its effect is for the hold expectations to check.
   *
   * <pre>{@code
   * Injection.of("CONNECTION LIMIT 1 on role app", ctx -> {
   *   sql.execute("ALTER ROLE app CONNECTION LIMIT 1");
   *   return () -> sql.execute("ALTER ROLE app CONNECTION LIMIT -1");
   * })
   * }</pre>
   *
   * @param description what is injected where, for the console and the report
   * @param apply makes the fault; returns what undoes it
   * @return the injection
   * @since 0.2.0
   */
  static Injection of(String description, Apply apply) {
    java.util.Objects.requireNonNull(description, "description");
    java.util.Objects.requireNonNull(apply, "apply");
    return new Injection() {
      @Override
      public String describe() {
        return description;
      }

      @Override
      public Applied apply(ScenarioContext context) {
        Undo undo;
        try {
          undo = apply.apply(context);
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(
              "Could not inject [" + description + "]: " + e.getMessage(), e);
        }
        java.util.Objects.requireNonNull(undo, "[" + description + "] returned no undo");
        java.util.concurrent.atomic.AtomicBoolean undone =
            new java.util.concurrent.atomic.AtomicBoolean();
        return new Applied() {
          @Override
          public boolean manifested() {
            return true;
          }

          @Override
          public String missedBecause() {
            return "";
          }

          @Override
          public void close() {
            if (undone.compareAndSet(false, true)) {
              try {
                undo.undo();
              } catch (RuntimeException e) {
                throw e;
              } catch (Exception e) {
                throw new IllegalStateException(
                    "Could not undo [" + description + "]: " + e.getMessage(), e);
              }
            }
          }
        };
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }

  /** Makes a fault of one's own: see {@link Injection#of(String, Apply)}. */
  @FunctionalInterface
  interface Apply {
    /**
     * Makes the fault now.
     *
     * @param context the scenario's context
     * @return what undoes it
     * @throws Exception when the fault cannot be made; the scenario fails in its inject phase
     */
    Undo apply(ScenarioContext context) throws Exception;
  }

  /** Undoes a fault of one's own. */
  @FunctionalInterface
  interface Undo {
    /**
     * Undoes the fault; run once, when the scenario heals.
     *
     * @throws Exception when it cannot be undone; the scenario fails saying so
     */
    void undo() throws Exception;
  }

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
   * @param context the scenario's context; keep per-run state in its store ({@link
   *     ScenarioContext#put})
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
