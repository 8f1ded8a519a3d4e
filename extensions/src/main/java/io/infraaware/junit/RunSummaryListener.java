package io.infraaware.junit;

import io.infraaware.config.InfraConfig;
import io.infraaware.report.RunSummary;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.platform.engine.support.store.Namespace;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints InfraAware's run summary and writes it as JSON when a test run ends, and echoes each
 * infrastructure skip to the console as it happens. Registered through {@code META-INF/services};
 * users do nothing.
 *
 * @since 0.1.0
 */
public class RunSummaryListener implements LauncherSessionListener {

  /** Creates the listener; the launcher does this through the service loader. */
  public RunSummaryListener() {}

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    RunSummary summary =
        session
            .getStore()
            .computeIfAbsent(
                Namespace.create(InfraRun.NAMESPACE.getParts()),
                RunSummary.class,
                key -> new RunSummary(),
                RunSummary.class);
    session.getLauncher().registerTestExecutionListeners(new Printer(summary, System.out));
  }

  /** Reports on the summary that the extension fills during the run. */
  static final class Printer implements TestExecutionListener {
    private final RunSummary summary;
    private final PrintStream out;
    private volatile Path reportDir = Path.of("target", "infraaware");

    Printer(RunSummary summary, PrintStream out) {
      this.summary = summary;
      this.out = out;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
      JUnitConfigSource.of(plan.getConfigurationParameters())
          .get(InfraConfig.REPORT_DIR)
          .ifPresent(value -> reportDir = Path.of(value.trim()));
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
      if (reason != null && reason.startsWith("Service [")) {
        out.println("[InfraAware] skipped " + test.getDisplayName() + ": " + reason);
      }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
      if (summary.isEmpty()) {
        return;
      }
      out.println(summary.toText());
      try {
        out.println("InfraAware summary written to " + summary.writeTo(reportDir).toAbsolutePath());
      } catch (UncheckedIOException e) {
        out.println("InfraAware summary could not be written: " + e.getMessage());
      }
    }
  }
}
