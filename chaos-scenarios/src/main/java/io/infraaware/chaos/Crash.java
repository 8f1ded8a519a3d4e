package io.infraaware.chaos;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A crash of the system under test as a scenario's fault, beside the proxy faults: it is killed
 * (SIGKILL) or stopped (SIGTERM) when the injection applies, and started again (same command,
 * configuration and working directory) when the scenario heals, or at once with {@link
 * #thenRestart()}. Both show in the timeline and the report with what happened (pid, signal, exit
 * code, how long the restart took). A system that cannot be started again fails the heal, and so
 * the scenario.
 *
 * <pre>{@code
 * system.scenario("crash during a database outage")
 *     .steadyState("messages round-trip", ...)
 *     .inject(ProxyFaults.on(postgres, Fault.outage()))
 *     .hold("writes are accepted (202)", ctx -> accepted.addAll(postAll(50)))
 *     .inject(Crash.kill(backend))   // after the writes: injections keep the order described
 *     .recover("every accepted message is stored once", ctx -> ...)
 *     .run();
 * }</pre>
 *
 * <p>Faults heal newest first: the backend is started again while the database is still out, then
 * the outage ends.
 *
 * @since 0.2.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class Crash implements Injection {

  private final SystemUnderTest system;
  private final boolean kill;
  private final boolean restartAtOnce;

  private Crash(SystemUnderTest system, boolean kill, boolean restartAtOnce) {
    this.system = Objects.requireNonNull(system, "system");
    this.kill = kill;
    this.restartAtOnce = restartAtOnce;
  }

  /**
   * The system is killed: a child process gets SIGKILL and no chance to clean up.
   *
   * @param system the system under test
   * @return the injection; the system is started again when the scenario heals
   */
  public static Crash kill(SystemUnderTest system) {
    return new Crash(system, true, false);
  }

  /**
   * The system is stopped as a platform stops it: a child process gets SIGTERM, its shutdown hooks
   * run, and it is killed if it does not end in time.
   *
   * @param system the system under test
   * @return the injection; the system is started again when the scenario heals
   */
  public static Crash stop(SystemUnderTest system) {
    return new Crash(system, false, false);
  }

  /**
   * Starts the system again as soon as it has gone, while the other faults are still on (a crash
   * loop's single turn); the hold expectations after it see the restarted system.
   *
   * @return a new injection
   */
  public Crash thenRestart() {
    return new Crash(system, kill, true);
  }

  @Override
  public String describe() {
    return (kill ? "kill" : "stop")
        + " ["
        + system.name()
        + "]"
        + (restartAtOnce ? " and restart it" : ", restarted on heal");
  }

  /** Starts the system again at once; a start that fails is the hold's failure, not a throw. */
  private Optional<String> restart(ScenarioContext context) {
    try {
      context.timeline().note(system.name(), system.start());
      return Optional.empty();
    } catch (RuntimeException e) {
      // the scenario fails in hold saying so, and healing tries once more
      String failed = "[" + system.name() + "] did not start again: " + e.getMessage();
      context.timeline().note(system.name(), failed);
      return Optional.of(failed);
    }
  }

  @Override
  public Applied apply(ScenarioContext context) {
    String ended = kill ? system.kill() : system.stop();
    context.timeline().note(system.name(), ended);
    boolean down = !system.isRunning();
    Optional<String> failure = restartAtOnce ? restart(context) : Optional.empty();
    return new Applied() {
      @Override
      public boolean manifested() {
        return down;
      }

      @Override
      public String missedBecause() {
        return "[" + system.name() + "] still ran after the " + (kill ? "kill" : "stop");
      }

      @Override
      public Optional<String> failure() {
        return failure;
      }

      @Override
      public void close() {
        if (!system.isRunning()) {
          context.timeline().note(system.name(), system.start());
        }
      }
    };
  }

  @Override
  public String toString() {
    return describe();
  }
}
