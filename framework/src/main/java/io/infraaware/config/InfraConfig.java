package io.infraaware.config;

import io.infraaware.config.internal.Durations;
import io.infraaware.config.internal.KnownKeys;
import io.infraaware.config.internal.Secrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * InfraAware's configuration: the mode, probe timeout, reporting and the declared services.
 *
 * <p>Every key is a constant here and documented in {@code docs/configuration.md}. The global keys
 * are checked when the configuration is read, a service's keys when the service is first asked for;
 * a bad value throws {@link InfraConfigurationException} naming the key and value.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class InfraConfig {

  /**
   * {@value}: {@code skip} (default) or {@code require}: what an unavailable service does to a
   * test.
   */
  public static final String MODE = "infra.mode";

  /** {@value}: how long one probe may take, e.g. {@code 2s} (default). */
  public static final String PROBE_TIMEOUT = "infra.probe.timeout";

  /** {@value}: a docker-compose file whose service names appear in fix hints. */
  public static final String COMPOSE_FILE = "infra.compose.file";

  /** {@value}: fail the run once more tests than this were skipped for infrastructure. */
  public static final String MAX_SKIPPED = "infra.max-skipped";

  /** {@value}: where the run summary JSON is written; {@code target/infraaware} by default. */
  public static final String REPORT_DIR = "infra.report.dir";

  /**
   * {@value}: an external Toxiproxy server's API, e.g. {@code http://127.0.0.1:8474}; embedded if
   * unset.
   */
  public static final String TOXIPROXY_URL = "infra.toxiproxy.url";

  /** {@value}: the bound on every call to the Toxiproxy server; {@code 5s} by default. */
  public static final String TOXIPROXY_TIMEOUT = "infra.toxiproxy.timeout";

  /** {@value}: seeds the embedded server's randomness (jitter, toxicity) for a reproducible run. */
  public static final String TOXIPROXY_SEED = "infra.toxiproxy.seed";

  /**
   * {@value}: the embedded Toxiproxy server's API port on 127.0.0.1; {@code 0} (the default) picks
   * a free one. A port that is taken fails the tests that need proxies, naming this key.
   *
   * @since 0.2.0
   */
  public static final String TOXIPROXY_PORT = "infra.toxiproxy.port";

  /** {@value}: {@code true}: run Toxiproxy in a Testcontainers container (needs Docker). */
  public static final String TOXIPROXY_CONTAINER = "infra.toxiproxy.container";

  /**
   * {@value}: the image of {@link #TOXIPROXY_CONTAINER}; {@code ghcr.io/shopify/toxiproxy:2.12.0}
   * by default.
   */
  public static final String TOXIPROXY_IMAGE = "infra.toxiproxy.image";

  /**
   * The multiplier for every resilience timing in chaos tests; {@code 1} (full scale) by default.
   */
  public static final String TIME_SCALE = "infra.time-scale";

  /**
   * {@value}: what marks one build, so that every JVM of it (Surefire forks, Gradle test JVMs) adds
   * to one summary; by default the Maven process that started the JVM, or its parent process.
   */
  public static final String BUILD_ID = "infra.build.id";

  /**
   * {@value}: how long a probe's verdict made by another JVM of the build may be reused instead of
   * probing again, e.g. {@code 30s} (default); {@code 0} probes in every JVM.
   */
  public static final String PROBE_REUSE_WITHIN = "infra.probe.reuse-within";

  /**
   * {@value}: {@code on} (default) or {@code off}: whether a test that fails with a connection
   * error makes InfraAware probe its services again, and turns the failure into an infrastructure
   * verdict when one went away.
   */
  public static final String ATTRIBUTION = "infra.attribution";

  /**
   * {@value}: {@code on} (default) or {@code off}: whether the services whose URL the configuration
   * sets as a system property, an environment variable, in {@code infraaware.properties} or as a
   * runner's parameter it can list are probed while the runner discovers tests, before a test asks,
   * so that a fresh JVM's first verdict does not wait for the probe. A service no test needs is
   * probed and never counted; nothing is provisioned early.
   *
   * @since 0.2.0
   */
  public static final String PROBE_EARLY = "infra.probe.early";

  /** The shortest timeout a key takes (probe and Toxiproxy timeouts): 10 ms. */
  public static final Duration MIN_TIMEOUT = Duration.ofMillis(10);

  /** The longest timeout a key takes (probe and Toxiproxy timeouts): 10 minutes. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

  /** The longest {@link #PROBE_REUSE_WITHIN}: 1 day. */
  public static final Duration MAX_REUSE_WITHIN = Duration.ofDays(1);

  /** The default of {@link #PROBE_REUSE_WITHIN}. */
  public static final Duration DEFAULT_PROBE_REUSE_WITHIN = Duration.ofSeconds(30);

  /** {@value}: the prefix of every service key: {@code infra.services.<name>.<property>}. */
  public static final String SERVICES_PREFIX = "infra.services.";

  /** The default of {@link #PROBE_TIMEOUT}. */
  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(2);

  /** The image of {@link #TOXIPROXY_CONTAINER} unless another is configured. */
  public static final String DEFAULT_TOXIPROXY_IMAGE = "ghcr.io/shopify/toxiproxy:2.12.0";

  // Docker's reference grammar, simplified: [registry[:port]/]path[:tag][@digest], lower-case path.
  private static final Pattern IMAGE =
      Pattern.compile(
          "(?:[a-zA-Z0-9.-]+(?::\\d+)?/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*"
              + "(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?");

  private static final System.Logger LOG = System.getLogger(InfraConfig.class.getName());

  private final ConfigSource source;
  private final InfraMode mode;
  private final Duration probeTimeout;
  private final OptionalInt maxSkipped;
  private final double timeScale;
  private final Optional<java.net.URI> toxiproxyUrl;
  private final Duration toxiproxyTimeout;
  private final Optional<Long> toxiproxySeed;
  private final int toxiproxyPort;
  private final boolean toxiproxyContainer;
  private final String toxiproxyImage;
  private final Duration probeReuseWithin;
  private final Optional<String> buildId;
  private final boolean attribution;
  private final boolean probeEarly;

  // Every global key is read and checked here, so a bad value fails the first test that asks,
  // whatever the services do, rather than when (or whether) some later code path reads it.
  private InfraConfig(ConfigSource source) {
    this.source = source;
    this.mode = source.get(MODE).map(v -> InfraMode.parse(MODE, v)).orElse(InfraMode.SKIP);
    this.probeTimeout =
        source.get(PROBE_TIMEOUT).map(v -> timeout(PROBE_TIMEOUT, v)).orElse(DEFAULT_PROBE_TIMEOUT);
    this.maxSkipped = readMaxSkipped();
    this.timeScale = readTimeScale();
    this.toxiproxyUrl = readToxiproxyUrl();
    this.toxiproxyTimeout =
        source
            .get(TOXIPROXY_TIMEOUT)
            .map(v -> timeout(TOXIPROXY_TIMEOUT, v))
            .orElse(Duration.ofSeconds(5));
    this.toxiproxySeed = readToxiproxySeed();
    this.toxiproxyPort = source.get(TOXIPROXY_PORT).map(v -> port(TOXIPROXY_PORT, v, 0)).orElse(0);
    this.toxiproxyContainer =
        source.get(TOXIPROXY_CONTAINER).map(v -> bool(TOXIPROXY_CONTAINER, v)).orElse(false);
    this.toxiproxyImage = readToxiproxyImage();
    this.probeReuseWithin =
        source
            .get(PROBE_REUSE_WITHIN)
            .map(v -> Durations.parse(PROBE_REUSE_WITHIN, v, Duration.ZERO, MAX_REUSE_WITHIN))
            .orElse(DEFAULT_PROBE_REUSE_WITHIN);
    this.buildId = source.get(BUILD_ID).map(String::trim).filter(v -> !v.isEmpty());
    this.attribution = source.get(ATTRIBUTION).map(v -> onOff(ATTRIBUTION, v)).orElse(true);
    this.probeEarly = source.get(PROBE_EARLY).map(v -> onOff(PROBE_EARLY, v)).orElse(true);
    checkKeys();
  }

  // A misspelt key would otherwise be ignored in silence: warned with the closest known key, and
  // refused in require mode (where nothing may be silently wrong). Only keys the source can list.
  private void checkKeys() {
    java.util.Map<String, String> services = new java.util.HashMap<>();
    for (String key : source.keys()) {
      if (!KnownKeys.isKnown(key)) {
        String message =
            "Unknown configuration key ["
                + Secrets.escape(key)
                + "]"
                + KnownKeys.closest(key).map(k -> "; did you mean " + k + "?").orElse("")
                + " (InfraAware reads only the keys in docs/configuration.md)";
        if (mode == InfraMode.REQUIRE) {
          throw new InfraConfigurationException(key, message + "; refused in require mode");
        }
        LOG.log(System.Logger.Level.WARNING, message);
        if (source instanceof LayeredConfigSource) {
          ((LayeredConfigSource) source).noteOnce(key, message);
        }
      }
      if (!KnownKeys.isEnvironmentName(key) && key.startsWith(SERVICES_PREFIX)) {
        String rest = key.substring(SERVICES_PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot > 0) {
          String name = rest.substring(0, dot);
          String variable = ConfigSource.environmentName(serviceKey(name, "url"));
          String other = services.putIfAbsent(variable, name);
          if (other != null && !other.equals(name)) {
            throw sameVariable(other, name);
          }
        }
      }
    }
  }

  /**
   * The error for two service names that one environment variable would set.
   *
   * @param first one name
   * @param second the other
   * @return the exception
   * @since 0.2.0
   */
  @API(status = API.Status.INTERNAL, since = "0.2.0")
  public static InfraConfigurationException sameVariable(String first, String second) {
    String a = first.compareTo(second) < 0 ? first : second;
    String b = a.equals(first) ? second : first;
    return new InfraConfigurationException(
        serviceKey(b, "url"),
        "Services ["
            + a
            + "] and ["
            + b
            + "] map to the same environment variables ("
            + ConfigSource.environmentName(serviceKey(b, "url"))
            + "): rename one of them");
  }

  private static boolean onOff(String key, String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "on":
        return true;
      case "off":
        return false;
      default:
        throw InfraConfigurationException.invalid(key, value, "expected on or off");
    }
  }

  /**
   * Whether failures are attributed to services that went away.
   *
   * @return the value of {@value #ATTRIBUTION}
   */
  public boolean attribution() {
    return attribution;
  }

  /**
   * Whether configured services are probed while tests are discovered.
   *
   * @return the value of {@value #PROBE_EARLY}
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  public boolean probeEarly() {
    return probeEarly;
  }

  /**
   * Reads the configuration; the global keys are checked now, services when asked for.
   *
   * @param source where values come from
   * @return the configuration
   * @throws InfraConfigurationException when a global key has a bad value
   */
  public static InfraConfig from(ConfigSource source) {
    return new InfraConfig(Objects.requireNonNull(source, "source"));
  }

  /**
   * The key of a service property.
   *
   * @param service the service name
   * @param property e.g. {@code url}
   * @return e.g. {@code infra.services.postgres.url}
   */
  public static String serviceKey(String service, String property) {
    return SERVICES_PREFIX + service + "." + property;
  }

  /**
   * What an unavailable service does to a test.
   *
   * @return the mode
   */
  public InfraMode mode() {
    return mode;
  }

  /**
   * How long one probe may take.
   *
   * @return the timeout
   */
  public Duration probeTimeout() {
    return probeTimeout;
  }

  /**
   * The docker-compose file named in hints.
   *
   * @return the file, if configured
   */
  public Optional<Path> composeFile() {
    return source.get(COMPOSE_FILE).map(String::trim).map(v -> path(COMPOSE_FILE, v));
  }

  /**
   * How many infrastructure skips a run tolerates.
   *
   * @return the limit, if configured
   */
  public OptionalInt maxSkipped() {
    return maxSkipped;
  }

  private OptionalInt readMaxSkipped() {
    Optional<String> value = source.get(MAX_SKIPPED);
    if (value.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      int limit = Integer.parseInt(value.get().trim());
      if (limit >= 0) {
        return OptionalInt.of(limit);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw InfraConfigurationException.invalid(
        MAX_SKIPPED, value.get(), "expected a whole number, 0 or more");
  }

  /**
   * Where reports are written.
   *
   * @return the directory
   */
  public Path reportDir() {
    return source
        .get(REPORT_DIR)
        .map(String::trim)
        .map(v -> path(REPORT_DIR, v))
        .orElse(Path.of("target", "infraaware"));
  }

  /**
   * The run's time scale.
   *
   * @return the factor, greater than 0; 1 (full scale) by default
   */
  public double timeScale() {
    return timeScale;
  }

  private double readTimeScale() {
    Optional<String> value = source.get(TIME_SCALE).map(String::trim);
    if (value.isEmpty()) {
      return 1;
    }
    try {
      double factor = Double.parseDouble(value.get());
      if (factor > 0 && !Double.isInfinite(factor)) {
        return factor;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw InfraConfigurationException.invalid(
        TIME_SCALE, value.get(), "expected a number greater than 0, e.g. 0.01");
  }

  /**
   * The external Toxiproxy server to use.
   *
   * @return its API URL, or empty for the embedded server
   */
  public Optional<java.net.URI> toxiproxyUrl() {
    return toxiproxyUrl;
  }

  private Optional<java.net.URI> readToxiproxyUrl() {
    Optional<String> value = source.get(TOXIPROXY_URL).map(String::trim);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      java.net.URI uri = new java.net.URI(value.get());
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return Optional.of(uri);
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw InfraConfigurationException.invalid(
        TOXIPROXY_URL, value.get(), "expected the server's API URL, e.g. http://127.0.0.1:8474");
  }

  /**
   * The bound on every Toxiproxy call.
   *
   * @return the timeout, 5 s by default
   */
  public Duration toxiproxyTimeout() {
    return toxiproxyTimeout;
  }

  /**
   * The seed for the embedded server's randomness.
   *
   * @return the seed, if configured
   */
  public Optional<Long> toxiproxySeed() {
    return toxiproxySeed;
  }

  /**
   * The embedded Toxiproxy server's API port.
   *
   * @return the value of {@value #TOXIPROXY_PORT}; 0 for a free port
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  public int toxiproxyPort() {
    return toxiproxyPort;
  }

  /**
   * The port a service's proxy listens on: {@code infra.services.<name>.proxy-port}, 0 (a free
   * port) when unset.
   *
   * @param service the service's name
   * @return the port; 0 for a free one
   * @throws InfraConfigurationException when the value is not a port
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  public int proxyPort(String service) {
    String key = serviceKey(service, "proxy-port");
    return source.get(key).map(v -> port(key, v, 1)).orElse(0);
  }

  /** A port number from {@code lowest} to 65535. */
  private static int port(String key, String value, int lowest) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= lowest && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw InfraConfigurationException.invalid(
        key, value, "expected a port from " + lowest + " to 65535");
  }

  private Optional<Long> readToxiproxySeed() {
    Optional<String> value = source.get(TOXIPROXY_SEED).map(String::trim);
    try {
      return value.map(Long::parseLong);
    } catch (NumberFormatException e) {
      throw InfraConfigurationException.invalid(
          TOXIPROXY_SEED, value.get(), "expected a whole number");
    }
  }

  /**
   * Whether Toxiproxy should run in a container.
   *
   * @return true when {@value #TOXIPROXY_CONTAINER} is {@code true}
   */
  public boolean toxiproxyContainer() {
    return toxiproxyContainer;
  }

  /**
   * The Toxiproxy image for {@link #TOXIPROXY_CONTAINER}.
   *
   * @return the image name
   */
  public String toxiproxyImage() {
    return toxiproxyImage;
  }

  private String readToxiproxyImage() {
    Optional<String> value = source.get(TOXIPROXY_IMAGE).map(String::trim);
    if (value.isEmpty()) {
      return DEFAULT_TOXIPROXY_IMAGE;
    }
    if (!IMAGE.matcher(value.get()).matches()) {
      throw InfraConfigurationException.invalid(
          TOXIPROXY_IMAGE, value.get(), "expected an image such as " + DEFAULT_TOXIPROXY_IMAGE);
    }
    return value.get();
  }

  /**
   * Looks up any key, for the areas that read their own keys (services, chaos).
   *
   * @param key the key
   * @return the value, if set
   */
  public Optional<String> get(String key) {
    return source.get(key);
  }

  /**
   * How long another JVM's verdict may be reused.
   *
   * @return the lifetime; zero when verdicts are not shared
   */
  public Duration probeReuseWithin() {
    return probeReuseWithin;
  }

  /**
   * The configured build identity, if any.
   *
   * @return the value of {@value #BUILD_ID}
   */
  public Optional<String> buildId() {
    return buildId;
  }

  /**
   * Parses a timeout: between {@link #MIN_TIMEOUT} and {@link #MAX_TIMEOUT}.
   *
   * @param key the key, named in the error
   * @param value the value
   * @return the timeout
   * @throws InfraConfigurationException when it is not a duration or out of bounds
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  public static Duration timeout(String key, String value) {
    return Durations.parse(key, value, MIN_TIMEOUT, MAX_TIMEOUT);
  }

  /**
   * Parses a duration that must be greater than zero.
   *
   * @param key the key, named in the error
   * @param value the value
   * @return the duration
   * @throws InfraConfigurationException when it is not a positive duration
   */
  public static Duration positive(String key, String value) {
    Duration duration = Durations.parse(key, value);
    if (duration.isZero()) {
      throw InfraConfigurationException.invalid(key, value, "must be greater than zero");
    }
    return duration;
  }

  /**
   * Parses a path setting: no control characters (a path printed in a log or a report must stay on
   * its line), and one the file system takes.
   *
   * @param key the key, named in the error
   * @param value the value
   * @return the path
   * @throws InfraConfigurationException when it is not such a path
   * @since 0.2.0
   */
  public static Path path(String key, String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw InfraConfigurationException.invalid(
            key, value, "a path must not hold control characters (index " + i + ")");
      }
    }
    try {
      return Path.of(value);
    } catch (java.nio.file.InvalidPathException e) {
      throw InfraConfigurationException.invalid(key, value, "not a path: " + e.getReason());
    }
  }

  /**
   * Parses {@code true} or {@code false}, ignoring case.
   *
   * @param key the key, named in the error
   * @param value the value
   * @return the boolean
   * @throws InfraConfigurationException for anything else
   */
  public static boolean bool(String key, String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw InfraConfigurationException.invalid(key, value, "expected true or false");
    }
  }
}
