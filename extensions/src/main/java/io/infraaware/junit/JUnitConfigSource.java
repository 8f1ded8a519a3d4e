package io.infraaware.junit;

import io.infraaware.config.ConfigSource;
import io.infraaware.config.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where InfraAware's settings come from in a JUnit run, in this order, the first with a value
 * winning:
 *
 * <ol>
 *   <li>JUnit's configuration parameters, as JUnit orders them: explicit launcher parameters (an
 *       IDE's run configuration, {@code EngineTestKit}), then {@code -D} system properties, then
 *       {@code junit-platform.properties};
 *   <li>environment variables ({@code INFRA_SERVICES_POSTGRES_URL});
 *   <li>{@code infraaware.properties} on the test class path: a project's defaults.
 * </ol>
 *
 * <p>Nothing is guessed: when an environment variable is overridden by a configuration parameter,
 * the run summary says so.
 */
final class JUnitConfigSource implements ConfigSource {

  /** The defaults file, below the environment. */
  static final String DEFAULTS_FILE = "infraaware.properties";

  private final Function<String, Optional<String>> parameters;
  private final Map<String, String> environment;
  private final Properties defaults;
  private final Consumer<String> notes;
  private final Set<String> noted = ConcurrentHashMap.newKeySet();

  JUnitConfigSource(
      Function<String, Optional<String>> parameters,
      Map<String, String> environment,
      Properties defaults,
      Consumer<String> notes) {
    this.parameters = parameters;
    this.environment = Map.copyOf(environment);
    this.defaults = defaults;
    this.notes = notes;
  }

  /** The configuration an extension sees: its root's parameters, the environment, the file. */
  static JUnitConfigSource of(
      org.junit.jupiter.api.extension.ExtensionContext root, Consumer<String> notes) {
    return new JUnitConfigSource(
        root::getConfigurationParameter, System.getenv(), loadDefaults(), notes);
  }

  @Override
  public Optional<String> get(String key) {
    Optional<String> junit = parameters.apply(key).filter(v -> !v.isBlank());
    String variable = ConfigSource.environmentName(key);
    Optional<String> fromEnvironment =
        Optional.ofNullable(environment.get(variable)).filter(v -> !v.isBlank());
    if (junit.isPresent()) {
      if (fromEnvironment.isPresent()
          && !fromEnvironment.get().trim().equals(junit.get().trim())
          && noted.add(key)) {
        notes.accept(
            variable
                + "=["
                + Secrets.mask(key, fromEnvironment.get())
                + "] is overridden by "
                + key
                + "=["
                + Secrets.mask(key, junit.get())
                + "] from a JUnit configuration parameter (-D, launcher or"
                + " junit-platform.properties); put defaults in "
                + DEFAULTS_FILE
                + " to let the environment override them");
      }
      return junit;
    }
    if (fromEnvironment.isPresent()) {
      return fromEnvironment;
    }
    return Optional.ofNullable(defaults.getProperty(key)).filter(v -> !v.isBlank());
  }

  private static Properties loadDefaults() {
    Properties properties = new Properties();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    URL resource =
        (loader != null ? loader : JUnitConfigSource.class.getClassLoader())
            .getResource(DEFAULTS_FILE);
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
