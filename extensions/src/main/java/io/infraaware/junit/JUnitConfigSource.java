package io.infraaware.junit;

import io.infraaware.config.ConfigSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * InfraAware's precedence over JUnit's configuration parameters: launcher parameters and {@code -D}
 * first, then environment variables, then {@code junit-platform.properties}.
 *
 * <p>JUnit merges {@code -D} and the properties file into one lookup, so a value is known to come
 * from the file when no system property sets it and it equals the file's value; only then may an
 * environment variable override it.
 */
final class JUnitConfigSource implements ConfigSource {

  static final String PROPERTIES_FILE = "junit-platform.properties";

  private final ConfigSource parameters;
  private final ConfigSource environment;
  private final Properties file;

  JUnitConfigSource(ConfigSource parameters, Map<String, String> environment, Properties file) {
    this.parameters = parameters;
    this.environment = ConfigSource.environment(environment);
    this.file = file;
  }

  /** The configuration an extension sees: its context's parameters, the environment, the file. */
  static JUnitConfigSource of(ExtensionContext context) {
    return new JUnitConfigSource(context::getConfigurationParameter, System.getenv(), loadFile());
  }

  /** The same precedence over a test plan's parameters, for launcher listeners. */
  static JUnitConfigSource of(org.junit.platform.engine.ConfigurationParameters parameters) {
    return new JUnitConfigSource(parameters::get, System.getenv(), loadFile());
  }

  @Override
  public Optional<String> get(String key) {
    Optional<String> junit = parameters.get(key).filter(v -> !v.isBlank());
    if (junit.isPresent() && !cameFromFile(key, junit.get())) {
      return junit;
    }
    Optional<String> fromEnvironment = environment.get(key).filter(v -> !v.isBlank());
    return fromEnvironment.isPresent() ? fromEnvironment : junit;
  }

  private boolean cameFromFile(String key, String value) {
    return System.getProperty(key) == null && value.equals(file.getProperty(key));
  }

  private static Properties loadFile() {
    Properties properties = new Properties();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    URL resource =
        (loader != null ? loader : JUnitConfigSource.class.getClassLoader())
            .getResource(PROPERTIES_FILE);
    if (resource != null) {
      try (InputStream in = resource.openStream()) {
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + resource, e);
      }
    }
    return properties;
  }
}
