package io.infraaware.junit;

import io.infraaware.config.ConfigSource;
import io.infraaware.config.LayeredConfigSource;
import io.infraaware.run.InfraRun;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apiguardian.api.API;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.launcher.LauncherDiscoveryListener;
import org.junit.platform.launcher.LauncherDiscoveryRequest;

/**
 * Starts InfraAware's preparation when the launcher starts discovering tests: what the first
 * verdict needs is made ready, and the configured services probed, beside the discovery rather than
 * after it ({@link InfraRun#prepare}). A fresh JVM (every Surefire fork, Gradle test JVM and IDE
 * run) pays for both once. Registered through {@code META-INF/services}.
 *
 * @since 0.2.0
 */
@API(status = API.Status.INTERNAL, since = "0.2.0")
public class InfraDiscoveryListener implements LauncherDiscoveryListener {

  /** Whether this is Maven's own JVM (plexus-classworlds launched it), not a test JVM it forked. */
  private static final boolean IN_MAVENS_OWN_JVM =
      ClassLoader.getSystemResource("org/codehaus/plexus/classworlds/launcher/Launcher.class")
          != null;

  /** Creates the listener; the launcher does this through the service loader. */
  public InfraDiscoveryListener() {}

  @Override
  public void launcherDiscoveryStarted(LauncherDiscoveryRequest request) {
    if (IN_MAVENS_OWN_JVM) {
      // Surefire asks the launcher in Maven's JVM whether each class has tests, in sessions
      // that only discover: probes started there would serve nothing (forkCount=0 runs the
      // tests there too; they probe when a test first asks)
      return;
    }
    try {
      prepare(request.getConfigurationParameters());
    } catch (RuntimeException | LinkageError e) {
      // a preparation only: whatever stops it must not stop the launcher (the first verdict
      // reports a configuration error; a mismatched InfraAware jar fails there, naming itself)
      System.getLogger(InfraDiscoveryListener.class.getName())
          .log(System.Logger.Level.DEBUG, "InfraAware's preparation did not start", e);
    }
  }

  private static void prepare(ConfigurationParameters parameters) {
    LayeredConfigSource layered = LayeredConfigSource.over(parameters::get);
    // the launcher's parameters (junit-platform.properties) can be listed here, unlike in an
    // ExtensionContext: the services they configure are probed early too
    Set<String> keys = new TreeSet<>(layered.keys());
    for (String key : parameters.keySet()) {
      if (key.startsWith("infra.")) {
        keys.add(key);
      }
    }
    InfraRun.prepare(
        new ConfigSource() {
          @Override
          public Optional<String> get(String key) {
            return layered.get(key);
          }

          @Override
          public Set<String> keys() {
            return keys;
          }
        });
  }
}
