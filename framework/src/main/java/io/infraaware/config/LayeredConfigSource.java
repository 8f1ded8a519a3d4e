package io.infraaware.config;

import io.infraaware.config.internal.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * Where InfraAware's settings come from in a test run, in this order, the first with a value
 * winning:
 *
 * <ol>
 *   <li>the runner's own parameters: for JUnit, its configuration parameters as JUnit orders them
 *       (explicit launcher parameters, then {@code -D} system properties, then {@code
 *       junit-platform.properties});
 *   <li>environment variables ({@code INFRA_SERVICES_POSTGRES_URL});
 *   <li>{@value #DEFAULTS_FILE} on the test class path, read as UTF-8: a project's defaults.
 * </ol>
 *
 * <p>Nothing is guessed: when an environment variable is overridden by a runner parameter, a note
 * says so (secrets masked), and the run summary prints it.
 *
 * @since 0.2.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
public final class LayeredConfigSource implements ConfigSource {

  /** The defaults file, below the environment. */
  public static final String DEFAULTS_FILE = "infraaware.properties";

  private final Function<String, Optional<String>> parameters;
  private final Map<String, String> environment;
  private final Properties defaults;
  private final Set<String> noted = ConcurrentHashMap.newKeySet();
  private final List<String> pendingNotes = new ArrayList<>();
  private Consumer<String> notes;

  LayeredConfigSource(
      Function<String, Optional<String>> parameters,
      Map<String, String> environment,
      Properties defaults) {
    this.parameters = parameters;
    this.environment = Map.copyOf(environment);
    this.defaults = defaults;
  }

  /**
   * The standard layers over a runner's parameters: they, then the environment, then {@value
   * #DEFAULTS_FILE} from the thread's class loader.
   *
   * @param parameters the runner's parameters, e.g. {@code
   *     ExtensionContext::getConfigurationParameter}
   * @return the source
   * @throws UncheckedIOException when the defaults file exists but cannot be read
   */
  public static LayeredConfigSource over(Function<String, Optional<String>> parameters) {
    return new LayeredConfigSource(parameters, System.getenv(), loadDefaults());
  }

  /**
   * Where notes go from now on; notes made before are handed over at once.
   *
   * @param target the consumer, typically the run summary
   */
  public void sendNotesTo(Consumer<String> target) {
    List<String> earlier;
    synchronized (pendingNotes) {
      notes = target;
      earlier = List.copyOf(pendingNotes);
      pendingNotes.clear();
    }
    earlier.forEach(target);
  }

  /** Notes once per source, however often the configuration is read. */
  void noteOnce(String id, String note) {
    if (noted.add("note:" + id)) {
      note(note);
    }
  }

  /**
   * The {@code infra.*} keys set as system properties, environment variables ({@code INFRA_*},
   * listed by name) and in {@value #DEFAULTS_FILE}; a runner's own parameters cannot be listed.
   *
   * @return the keys
   */
  @Override
  public Set<String> keys() {
    Set<String> keys = new java.util.TreeSet<>();
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("infra.")) {
        keys.add(name);
      }
    }
    for (String name : defaults.stringPropertyNames()) {
      if (name.startsWith("infra.")) {
        keys.add(name);
      }
    }
    for (String name : environment.keySet()) {
      if (name.startsWith("INFRA_")) {
        keys.add(name);
      }
    }
    return keys;
  }

  private void note(String note) {
    Consumer<String> target;
    synchronized (pendingNotes) {
      target = notes;
      if (target == null) {
        pendingNotes.add(note);
        return;
      }
    }
    target.accept(note);
  }

  @Override
  public Optional<String> get(String key) {
    Optional<String> fromRunner = parameters.apply(key).filter(v -> !v.isBlank());
    String variable = ConfigSource.environmentName(key);
    Optional<String> fromEnvironment =
        Optional.ofNullable(environment.get(variable)).filter(v -> !v.isBlank());
    if (fromRunner.isPresent()) {
      if (fromEnvironment.isPresent()
          && !fromEnvironment.get().trim().equals(fromRunner.get().trim())
          && noted.add(key)) {
        note(
            variable
                + "=["
                + Secrets.mask(key, fromEnvironment.get())
                + "] is overridden by "
                + key
                + "=["
                + Secrets.mask(key, fromRunner.get())
                + "] from a JUnit configuration parameter (-D, launcher or"
                + " junit-platform.properties); put defaults in "
                + DEFAULTS_FILE
                + " to let the environment override them");
      }
      return fromRunner;
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
        (loader != null ? loader : LayeredConfigSource.class.getClassLoader())
            .getResource(DEFAULTS_FILE);
    if (resource != null) {
      try (InputStream in = resource.openStream()) {
        properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + resource, e);
      }
    }
    return properties;
  }
}
