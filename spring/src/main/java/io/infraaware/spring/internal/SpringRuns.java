package io.infraaware.spring.internal;

import io.infraaware.config.LayeredConfigSource;
import io.infraaware.run.InfraRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * The run whose verdicts and services the Spring context uses: the one JUnit's extension opened for
 * the execution (so provisioned servers and probe results are the same), or, for a class the
 * extension has not judged yet (services named on methods only), one opened over the same layers:
 * system properties and {@code junit-platform.properties}, the environment, {@code
 * infraaware.properties}.
 */
final class SpringRuns {

  private static InfraRun own;

  private SpringRuns() {}

  static synchronized InfraRun current() {
    Optional<InfraRun> current = InfraRun.current();
    if (current.isPresent()) {
      return current.get();
    }
    if (own == null) {
      Properties junit = junitPlatformProperties();
      // stays open for the JVM: what it started is stopped with the JVM's other runs
      own =
          InfraRun.open(
              LayeredConfigSource.over(
                  key ->
                      Optional.ofNullable(System.getProperty(key))
                          .or(() -> Optional.ofNullable(junit.getProperty(key)))));
    }
    return own;
  }

  private static Properties junitPlatformProperties() {
    Properties properties = new Properties();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in =
        loader == null ? null : loader.getResourceAsStream("junit-platform.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read junit-platform.properties", e);
    }
    return properties;
  }
}
