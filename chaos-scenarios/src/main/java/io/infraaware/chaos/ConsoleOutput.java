package io.infraaware.chaos;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Prints a line per phase as it ends: {@code [chaos] <scenario> | hold: passed, ...}. */
final class ConsoleOutput implements ScenarioListener {

  private final PrintStream out;
  private final Optional<Path> report;

  ConsoleOutput(PrintStream out, Optional<Path> report) {
    this.out = out;
    this.report = report;
  }

  @Override
  public void scenarioStarted(ScenarioContext context) {
    say(
        context,
        "seed "
            + context.seed()
            + " (replay with -D"
            + Scenario.SEED_PROPERTY
            + "="
            + context.seed()
            + ")");
  }

  @Override
  public void phaseFinished(ScenarioContext context, PhaseResult result) {
    long millis = result.took().toMillis();
    String interrupt = result.afterInterrupt() ? " after an interrupt" : "";
    String line;
    if (result.phase() == Phase.HEAL) {
      line =
          String.format(
              Locale.ROOT,
              "heal: %s (%d ms)%s",
              result.passed() ? "passed" : "FAILED: " + firstLine(result.detail()),
              millis,
              interrupt);
    } else if (!result.passed()) {
      line = result.phase() + ": FAILED: " + firstLine(result.detail());
    } else if (result.phase() == Phase.INJECT) {
      line = String.format(Locale.ROOT, "inject: %s (%d ms)", result.detail(), millis);
    } else {
      line =
          String.format(
              Locale.ROOT,
              "%s: passed, %d expectation(s) (%d ms)",
              result.phase(),
              result.expectations(),
              millis);
    }
    say(context, line);
  }

  @Override
  public void scenarioFinished(ScenarioContext context, Optional<ScenarioFailedError> failure) {
    say(context, "users: " + context.timeline().answers().summary());
    say(
        context,
        "machine noise: "
            + context.timeline().noiseSummary()
            + " (ceiling "
            + context.calibration().ceiling().toMillis()
            + " ms)");
    report.ifPresent(html -> say(context, "report " + html.toAbsolutePath()));
  }

  private void say(ScenarioContext context, String line) {
    out.println("[chaos] " + context.name() + " | " + line);
  }

  private static String firstLine(String text) {
    return ScenarioRunner.firstLine(text);
  }
}
