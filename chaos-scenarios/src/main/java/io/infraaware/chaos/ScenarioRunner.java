package io.infraaware.chaos;

import io.infraaware.chaos.Scenario.Expectation;
import io.infraaware.chaos.Scenario.Observer;
import io.infraaware.runtime.internal.Cleanup;
import io.infraaware.runtime.internal.DaemonThreads;
import io.infraaware.time.Calibration;
import io.infraaware.time.MachineOverloadedError;
import io.infraaware.time.Noise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/**
 * Runs a described {@link Scenario} once: phases in order, the faults always removed, the listeners
 * told. A failed expectation, an exception or an error from a check fails the scenario; an {@link
 * OutOfMemoryError} is rethrown once the faults are removed.
 */
final class ScenarioRunner {

  private static final System.Logger LOG = System.getLogger(ScenarioRunner.class.getName());

  private final Scenario scenario;
  private final List<Injection> injections;
  private final List<ScenarioListener> listeners;
  private Throwable listenerFailure;

  ScenarioRunner(Scenario scenario) {
    this.scenario = scenario;
    this.injections = scenario.injections();
    this.listeners = scenario.listeners();
  }

  Timeline run() {
    long seed =
        scenario
            .settings()
            .seed()
            .orElseGet(() -> Long.getLong(Scenario.SEED_PROPERTY, new Random().nextLong()));
    Timeline timeline = new Timeline(scenario.name());
    Calibration calibration = Calibration.start(scenario.settings().noiseCeiling());
    ScenarioContext context = new ScenarioContext(scenario.name(), timeline, seed, calibration);
    timeline.note("seed", Long.toString(seed));
    tell(listener -> listener.scenarioStarted(context));
    ScenarioFailedError failure;
    ScheduledExecutorService sampling = startObservers(context);
    try {
      failure = prepare(context);
      if (failure == null) {
        failure = phase(context, Phase.STEADY_STATE, scenario.expectations(Phase.STEADY_STATE));
      }
      if (failure == null) {
        failure = injectHoldAndHeal(context);
      }
      if (failure == null) {
        failure = phase(context, Phase.RECOVER, recoverThenSteadyState());
      }
    } finally {
      // also after an OutOfMemoryError, which goes on up untold: the faults are already removed
      if (sampling != null) {
        sampling.shutdownNow();
      }
      calibration.close();
    }
    if (failure != null) {
      keepLogs(timeline);
    }
    Optional<ScenarioFailedError> outcome = Optional.ofNullable(failure);
    tell(listener -> listener.scenarioFinished(context, outcome));
    if (listenerFailure != null) {
      failure = addTo(failure, "could not tell its listeners what happened", listenerFailure);
    }
    if (failure != null) {
      throw failure;
    }
    return timeline;
  }

  /**
   * Copies the files the scenario keeps on failure into the report directory and notes each in the
   * timeline (subject {@value #KEPT_LOG}, detail the path relative to the report), so the report
   * links them. A copy that fails is noted too: the failure it would explain is what matters.
   */
  private void keepLogs(Timeline timeline) {
    List<java.nio.file.Path> logs = scenario.keptLogs();
    if (logs.isEmpty()) {
      return;
    }
    java.nio.file.Path directory =
        scenario.report().htmlFile().toAbsolutePath().getParent().resolve("logs");
    String prefix = slug(scenario.name()) + "-" + timeline.startedAt().toEpochMilli() + "-";
    for (java.nio.file.Path log : logs) {
      java.nio.file.Path copy = directory.resolve(prefix + log.getFileName());
      try {
        java.nio.file.Files.createDirectories(directory);
        java.nio.file.Files.copy(log, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        timeline.note(KEPT_LOG, "logs/" + copy.getFileName());
      } catch (java.io.IOException e) {
        timeline.note(KEPT_LOG + " (not kept)", log + ": " + e);
      }
    }
  }

  /** The note's subject for a log kept on failure. */
  static final String KEPT_LOG = "kept log";

  private static String slug(String name) {
    String slug = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    slug = slug.replaceAll("^-+|-+$", "");
    return slug.isEmpty() ? "scenario" : slug.substring(0, Math.min(60, slug.length()));
  }

  Timeline runWithin(Duration bound) {
    return new BoundedRun(scenario.name(), this::run).within(bound);
  }

  /** Lets each injection take its baseline before the steady state is checked. */
  private ScenarioFailedError prepare(ScenarioContext context) {
    long start = System.nanoTime();
    try {
      for (Injection injection : injections) {
        injection.prepare(context);
      }
      return null;
    } catch (Throwable e) {
      Cleanup.rethrowIfUnrecoverable(e);
      return fail(
          context, Phase.STEADY_STATE, 0, start, "preparing " + describeInjections(), e, false);
    }
  }

  private ScheduledExecutorService startObservers(ScenarioContext context) {
    List<Observer> observers = scenario.observers();
    if (observers.isEmpty()) {
      return null;
    }
    ScheduledExecutorService sampling =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("chaos-observer"));
    for (Observer observer : observers) {
      sampling.scheduleWithFixedDelay(
          () -> {
            try {
              observer.sample().check(context);
            } catch (Exception | AssertionError unavailable) {
              // the system may not answer while a fault is on; the next sample tries again
              LOG.log(System.Logger.Level.DEBUG, "A sample of the system failed", unavailable);
            }
          },
          0,
          observer.every().toMillis(),
          TimeUnit.MILLISECONDS);
    }
    return sampling;
  }

  /**
   * The recover steps (each retried until it passes, unless it is to be checked once), then every
   * steady-state check again, each retried until it passes.
   */
  private List<Expectation> recoverThenSteadyState() {
    List<Expectation> steps = new ArrayList<>();
    for (Expectation step : scenario.expectations(Phase.RECOVER)) {
      steps.add(step.once() ? step : retried(step, scenario.settings().recoverWithin()));
    }
    Duration within = scenario.settings().steadyStateReturnsWithin();
    for (Expectation step : scenario.expectations(Phase.STEADY_STATE)) {
      String description = "steady state returns: " + step.description();
      steps.add(
          new Expectation(
              Phase.RECOVER,
              description,
              context ->
                  Awaitility.await(description)
                      .atMost(within)
                      .pollInterval(Duration.ofMillis(100))
                      .ignoreExceptions()
                      .untilAsserted(() -> step.check().check(context))));
    }
    return steps;
  }

  /** A step checked again every 100 ms until it passes; its last failure when time runs out. */
  private static Expectation retried(Expectation step, Duration within) {
    return new Expectation(
        step.phase(),
        step.description(),
        context -> {
          AtomicReference<Throwable> last = new AtomicReference<>();
          try {
            Awaitility.await(step.description())
                .atMost(within)
                .pollInterval(Duration.ofMillis(100))
                .until(
                    () -> {
                      try {
                        step.check().check(context);
                        return true;
                      } catch (InterruptedException e) {
                        throw e;
                      } catch (Exception | AssertionError e) {
                        last.set(e);
                        return false;
                      }
                    });
          } catch (org.awaitility.core.ConditionTimeoutException timedOut) {
            Throwable failure = last.get();
            if (failure instanceof AssertionError assertion) {
              AssertionError again =
                  new AssertionError(
                      "still failing after " + within.toMillis() + " ms: " + firstLine(assertion),
                      assertion);
              throw again;
            }
            throw new AssertionError(
                "still failing after " + within.toMillis() + " ms: " + firstLine(failure), failure);
          }
        },
        true);
  }

  /** The first line of a message that says something: AssertJ's start with a newline. */
  static String firstLine(Throwable failure) {
    if (failure == null) {
      return "";
    }
    return firstLine(failure.getMessage() == null ? failure.toString() : failure.getMessage());
  }

  /** The first non-blank line of a text, stripped. */
  static String firstLine(String text) {
    return text.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse("");
  }

  private ScenarioFailedError injectHoldAndHeal(ScenarioContext context) {
    Timeline timeline = context.timeline();
    // what is in force, in the order it was applied: the leading injections, then those of the
    // hold phase as their turn came
    List<Injection> injected = new ArrayList<>();
    List<Injection.Applied> applied = new ArrayList<>();
    ScenarioFailedError failure = null;
    long start = System.nanoTime();
    List<Injection> leading = scenario.leadingInjections();
    timeline.phase(Phase.INJECT.label(), Outcome.STARTED, "");
    try {
      for (Injection injection : leading) {
        apply(context, injection, injected, applied);
      }
      timeline.phase(Phase.INJECT.label(), Outcome.PASSED, "");
      finished(context, Phase.INJECT, true, leading.size(), start, describe(leading), false, false);
      // The hold checks usually drive the traffic that meets the fault, so whether it landed is
      // judged after them; a scenario whose fault missed fails even if every check passed.
      long holdStart = System.nanoTime();
      List<Expectation> holdSteps = holdSteps(injected, applied);
      // passed is said only once the faults are known to have landed: never "passed" then "FAILED"
      ScenarioFailedError held = phase(context, Phase.HOLD, holdSteps, false);
      // An injection that broke down says more than whether it landed, also when it broke down
      // while the scenario waited for it to land.
      Optional<Landing.Miss> miss =
          new Landing(injected, applied, scenario.settings().manifestWithin()).check(context);
      ScenarioFailedError missed = miss.map(m -> missed(context, m)).orElse(null);
      if (missed != null && held != null) {
        missed.addSuppressed(held);
      }
      if (missed == null && held == null) {
        context.timeline().phase(Phase.HOLD.label(), Outcome.PASSED, "");
        finished(context, Phase.HOLD, true, holdSteps.size(), holdStart, "", false, false);
      }
      failure = missed != null ? missed : held;
    } catch (Throwable e) {
      Cleanup.rethrowIfUnrecoverable(e);
      failure = fail(context, Phase.INJECT, 0, start, describe(leading), e, false);
    } finally {
      failure = heal(context, injected, applied, failure);
    }
    return failure;
  }

  private static void apply(
      ScenarioContext context,
      Injection injection,
      List<Injection> injected,
      List<Injection.Applied> applied) {
    Injection.Applied fault = injection.apply(context);
    injected.add(injection);
    applied.add(fault);
    context.timeline().faultOn(injection.describe());
  }

  /** The hold expectations, with each injection described among them applied in its turn. */
  private List<Expectation> holdSteps(List<Injection> injected, List<Injection.Applied> applied) {
    List<Expectation> hold = new ArrayList<>();
    for (Scenario.Step step : scenario.holdSteps()) {
      if (step instanceof Expectation) {
        hold.add((Expectation) step);
      } else {
        Injection injection = ((Scenario.Injecting) step).injection();
        hold.add(
            new Expectation(
                Phase.HOLD,
                "inject " + injection.describe(),
                context -> apply(context, injection, injected, applied)));
      }
    }
    return hold;
  }

  /** An injection that broke down or missed: the hold phase fails, whatever its checks said. */
  private ScenarioFailedError missed(ScenarioContext context, Landing.Miss miss) {
    context.timeline().expectation(miss.expectation(), false, miss.reason());
    context.timeline().phase(Phase.HOLD.label(), Outcome.FAILED, miss.reason());
    tell(
        listener ->
            listener.phaseFinished(
                context,
                new PhaseResult(Phase.HOLD, false, 0, Duration.ZERO, miss.reason(), false)));
    return new ScenarioFailedError(
        "Scenario [" + scenario.name() + "] failed in hold: " + miss.reason(), miss.cause());
  }

  /**
   * Removes every applied fault, newest first, even on a thread a timeout has interrupted (the
   * interrupt is kept), and folds a failure to remove one into the scenario's failure.
   */
  private ScenarioFailedError heal(
      ScenarioContext context,
      List<Injection> injected,
      List<Injection.Applied> applied,
      ScenarioFailedError failure) {
    long start = System.nanoTime();
    Cleanup cleanup = Cleanup.begin();
    for (int i = applied.size() - 1; i >= 0; i--) {
      Injection.Applied fault = applied.get(i);
      String description = injected.get(i).describe();
      cleanup.run(
          () -> {
            fault.close();
            context.timeline().faultOff(description);
          });
    }
    boolean interrupted = cleanup.wasInterrupted();
    Optional<Throwable> healFailure = cleanup.finish();
    String detail = healFailure.map(String::valueOf).orElse("");
    context
        .timeline()
        .phase(Phase.HEAL.label(), healFailure.isEmpty() ? Outcome.PASSED : Outcome.FAILED, detail);
    finished(
        context,
        Phase.HEAL,
        healFailure.isEmpty(),
        applied.size(),
        start,
        detail,
        interrupted,
        false);
    if (healFailure.isEmpty()) {
      return failure;
    }
    return addTo(failure, "could not remove its faults", healFailure.get());
  }

  private ScenarioFailedError phase(ScenarioContext context, Phase phase, List<Expectation> steps) {
    return phase(context, phase, steps, true);
  }

  /** Runs a phase's steps; says it passed, unless the caller says so later (or that it failed). */
  private ScenarioFailedError phase(
      ScenarioContext context, Phase phase, List<Expectation> steps, boolean sayPassed) {
    long start = System.nanoTime();
    context.timeline().phase(phase.label(), Outcome.STARTED, "");
    for (Expectation step : steps) {
      try {
        step.check().check(context);
        context.timeline().expectation(step.description(), true, "");
      } catch (Throwable e) {
        Cleanup.rethrowIfUnrecoverable(e);
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        return fail(context, phase, steps.size(), start, step.description(), e, false);
      }
    }
    if (sayPassed) {
      context.timeline().phase(phase.label(), Outcome.PASSED, "");
      finished(context, phase, true, steps.size(), start, "", false, false);
    }
    return null;
  }

  private ScenarioFailedError fail(
      ScenarioContext context,
      Phase phase,
      int expectations,
      long start,
      String expectation,
      Throwable cause,
      boolean interrupted) {
    String full = cause.getMessage() == null ? cause.toString() : cause.getMessage().strip();
    String message = firstLine(full);
    String more = full.equals(message) ? "" : "\n" + full;
    context.timeline().expectation(expectation, false, full);
    context.timeline().phase(phase.label(), Outcome.FAILED, message);
    Optional<String> overloaded = overload(context, cause);
    finished(
        context,
        phase,
        false,
        expectations,
        start,
        expectation + ": " + message,
        interrupted,
        overloaded.isPresent());
    return new ScenarioFailedError(
        "Scenario ["
            + scenario.name()
            + "] failed in "
            + phase.label()
            + ": "
            + expectation
            + ": "
            + message
            + overloaded.map(why -> "\n" + why).orElse("")
            + more,
        cause,
        overloaded.isPresent());
  }

  /**
   * Why a failure may be the machine's rather than the system's: a time judged as overloaded, or a
   * thread that waited longer than the ceiling to be scheduled during the run.
   */
  private static Optional<String> overload(ScenarioContext context, Throwable cause) {
    for (Throwable e = cause; e != null; e = e.getCause()) {
      if (e instanceof MachineOverloadedError) {
        return Optional.of("The machine was overloaded: " + e.getMessage());
      }
    }
    Calibration calibration = context.calibration();
    Duration peak = calibration.peakSchedulingDelay();
    if (peak.compareTo(calibration.ceiling()) > 0) {
      return Optional.of(
          "The machine was overloaded during this run: a thread waited "
              + peak.toMillis()
              + " ms to be scheduled, above the noise ceiling of "
              + calibration.ceiling().toMillis()
              + " ms; this failure may be the machine's, not the system under test's");
    }
    return Optional.empty();
  }

  /** Tells the listeners how a phase ended, and records the machine's noise during it. */
  private void finished(
      ScenarioContext context,
      Phase phase,
      boolean passed,
      int expectations,
      long start,
      String detail,
      boolean interrupted,
      boolean overloaded) {
    Noise noise = context.calibration().noiseSince(start);
    context
        .timeline()
        .calibration(
            phase.label(),
            noise,
            overloaded || noise.schedulingDelay().compareTo(noise.ceiling()) > 0);
    PhaseResult result =
        new PhaseResult(
            phase,
            passed,
            expectations,
            Duration.ofNanos(System.nanoTime() - start),
            detail,
            interrupted);
    tell(listener -> listener.phaseFinished(context, result));
  }

  /** Tells every listener, even after one failed; what failed is kept for the end of the run. */
  private void tell(Cleanup.ItemStep<ScenarioListener> event) {
    Optional<Throwable> failed = Cleanup.begin().each(listeners, event).finish();
    if (failed.isPresent()) {
      if (listenerFailure == null) {
        listenerFailure = failed.get();
      } else {
        listenerFailure.addSuppressed(failed.get());
      }
    }
  }

  private ScenarioFailedError addTo(ScenarioFailedError failure, String what, Throwable cause) {
    if (failure == null) {
      return new ScenarioFailedError("Scenario [" + scenario.name() + "] " + what, cause);
    }
    failure.addSuppressed(cause);
    return failure;
  }

  private String describeInjections() {
    return describe(injections);
  }

  private static String describe(List<Injection> injections) {
    List<String> descriptions = new ArrayList<>();
    injections.forEach(injection -> descriptions.add(injection.describe()));
    return descriptions.isEmpty() ? "nothing" : String.join(", ", descriptions);
  }
}
