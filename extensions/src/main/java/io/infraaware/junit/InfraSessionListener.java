package io.infraaware.junit;

import io.infraaware.run.InfraRun;
import org.apiguardian.api.API;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Prints InfraAware's summary once per JVM, when the launcher's session ends: Surefire runs a
 * launcher execution per class in a reused fork but one session per fork, Gradle one per test JVM.
 * Registered through {@code META-INF/services}; a launcher without sessions gets the summary at the
 * end of each execution instead.
 *
 * @since 0.2.0
 */
@API(status = API.Status.INTERNAL, since = "0.2.0")
public class InfraSessionListener implements LauncherSessionListener {

  /** Creates the listener; the launcher does this through the service loader. */
  public InfraSessionListener() {}

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    InfraRun.sessionOpened(session);
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    InfraRun.sessionClosed(session);
  }
}
