package io.infraaware.chaos;

import io.infraaware.time.Calibration;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A chaos scenario, described: a steady state checked first, faults injected, expectations held
 * while they are on, faults removed (always), and expectations after recovery.
 *
 * <p>A scenario is an immutable value: every step returns a new one, and nothing runs until {@link
 * #run()} hands it to the runner, which tells its listeners (the console, the report) what
 * happened.
 *
 * <pre>{@code
 * Scenario.named("database outage")
 *     .steadyState("messages round-trip", ctx -> assertThat(post("hi")).isEqualTo(201))
 *     .inject(ProxyFaults.on(postgres, Fault.outage()))
 *     .hold("answers degraded within the deadline", ctx -> ...)
 *     .recover("the outbox drains", ctx -> ...)
 *     .run();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Scenario {

  /** The system property that replays a run: {@code -Dinfra.chaos.seed=42}. */
  public static final String SEED_PROPERTY = "infra.chaos.seed";

  /** A step of the description, in the order it was added. */
  sealed interface Step permits Expectation, Injecting, Observer {}

  /** An expectation of one phase. */
  record Expectation(Phase phase, String description, Check check) implements Step {
    Expectation {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(check, "check");
    }
  }

  /** A fault to inject after the steady state. */
  record Injecting(Injection injection) implements Step {
    Injecting {
      Objects.requireNonNull(injection, "injection");
    }
  }

  /** A background sample taken for the whole run. */
  record Observer(Duration every, Check sample) implements Step {
    Observer {
      Objects.requireNonNull(every, "every");
      Objects.requireNonNull(sample, "sample");
      if (every.isNegative() || every.isZero()) {
        throw new IllegalArgumentException("An observer needs a positive period, was " + every);
      }
    }
  }

  /** How the scenario runs: what is not a step. Each wither changes one setting. */
  record Settings(
      Optional<Long> seed,
      Duration manifestWithin,
      Duration steadyStateReturnsWithin,
      Duration noiseCeiling) {

    static final Settings DEFAULTS =
        new Settings(
            Optional.empty(),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Calibration.DEFAULT_CEILING);

    Settings withSeed(long value) {
      return new Settings(
          Optional.of(value), manifestWithin, steadyStateReturnsWithin, noiseCeiling);
    }

    Settings withManifestWithin(Duration value) {
      return new Settings(seed, value, steadyStateReturnsWithin, noiseCeiling);
    }

    Settings withSteadyStateReturnsWithin(Duration value) {
      return new Settings(seed, manifestWithin, value, noiseCeiling);
    }

    Settings withNoiseCeiling(Duration value) {
      return new Settings(seed, manifestWithin, steadyStateReturnsWithin, value);
    }
  }

  /** Who is told about the run: the report, the console, and any other listener. */
  record Listeners(ScenarioReport report, PrintStream console, List<ScenarioListener> others) {

    static Listeners defaults() {
      return new Listeners(ScenarioReport.defaultReport(), System.out, List.of());
    }

    Listeners withReport(ScenarioReport value) {
      return new Listeners(value, console, others);
    }

    Listeners withConsole(PrintStream value) {
      return new Listeners(report, value, others);
    }

    Listeners plus(ScenarioListener listener) {
      List<ScenarioListener> more = new ArrayList<>(others);
      more.add(listener);
      return new Listeners(report, console, List.copyOf(more));
    }

    /** The report first, so the console can say where it is; then the console; then the rest. */
    List<ScenarioListener> all() {
      List<ScenarioListener> all = new ArrayList<>();
      all.add(report);
      all.add(new ConsoleOutput(console, Optional.of(report.htmlFile())));
      all.addAll(others);
      return all;
    }
  }

  private final String name;
  private final List<Step> steps;
  private final Settings settings;
  private final Listeners listeners;

  private Scenario(String name, List<Step> steps, Settings settings, Listeners listeners) {
    this.name = name;
    this.steps = List.copyOf(steps);
    this.settings = settings;
    this.listeners = listeners;
  }

  /**
   * Starts describing a scenario.
   *
   * @param name what it verifies, e.g. {@code database outage}
   * @return the empty scenario
   */
  public static Scenario named(String name) {
    Objects.requireNonNull(name, "name");
    return new Scenario(name, List.of(), Settings.DEFAULTS, Listeners.defaults());
  }

  private Scenario plus(Step step) {
    List<Step> more = new ArrayList<>(steps);
    more.add(step);
    return new Scenario(name, more, settings, listeners);
  }

  private Scenario with(Settings changed) {
    return new Scenario(name, steps, changed, listeners);
  }

  private Scenario with(Listeners changed) {
    return new Scenario(name, steps, settings, changed);
  }

  /**
   * Adds an expectation that must hold before anything is injected.
   *
   * @param description what is expected
   * @param check the expectation
   * @return a new scenario
   */
  public Scenario steadyState(String description, Check check) {
    return plus(new Expectation(Phase.STEADY_STATE, description, check));
  }

  /**
   * Adds a fault to inject after the steady state. Injections added before the first {@link #hold}
   * are applied together in the inject phase; one added after a hold expectation is applied in the
   * hold phase, in the order described, once the expectations before it have passed: "writes are
   * accepted during the outage, then the backend is killed".
   *
   * <pre>{@code
   * .inject(ProxyFaults.on(postgres, Fault.outage()))
   * .hold("writes are accepted", ctx -> ...)
   * .inject(Crash.kill(backend))   // restarted when the scenario heals, before the outage ends
   * .recover("everything accepted is stored once", ctx -> ...)
   * }</pre>
   *
   * @param injection the fault or schedule
   * @return a new scenario
   */
  public Scenario inject(Injection injection) {
    return plus(new Injecting(injection));
  }

  /**
   * Adds an expectation checked while the faults are on.
   *
   * @param description what is expected
   * @param check the expectation
   * @return a new scenario
   */
  public Scenario hold(String description, Check check) {
    return plus(new Expectation(Phase.HOLD, description, check));
  }

  /**
   * Adds an expectation checked after the faults were removed.
   *
   * @param description what is expected
   * @param check the expectation
   * @return a new scenario
   */
  public Scenario recover(String description, Check check) {
    return plus(new Expectation(Phase.RECOVER, description, check));
  }

  /**
   * Samples the system in the background while the scenario runs, from the steady state to the end
   * of recovery: typically breaker states and health into the timeline, so the report shows every
   * change when it happened, not only when a check happened to look. A sample that throws is
   * skipped (the system may not answer during a fault).
   *
   * <pre>{@code
   * .observe(Duration.ofMillis(100), ctx -> ctx.timeline().breaker("database", database.read().state().name()))
   * }</pre>
   *
   * @param every how often
   * @param sample what to record
   * @return a new scenario
   */
  public Scenario observe(Duration every, Check sample) {
    return plus(new Observer(every, sample));
  }

  /**
   * How long, after the recover expectations, the steady state may take to return: each of its
   * checks is retried until it passes or this runs out. A recovered system must be back where it
   * started, not only survive.
   *
   * @param within the bound, 30 s by default; derive it from the system's timings (a breaker's wait
   *     in OPEN, scaled)
   * @return a new scenario
   */
  public Scenario steadyStateReturnsWithin(Duration within) {
    Objects.requireNonNull(within, "within");
    return with(settings.withSteadyStateReturnsWithin(within));
  }

  /**
   * Fixes the seed, to replay a run; otherwise {@value #SEED_PROPERTY} or a fresh one is used.
   *
   * @param seed the seed printed by an earlier run
   * @return a new scenario
   */
  public Scenario seed(long seed) {
    return with(settings.withSeed(seed));
  }

  /**
   * How long a fault may take to reach its target before the scenario fails as "missed".
   *
   * @param within the bound, 10 s by default
   * @return a new scenario
   */
  public Scenario manifestWithin(Duration within) {
    Objects.requireNonNull(within, "within");
    return with(settings.withManifestWithin(within));
  }

  /**
   * The most machine noise a promise about time may be allowed in this scenario. While it runs, the
   * scenario measures how noisy the machine is (how late a sleeping thread wakes, how much CPU a
   * busy one gets); {@link ScenarioContext#assertWithin} and {@link
   * ScenarioContext#assertFiredAtBudget} judge a time as {@code promise + noise}, the noise at most
   * this ceiling. A time that only noise above the ceiling explains fails as the machine's, not the
   * system's ({@link io.infraaware.time.MachineOverloadedError}).
   *
   * @param ceiling the ceiling, {@link Calibration#DEFAULT_CEILING} by default
   * @return a new scenario
   */
  public Scenario noiseCeiling(Duration ceiling) {
    Objects.requireNonNull(ceiling, "ceiling");
    if (ceiling.isNegative()) {
      throw new IllegalArgumentException("A noise ceiling cannot be negative, was " + ceiling);
    }
    return with(settings.withNoiseCeiling(ceiling));
  }

  /**
   * Where the timeline goes after the run: the report is a listener on the run.
   *
   * @param target the report
   * @return a new scenario
   */
  public Scenario reportTo(ScenarioReport target) {
    Objects.requireNonNull(target, "target");
    return with(listeners.withReport(target));
  }

  /**
   * Where phase lines are printed; {@code System.out} by default.
   *
   * @param out the stream
   * @return a new scenario
   */
  public Scenario printTo(PrintStream out) {
    Objects.requireNonNull(out, "out");
    return with(listeners.withConsole(out));
  }

  /**
   * Adds a listener, told of the run after the report and the console.
   *
   * @param listener the listener
   * @return a new scenario
   */
  public Scenario listener(ScenarioListener listener) {
    Objects.requireNonNull(listener, "listener");
    return with(listeners.plus(listener));
  }

  /**
   * Runs the scenario. Faults are removed whatever happens in the hold phase, including an
   * exception or an interrupt from a test timeout.
   *
   * @return the timeline
   * @throws ScenarioFailedError naming the phase and expectation that failed
   */
  public Timeline run() {
    return new ScenarioRunner(this).run();
  }

  /**
   * Runs the scenario, bounded: if it has not finished within {@code bound}, its thread is
   * interrupted and this waits for it to remove its faults before failing. Unlike JUnit's {@code
   * assertTimeoutPreemptively}, which leaves the timed-out thread running, nothing injected can
   * outlive the call.
   *
   * @param bound how long the whole scenario may take, e.g. {@code budget.testTimeout()}
   * @return the timeline
   * @throws ScenarioFailedError when an expectation failed or the bound was reached
   */
  public Timeline runWithin(Duration bound) {
    return new ScenarioRunner(this).runWithin(bound);
  }

  /**
   * The scenario's name.
   *
   * @return what it verifies
   */
  public String name() {
    return name;
  }

  List<Expectation> expectations(Phase phase) {
    List<Expectation> matching = new ArrayList<>();
    for (Step step : steps) {
      if (step instanceof Expectation && ((Expectation) step).phase() == phase) {
        matching.add((Expectation) step);
      }
    }
    return matching;
  }

  /**
   * The injections applied together in the inject phase: those described before the first hold
   * expectation.
   */
  List<Injection> leadingInjections() {
    List<Injection> leading = new ArrayList<>();
    for (Step step : steps) {
      if (step instanceof Expectation && ((Expectation) step).phase() == Phase.HOLD) {
        break;
      }
      if (step instanceof Injecting) {
        leading.add(((Injecting) step).injection());
      }
    }
    return leading;
  }

  /**
   * The hold phase in the order described: hold expectations, and the injections described after
   * the first of them.
   */
  List<Step> holdSteps() {
    List<Step> hold = new ArrayList<>();
    boolean holding = false;
    for (Step step : steps) {
      holding |= step instanceof Expectation && ((Expectation) step).phase() == Phase.HOLD;
      if (holding
          && (step instanceof Injecting
              || (step instanceof Expectation && ((Expectation) step).phase() == Phase.HOLD))) {
        hold.add(step);
      }
    }
    return hold;
  }

  /**
   * An injection described after the last hold expectation: it would be on while nothing is
   * checked, so a scenario that has one is refused before it runs.
   */
  Optional<Injection> injectionAfterTheLastHold() {
    // the hold steps start with a hold expectation: a trailing injection comes after one
    List<Step> hold = holdSteps();
    if (!hold.isEmpty() && hold.get(hold.size() - 1) instanceof Injecting last) {
      return Optional.of(last.injection());
    }
    return Optional.empty();
  }

  List<Injection> injections() {
    List<Injection> injections = new ArrayList<>();
    for (Step step : steps) {
      if (step instanceof Injecting) {
        injections.add(((Injecting) step).injection());
      }
    }
    return injections;
  }

  List<Observer> observers() {
    List<Observer> observers = new ArrayList<>();
    for (Step step : steps) {
      if (step instanceof Observer) {
        observers.add((Observer) step);
      }
    }
    return observers;
  }

  Settings settings() {
    return settings;
  }

  List<ScenarioListener> listeners() {
    return listeners.all();
  }

  @Override
  public String toString() {
    return "Scenario[" + name + ", " + steps.size() + " step(s)]";
  }
}
