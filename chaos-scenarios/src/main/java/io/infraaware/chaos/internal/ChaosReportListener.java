package io.infraaware.chaos.internal;

import io.infraaware.chaos.ScenarioReport;
import org.apiguardian.api.API;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Prints where the chaos report is when a test run ends, as the last thing a person reads.
 * Registered through {@code META-INF/services}.
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public class ChaosReportListener implements LauncherSessionListener {

  /** Creates the listener; the launcher does this through the service loader. */
  public ChaosReportListener() {}

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    for (ScenarioReport report : ScenarioReport.all()) {
      System.out.println(
          "InfraAware chaos report: "
              + report.htmlFile().toAbsolutePath()
              + " ("
              + report.timelines().size()
              + " scenario(s), "
              + report.failedCount()
              + " failed; JSON: "
              + report.jsonFile().toAbsolutePath()
              + ")");
    }
  }
}
