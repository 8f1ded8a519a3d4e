package io.infraaware.chaos;

import io.infraaware.proxy.Fault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.time.Calibration;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A chaos scenario, described: a steady state checked first, faults injected, expectations held
 * while they are on, faults removed (always), and expectations after recovery.
 *
 * <p>A scenario is an immutable value: every step returns a new one, and nothing runs until {@code
 * run()} hands it to the runner, which tells its listeners (the console, the report) what happened.
 *
 * <p>The steps can only be written in the order they run: how the scenario runs and its steady
 * state, then its faults ({@link #inject}), then what holds while they are on ({@link
 * Faulted#hold}), then what holds after ({@link Holding#recover}); each step returns the next
 * stage, which offers only what may follow.
 *
 * <pre>{@code
 * Scenario.named("database outage")
 *     .steadyState("messages round-trip", ctx -> assertThat(post("hi")).isEqualTo(201))
 *     .inject(postgres, Fault.outage())
 *     .hold("answers degraded within the deadline", ctx -> ...)
 *     .recover("the outbox drains", ctx -> ...)
 *     .run();
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class Scenario {

  /** The system property that replays a run: {@code -Dinfra.chaos.seed=42}. */
  public static final String SEED_PROPERTY = "infra.chaos.seed";

  /** A step of the description, in the order it was added. */
  sealed interface Step permits Expectation, Injecting, Observer, KeptLog {}

  /**
   * An expectation of one phase; a recover expectation is retried until it passes, unless it is to
   * be checked once.
   */
  record Expectation(Phase phase, String description, Check check, boolean once) implements Step {
    Expectation {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(check, "check");
    }

    Expectation(Phase phase, String description, Check check) {
      this(phase, description, check, true);
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

  /** A file to keep in the report when the scenario fails, such as an application's log. */
  record KeptLog(Path file) implements Step {
    KeptLog {
      Objects.requireNonNull(file, "file");
    }
  }

  /** How the scenario runs: what is not a step. Each wither changes one setting. */
  record Settings(
      Optional<Long> seed,
      Duration manifestWithin,
      Duration steadyStateReturnsWithin,
      Duration recoverWithin,
      Duration noiseCeiling) {

    static final Settings DEFAULTS =
        new Settings(
            Optional.empty(),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Calibration.DEFAULT_CEILING);

    Settings withSeed(long value) {
      return new Settings(
          Optional.of(value),
          manifestWithin,
          steadyStateReturnsWithin,
          recoverWithin,
          noiseCeiling);
    }

    Settings withManifestWithin(Duration value) {
      return new Settings(seed, value, steadyStateReturnsWithin, recoverWithin, noiseCeiling);
    }

    Settings withSteadyStateReturnsWithin(Duration value) {
      return new Settings(seed, manifestWithin, value, recoverWithin, noiseCeiling);
    }

    Settings withRecoverWithin(Duration value) {
      return new Settings(seed, manifestWithin, steadyStateReturnsWithin, value, noiseCeiling);
    }

    Settings withNoiseCeiling(Duration value) {
      return new Settings(seed, manifestWithin, steadyStateReturnsWithin, recoverWithin, value);
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
   * Adds an expectation that must hold before anything is injected, and again once the faults are
   * gone.
   *
   * @param description what is expected
   * @param check the expectation
   * @return a new scenario
   */
  public Scenario steadyState(String description, Check check) {
    return plus(new Expectation(Phase.STEADY_STATE, description, check));
  }

  /**
   * Injects a fault after the steady state; more may follow, applied together in the inject phase.
   *
   * @param injection the fault or schedule
   * @return the scenario with its fault, ready for expectations while it is on
   */
  public Faulted inject(Injection injection) {
    return new Faulted(plus(new Injecting(injection)));
  }

  /**
   * Injects one fault on a proxy after the steady state: {@code .inject(postgres, Fault.outage())}.
   *
   * @param proxy the proxy
   * @param fault the fault
   * @return the scenario with its fault
   */
  public Faulted inject(ServiceProxy proxy, Fault fault) {
    return inject(ProxyFaults.on(proxy, fault));
  }

  /**
   * A scenario that can run: its faults are described, and a fault injected in the hold phase has
   * its expectation. Code that runs scenarios others describe takes this.
   *
   * @since 0.2.0
   */
  @API(status = API.Status.STABLE, since = "0.2.0")
  public sealed interface Ready permits Faulted, Holding, Recovering {
    /**
     * Runs the scenario; see {@link Recovering#run()}.
     *
     * @return the timeline
     * @throws ScenarioFailedError naming the phase and expectation that failed
     */
    Timeline run();

    /**
     * Runs the scenario, bounded; see {@link Recovering#runWithin(Duration)}.
     *
     * @param bound how long the whole scenario may take
     * @return the timeline
     * @throws ScenarioFailedError when an expectation failed or the bound was reached
     */
    Timeline runWithin(Duration bound);

    /**
     * The scenario's name.
     *
     * @return what it verifies
     */
    String name();
  }

  /**
   * A scenario with its faults described: more faults, then expectations while they are on ({@link
   * #hold}) or after they are gone ({@link #recover}).
   *
   * @since 0.2.0
   */
  @API(status = API.Status.STABLE, since = "0.2.0")
  public static final class Faulted implements Ready {
    private final Scenario plan;

    private Faulted(Scenario plan) {
      this.plan = plan;
    }

    /**
     * Injects another fault, applied together with the first.
     *
     * @param injection the fault or schedule
     * @return a new scenario
     */
    public Faulted inject(Injection injection) {
      return new Faulted(plan.plus(new Injecting(injection)));
    }

    /**
     * Injects another fault on a proxy, applied together with the first.
     *
     * @param proxy the proxy
     * @param fault the fault
     * @return a new scenario
     */
    public Faulted inject(ServiceProxy proxy, Fault fault) {
      return inject(ProxyFaults.on(proxy, fault));
    }

    /**
     * Adds an expectation checked while the faults are on.
     *
     * @param description what is expected
     * @param check the expectation
     * @return a new scenario
     */
    public Holding hold(String description, Check check) {
      return new Holding(plan.plus(new Expectation(Phase.HOLD, description, check)));
    }

    /**
     * Adds an expectation of the recovery: checked after the faults were removed, and retried until
     * it passes or {@link Scenario#recoverWithin} runs out (the system needs time to recover).
     *
     * @param description what is expected
     * @param check the expectation
     * @return a new scenario
     */
    public Recovering recover(String description, Check check) {
      return new Recovering(plan.plus(new Expectation(Phase.RECOVER, description, check, false)));
    }

    /**
     * Adds an expectation checked once, at once, after the faults were removed: what must already
     * hold when the faults are gone.
     *
     * @param description what is expected
     * @param check the expectation
     * @return a new scenario
     */
    public Recovering recoverImmediately(String description, Check check) {
      return new Recovering(plan.plus(new Expectation(Phase.RECOVER, description, check, true)));
    }

    /**
     * Runs the scenario; see {@link Recovering#run()}.
     *
     * @return the timeline
     */
    @Override
    public Timeline run() {
      return new ScenarioRunner(plan).run();
    }

    /**
     * Runs the scenario, bounded; see {@link Recovering#runWithin(Duration)}.
     *
     * @param bound how long the whole scenario may take
     * @return the timeline
     */
    @Override
    public Timeline runWithin(Duration bound) {
      return new ScenarioRunner(plan).runWithin(bound);
    }

    /**
     * The scenario's name.
     *
     * @return what it verifies
     */
    @Override
    public String name() {
      return plan.name();
    }
  }

  /**
   * A scenario checking what holds while its faults are on: more checks, a fault injected in its
   * turn ("writes are accepted during the outage, then the backend is killed"), or the recovery.
   *
   * @since 0.2.0
   */
  @API(status = API.Status.STABLE, since = "0.2.0")
  public static final class Holding implements Ready {
    private final Scenario plan;

    private Holding(Scenario plan) {
      this.plan = plan;
    }

    /**
     * Adds an expectation checked while the faults are on, after the ones before it.
     *
     * @param description what is expected
     * @param check the expectation
     * @return a new scenario
     */
    public Holding hold(String description, Check check) {
      return new Holding(plan.plus(new Expectation(Phase.HOLD, description, check)));
    }

    /**
     * Injects a fault in the hold phase, once the expectations before it have passed; a hold
     * expectation must follow, so that something is checked while it is on.
     *
     * <pre>{@code
     * .inject(postgres, Fault.outage())
     * .hold("writes are accepted", ctx -> ...)
     * .inject(Crash.kill(backend))   // restarted when the scenario heals, before the outage ends
     * .hold("the restarted backend still queues writes", ctx -> ...)
     * }</pre>
     *
     * @param injection the fault
     * @return the scenario, waiting for the expectation that checks it
     */
    public HoldInjected inject(Injection injection) {
      return new HoldInjected(plan.plus(new Injecting(injection)));
    }

    /**
     * Injects a fault on a proxy in the hold phase; see {@link #inject(Injection)}.
     *
     * @param proxy the proxy
     * @param fault the fault
     * @return the scenario, waiting for the expectation that checks it
     */
    public HoldInjected inject(ServiceProxy proxy, Fault fault) {
      return inject(ProxyFaults.on(proxy, fault));
    }

    /**
     * Adds an expectation of the recovery: checked after the faults were removed, and retried until
     * it passes or {@link Scenario#recoverWithin} runs out (the system needs time to recover).
     *
     * @param description what is expected
     * @param check the expectation
     * @return a new scenario
     */
    public Recovering recover(String description, Check check) {
      return new Recovering(plan.plus(new Expectation(Phase.RECOVER, description, check, false)));
    }

    /**
     * Adds an expectation checked once, at once, after the faults were removed: what must already
     * hold when the faults are gone.
     *
     * @param description what is expected
     * @param check the expectation
     * @return a new scenario
     */
    public Recovering recoverImmediately(String description, Check check) {
      return new Recovering(plan.plus(new Expectation(Phase.RECOVER, description, check, true)));
    }

    /**
     * Runs the scenario; see {@link Recovering#run()}.
     *
     * @return the timeline
     */
    @Override
    public Timeline run() {
      return new ScenarioRunner(plan).run();
    }

    /**
     * Runs the scenario, bounded; see {@link Recovering#runWithin(Duration)}.
     *
     * @param bound how long the whole scenario may take
     * @return the timeline
     */
    @Override
    public Timeline runWithin(Duration bound) {
      return new ScenarioRunner(plan).runWithin(bound);
    }

    /**
     * The scenario's name.
     *
     * @return what it verifies
     */
    @Override
    public String name() {
      return plan.name();
    }
  }

  /**
   * A fault injected in the hold phase, waiting for the expectation that checks it: a fault that
   * nothing checks is not a step a scenario may end with.
   *
   * @since 0.2.0
   */
  @API(status = API.Status.STABLE, since = "0.2.0")
  public static final class HoldInjected {
    private final Scenario plan;

    private HoldInjected(Scenario plan) {
      this.plan = plan;
    }

    /**
     * Adds the expectation checked while the fault just injected is on.
     *
     * @param description what is expected
     * @param check the expectation
     * @return a new scenario
     */
    public Holding hold(String description, Check check) {
      return new Holding(plan.plus(new Expectation(Phase.HOLD, description, check)));
    }
  }

  /**
   * A scenario checking its recovery: more recover expectations, then run it.
   *
   * @since 0.2.0
   */
  @API(status = API.Status.STABLE, since = "0.2.0")
  public static final class Recovering implements Ready {
    private final Scenario plan;

    private Recovering(Scenario plan) {
      this.plan = plan;
    }

    /**
     * Adds an expectation of the recovery, after the ones before it: retried until it passes or
     * {@link Scenario#recoverWithin} runs out.
     *
     * @param description what is expected
     * @param check the expectation
     * @return a new scenario
     */
    public Recovering recover(String description, Check check) {
      return new Recovering(plan.plus(new Expectation(Phase.RECOVER, description, check, false)));
    }

    /**
     * Adds an expectation checked once, at its turn, after the faults were removed.
     *
     * @param description what is expected
     * @param check the expectation
     * @return a new scenario
     */
    public Recovering recoverImmediately(String description, Check check) {
      return new Recovering(plan.plus(new Expectation(Phase.RECOVER, description, check, true)));
    }

    /**
     * Runs the scenario. Faults are removed whatever happens in the hold phase, including an
     * exception or an interrupt from a test timeout.
     *
     * @return the timeline
     * @throws ScenarioFailedError naming the phase and expectation that failed
     */
    @Override
    public Timeline run() {
      return new ScenarioRunner(plan).run();
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
    @Override
    public Timeline runWithin(Duration bound) {
      return new ScenarioRunner(plan).runWithin(bound);
    }

    /**
     * The scenario's name.
     *
     * @return what it verifies
     */
    @Override
    public String name() {
      return plan.name();
    }
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
   * Keeps a file when the scenario fails, such as the log of the application under test: it is
   * copied into the report directory (under {@code logs/}) and linked from the scenario's section
   * of the report and from {@code chaos-report.json}. A file that does not exist is noted as
   * missing.
   *
   * @param log the file
   * @return a new scenario
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  public Scenario keepLogOnFailure(Path log) {
    return plus(new KeptLog(log));
  }

  /**
   * Keeps what a child process printed (every run of it) when the scenario fails: its {@link
   * ChildProcess#log()} is copied into the report directory and linked from the report, so the
   * application's side of a failure survives a temporary directory.
   *
   * @param process the application under test
   * @return a new scenario
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  public Scenario keepLogOnFailure(ChildProcess process) {
    return keepLogOnFailure(process.log());
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
   * How long each {@code recover} expectation may take to pass: it is retried until then, every 100
   * ms, the last failure reported when the time runs out. {@code recoverImmediately} expectations
   * are checked once.
   *
   * @param within the bound, 30 s by default; derive it from the system's timings (a breaker's wait
   *     in OPEN, scaled)
   * @return a new scenario
   */
  public Scenario recoverWithin(Duration within) {
    Objects.requireNonNull(within, "within");
    return with(settings.withRecoverWithin(within));
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

  List<Injection> injections() {
    List<Injection> injections = new ArrayList<>();
    for (Step step : steps) {
      if (step instanceof Injecting) {
        injections.add(((Injecting) step).injection());
      }
    }
    return injections;
  }

  List<Path> keptLogs() {
    List<Path> logs = new ArrayList<>();
    for (Step step : steps) {
      if (step instanceof KeptLog) {
        logs.add(((KeptLog) step).file());
      }
    }
    return logs;
  }

  ScenarioReport report() {
    return listeners.report();
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
