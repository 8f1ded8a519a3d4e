package io.infraaware.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A chaos scenario: a steady state checked first, faults injected, expectations held while they are
 * on, faults removed (always), and expectations after recovery.
 *
 * <p>Every step returns a new scenario; nothing runs until {@link #run()}.
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

  private record Step(String description, Check check) {}

  private record Observer(Duration every, Check sample) {}

  private final String name;
  private final List<Step> steadyState;
  private final List<Injection> injections;
  private final List<Step> hold;
  private final List<Step> recover;
  private final Long seed;
  private final Duration manifestWithin;
  private final Duration steadyStateReturnsWithin;
  private final List<Observer> observers;
  private final ScenarioReport report;
  private final PrintStream console;

  /** The settings a step copies and changes: a scenario itself never changes. */
  private static final class Draft {
    List<Step> steadyState = List.of();
    List<Injection> injections = List.of();
    List<Step> hold = List.of();
    List<Step> recover = List.of();
    Long seed;
    Duration manifestWithin = Duration.ofSeconds(10);
    Duration steadyStateReturnsWithin = Duration.ofSeconds(30);
    List<Observer> observers = List.of();
    ScenarioReport report = ScenarioReport.defaultReport();
    PrintStream console = System.out;
  }

  private Scenario(String name, Draft draft) {
    this.name = name;
    this.steadyState = List.copyOf(draft.steadyState);
    this.injections = List.copyOf(draft.injections);
    this.hold = List.copyOf(draft.hold);
    this.recover = List.copyOf(draft.recover);
    this.seed = draft.seed;
    this.manifestWithin = draft.manifestWithin;
    this.steadyStateReturnsWithin = draft.steadyStateReturnsWithin;
    this.observers = List.copyOf(draft.observers);
    this.report = draft.report;
    this.console = draft.console;
  }

  /**
   * Starts describing a scenario.
   *
   * @param name what it verifies, e.g. {@code database outage}
   * @return the empty scenario
   */
  public static Scenario named(String name) {
    Objects.requireNonNull(name, "name");
    return new Scenario(name, new Draft());
  }

  /** A new scenario: this one's settings with {@code change} applied to a copy. */
  private Scenario with(java.util.function.Consumer<Draft> change) {
    Draft draft = new Draft();
    draft.steadyState = steadyState;
    draft.injections = injections;
    draft.hold = hold;
    draft.recover = recover;
    draft.seed = seed;
    draft.manifestWithin = manifestWithin;
    draft.steadyStateReturnsWithin = steadyStateReturnsWithin;
    draft.observers = observers;
    draft.report = report;
    draft.console = console;
    change.accept(draft);
    return new Scenario(name, draft);
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
    Objects.requireNonNull(every, "every");
    return with(d -> d.observers = plus(observers, new Observer(every, sample)));
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
    return with(d -> d.steadyStateReturnsWithin = within);
  }

  private static <T> List<T> plus(List<T> list, T item) {
    List<T> copy = new ArrayList<>(list);
    copy.add(Objects.requireNonNull(item));
    return copy;
  }

  /**
   * Adds an expectation that must hold before anything is injected.
   *
   * @param description what is expected
   * @param check the expectation
   * @return a new scenario
   */
  public Scenario steadyState(String description, Check check) {
    return with(d -> d.steadyState = plus(steadyState, new Step(description, check)));
  }

  /**
   * Adds a fault to inject after the steady state.
   *
   * @param injection the fault or schedule
   * @return a new scenario
   */
  public Scenario inject(Injection injection) {
    return with(d -> d.injections = plus(injections, injection));
  }

  /**
   * Adds an expectation checked while the faults are on.
   *
   * @param description what is expected
   * @param check the expectation
   * @return a new scenario
   */
  public Scenario hold(String description, Check check) {
    return with(d -> d.hold = plus(hold, new Step(description, check)));
  }

  /**
   * Adds an expectation checked after the faults were removed.
   *
   * @param description what is expected
   * @param check the expectation
   * @return a new scenario
   */
  public Scenario recover(String description, Check check) {
    return with(d -> d.recover = plus(recover, new Step(description, check)));
  }

  /**
   * Fixes the seed, to replay a run; otherwise {@value #SEED_PROPERTY} or a fresh one is used.
   *
   * @param seed the seed printed by an earlier run
   * @return a new scenario
   */
  public Scenario seed(long seed) {
    return with(d -> d.seed = seed);
  }

  /**
   * How long a fault may take to reach its target before the scenario fails as "missed".
   *
   * @param within the bound, 10 s by default
   * @return a new scenario
   */
  public Scenario manifestWithin(Duration within) {
    return with(d -> d.manifestWithin = within);
  }

  /**
   * Where the timeline goes after the run.
   *
   * @param target the report
   * @return a new scenario
   */
  public Scenario reportTo(ScenarioReport target) {
    return with(d -> d.report = target);
  }

  /**
   * Where phase lines are printed; {@code System.out} by default.
   *
   * @param out the stream
   * @return a new scenario
   */
  public Scenario printTo(PrintStream out) {
    return with(d -> d.console = out);
  }

  /**
   * Runs the scenario. Faults are removed whatever happens in the hold phase, including an
   * exception or an interrupt from a test timeout.
   *
   * @return the timeline
   * @throws ScenarioFailedError naming the phase and expectation that failed
   */
  public Timeline run() {
    long effectiveSeed = seed != null ? seed : Long.getLong(SEED_PROPERTY, new Random().nextLong());
    Timeline timeline = new Timeline(name);
    ScenarioContext context =
        new ScenarioContext(
            name,
            timeline,
            effectiveSeed,
            new Random(effectiveSeed),
            new java.util.concurrent.ConcurrentHashMap<>());
    timeline.note("seed", Long.toString(effectiveSeed));
    say("seed " + effectiveSeed + " (replay with -D" + SEED_PROPERTY + "=" + effectiveSeed + ")");
    ScenarioFailedError failure = null;
    java.util.concurrent.ScheduledExecutorService sampling = startObservers(context);
    try {
      try {
        for (Injection injection : injections) {
          injection.prepare(context);
        }
      } catch (RuntimeException | Error e) {
        failure = fail(context, "steady state", "preparing " + describeInjections(), e);
      }
      if (failure == null) {
        failure = phase(context, "steady state", steadyState);
      }
      if (failure == null) {
        failure = injectHoldAndHeal(context);
      }
      if (failure == null) {
        failure = phase(context, "recover", recoverThenSteadyState());
      }
    } finally {
      if (sampling != null) {
        sampling.shutdownNow();
      }
      report.add(timeline);
      say("report " + report.htmlFile().toAbsolutePath());
    }
    if (failure != null) {
      throw failure;
    }
    return timeline;
  }

  private java.util.concurrent.ScheduledExecutorService startObservers(ScenarioContext context) {
    if (observers.isEmpty()) {
      return null;
    }
    java.util.concurrent.ScheduledExecutorService sampling =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "infraaware-chaos-observer");
              thread.setDaemon(true);
              return thread;
            });
    for (Observer observer : observers) {
      sampling.scheduleWithFixedDelay(
          () -> {
            try {
              observer.sample().check(context);
            } catch (Exception | AssertionError unavailable) {
              // the system may not answer while a fault is on; the next sample tries again
            }
          },
          0,
          observer.every().toMillis(),
          java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    return sampling;
  }

  /** The recover steps, then every steady-state check again, each retried until it passes. */
  private List<Step> recoverThenSteadyState() {
    List<Step> steps = new ArrayList<>(recover);
    for (Step step : steadyState) {
      steps.add(
          new Step(
              "steady state returns: " + step.description(),
              context ->
                  Awaitility.await("steady state returns: " + step.description())
                      .atMost(steadyStateReturnsWithin)
                      .pollInterval(Duration.ofMillis(100))
                      .ignoreExceptions()
                      .untilAsserted(() -> step.check().check(context))));
    }
    return steps;
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
    Objects.requireNonNull(bound, "bound");
    java.util.concurrent.ExecutorService thread =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            task -> {
              Thread runner = new Thread(task, "infraaware-scenario-" + name);
              runner.setDaemon(true);
              return runner;
            });
    java.util.concurrent.Future<Timeline> running = thread.submit(this::run);
    try {
      return running.get(bound.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      running.cancel(true);
      thread.shutdown();
      boolean healed = awaitQuietly(thread, HEAL_AFTER_TIMEOUT);
      throw new ScenarioFailedError(
          "Scenario ["
              + name
              + "] did not finish within "
              + bound.toMillis()
              + " ms; it was interrupted"
              + (healed
                  ? " and removed its faults"
                  : " and had not removed its faults "
                      + HEAL_AFTER_TIMEOUT.toSeconds()
                      + " s later"),
          e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      if (e.getCause() instanceof Error) {
        throw (Error) e.getCause();
      }
      throw new ScenarioFailedError("Scenario [" + name + "] failed: " + e.getCause(), e);
    } catch (InterruptedException e) {
      running.cancel(true);
      thread.shutdown();
      awaitQuietly(thread, HEAL_AFTER_TIMEOUT);
      Thread.currentThread().interrupt();
      throw new ScenarioFailedError("Scenario [" + name + "] was interrupted", e);
    } finally {
      thread.shutdown();
    }
  }

  /** How long an interrupted scenario may take to remove its faults. */
  private static final Duration HEAL_AFTER_TIMEOUT = Duration.ofSeconds(30);

  private static boolean awaitQuietly(
      java.util.concurrent.ExecutorService thread, Duration within) {
    boolean interrupted = Thread.interrupted();
    try {
      return thread.awaitTermination(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
      return false;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private ScenarioFailedError injectHoldAndHeal(ScenarioContext context) {
    Timeline timeline = context.timeline();
    List<Injection.Applied> applied = new ArrayList<>();
    ScenarioFailedError failure = null;
    long start = System.nanoTime();
    timeline.phase("inject", "started", "");
    try {
      for (Injection injection : injections) {
        applied.add(injection.apply(context));
        timeline.faultOn(injection.describe());
      }
      say(
          String.format(
              Locale.ROOT, "inject: %s (%d ms)", describeInjections(), millisSince(start)));
      timeline.phase("inject", "passed", "");
      // The hold checks usually drive the traffic that meets the fault, so whether it landed is
      // judged after them; a scenario whose fault missed fails even if every check passed.
      ScenarioFailedError held = phase(context, "hold", hold);
      // an injection that broke down says more than whether it landed
      ScenarioFailedError missed = injectionFailures(context, applied);
      if (missed == null) {
        missed = awaitManifested(context, applied);
      }
      if (missed != null && held != null) {
        missed.addSuppressed(held);
      }
      failure = missed != null ? missed : held;
    } catch (RuntimeException | Error e) {
      failure = fail(context, "inject", describeInjections(), e);
    } finally {
      failure = heal(context, applied, failure);
    }
    return failure;
  }

  private ScenarioFailedError injectionFailures(
      ScenarioContext context, List<Injection.Applied> applied) {
    for (int i = 0; i < applied.size(); i++) {
      java.util.Optional<String> failed = applied.get(i).failure();
      if (failed.isPresent()) {
        String reason =
            "the injection [" + injections.get(i).describe() + "] failed: " + failed.get();
        context.timeline().expectation(injections.get(i).describe() + " ran", false, reason);
        context.timeline().phase("hold", "failed", reason);
        say("hold: FAILED: " + reason);
        return new ScenarioFailedError("Scenario [" + name + "] failed in hold: " + reason, null);
      }
    }
    return null;
  }

  private ScenarioFailedError awaitManifested(
      ScenarioContext context, List<Injection.Applied> applied) {
    for (int i = 0; i < applied.size(); i++) {
      Injection.Applied fault = applied.get(i);
      String description = injections.get(i).describe();
      try {
        Awaitility.await("fault [" + description + "] reaches its target")
            .atMost(manifestWithin)
            .pollInterval(Duration.ofMillis(50))
            .until(fault::manifested);
        context.timeline().expectation(description + " reached its target", true, "");
      } catch (ConditionTimeoutException e) {
        String reason =
            "the fault [" + description + "] missed its target: " + fault.missedBecause();
        context.timeline().expectation(description + " reached its target", false, reason);
        context.timeline().phase("hold", "failed", reason);
        say("hold: FAILED: " + reason);
        return new ScenarioFailedError("Scenario [" + name + "] failed in hold: " + reason, e);
      }
    }
    return null;
  }

  private ScenarioFailedError heal(
      ScenarioContext context, List<Injection.Applied> applied, ScenarioFailedError failure) {
    long start = System.nanoTime();
    Throwable healFailure = null;
    // A JUnit timeout interrupts this thread; undoing the faults must still get through (waits
    // and HTTP calls give up at once on an interrupted thread), and the interrupt is kept after.
    boolean interrupted = Thread.interrupted();
    try {
      for (int i = applied.size() - 1; i >= 0; i--) {
        try {
          applied.get(i).close();
          context.timeline().faultOff(injections.get(i).describe());
        } catch (RuntimeException | Error e) {
          healFailure = healFailure == null ? e : healFailure;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    context
        .timeline()
        .phase(
            "heal",
            healFailure == null ? "passed" : "failed",
            healFailure == null ? "" : String.valueOf(healFailure));
    say(
        String.format(
            Locale.ROOT,
            "heal: %s (%d ms)%s",
            healFailure == null ? "passed" : "FAILED: " + healFailure,
            millisSince(start),
            interrupted ? " after an interrupt" : ""));
    if (failure == null && healFailure != null) {
      return new ScenarioFailedError(
          "Scenario [" + name + "] could not remove its faults", healFailure);
    }
    if (failure != null && healFailure != null) {
      failure.addSuppressed(healFailure);
    }
    return failure;
  }

  private ScenarioFailedError phase(ScenarioContext context, String phase, List<Step> steps) {
    long start = System.nanoTime();
    context.timeline().phase(phase, "started", "");
    for (Step step : steps) {
      try {
        step.check().check(context);
        context.timeline().expectation(step.description(), true, "");
      } catch (Exception | Error e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        return fail(context, phase, step.description(), e);
      }
    }
    context.timeline().phase(phase, "passed", "");
    say(
        String.format(
            Locale.ROOT,
            "%s: passed, %d expectation(s) (%d ms)",
            phase,
            steps.size(),
            millisSince(start)));
    return null;
  }

  private ScenarioFailedError fail(
      ScenarioContext context, String phase, String expectation, Throwable cause) {
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    context.timeline().expectation(expectation, false, message);
    context.timeline().phase(phase, "failed", message);
    say(phase + ": FAILED: " + expectation + ": " + firstLine(message));
    return new ScenarioFailedError(
        "Scenario [" + name + "] failed in " + phase + ": " + expectation + ": " + message, cause);
  }

  private String describeInjections() {
    List<String> descriptions = new ArrayList<>();
    injections.forEach(injection -> descriptions.add(injection.describe()));
    return descriptions.isEmpty() ? "nothing" : String.join(", ", descriptions);
  }

  private void say(String line) {
    console.println("[chaos] " + name + " | " + line);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
