package io.infraaware.config;

import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * InfraAware's configuration: the mode, probe timeout, reporting and the declared services.
 *
 * <p>Every key is a constant here and documented in {@code docs/configuration.md}. The global keys
 * are checked when the configuration is read, a service's keys when the service is first asked for;
 * a bad value throws {@link InfraConfigurationException} naming the key and value.
 *
 * @since 0.1.0
 */
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

  /** {@value}: the prefix of every service key: {@code infra.services.<name>.<property>}. */
  public static final String SERVICES_PREFIX = "infra.services.";

  /** The default of {@link #PROBE_TIMEOUT}. */
  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(2);

  private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  private final ConfigSource source;
  private final InfraMode mode;
  private final Duration probeTimeout;
  private final OptionalInt maxSkipped;
  private final io.infraaware.time.TimeScale timeScale;
  private final Optional<java.net.URI> toxiproxyUrl;
  private final Duration toxiproxyTimeout;
  private final Optional<Long> toxiproxySeed;
  private final boolean toxiproxyContainer;
  private final String toxiproxyImage;

  // Every global key is read and checked here, so a bad value fails the first test that asks,
  // whatever the services do, rather than when (or whether) some later code path reads it.
  private InfraConfig(ConfigSource source) {
    this.source = source;
    this.mode = source.get(MODE).map(v -> InfraMode.parse(MODE, v)).orElse(InfraMode.SKIP);
    this.probeTimeout =
        source
            .get(PROBE_TIMEOUT)
            .map(v -> positive(PROBE_TIMEOUT, v))
            .orElse(DEFAULT_PROBE_TIMEOUT);
    this.maxSkipped = readMaxSkipped();
    this.timeScale = readTimeScale();
    this.toxiproxyUrl = readToxiproxyUrl();
    this.toxiproxyTimeout =
        source
            .get(TOXIPROXY_TIMEOUT)
            .map(v -> positive(TOXIPROXY_TIMEOUT, v))
            .orElse(Duration.ofSeconds(5));
    this.toxiproxySeed = readToxiproxySeed();
    this.toxiproxyContainer =
        source.get(TOXIPROXY_CONTAINER).map(v -> bool(TOXIPROXY_CONTAINER, v)).orElse(false);
    this.toxiproxyImage = readToxiproxyImage();
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
    return source.get(COMPOSE_FILE).map(String::trim).map(Path::of);
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
        .map(Path::of)
        .orElse(Path.of("target", "infraaware"));
  }

  /**
   * The run's time scale.
   *
   * @return the scale, full scale by default
   */
  public io.infraaware.time.TimeScale timeScale() {
    return timeScale;
  }

  private io.infraaware.time.TimeScale readTimeScale() {
    Optional<String> value = source.get(TIME_SCALE).map(String::trim);
    if (value.isEmpty()) {
      return io.infraaware.time.TimeScale.FULL;
    }
    try {
      double factor = Double.parseDouble(value.get());
      if (factor > 0 && !Double.isInfinite(factor)) {
        return new io.infraaware.time.TimeScale(factor);
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
      return io.infraaware.docker.ToxiproxyContainers.DEFAULT_IMAGE;
    }
    try {
      org.testcontainers.utility.DockerImageName.parse(value.get()).assertValid();
      return value.get();
    } catch (IllegalArgumentException e) {
      throw InfraConfigurationException.invalid(
          TOXIPROXY_IMAGE,
          value.get(),
          "expected an image such as ghcr.io/shopify/toxiproxy:2.12.0");
    }
  }

  /**
   * Reads a declared service.
   *
   * @param name the name used in {@code @RequiresService}
   * @return the service
   * @throws InfraConfigurationException when the service is not declared or a value is bad
   */
  public ServiceDefinition service(String name) {
    if (name == null || !SERVICE_NAME.matcher(name).matches()) {
      throw new InfraConfigurationException(
          SERVICES_PREFIX + name,
          "Invalid service name ["
              + name
              + "]: use lower-case letters, digits, '-' and '_' (it becomes the key "
              + SERVICES_PREFIX
              + "<name>.url)");
    }
    String urlKey = serviceKey(name, "url");
    String url =
        source
            .get(urlKey)
            .orElseThrow(
                () ->
                    InfraConfigurationException.missing(
                        urlKey, "service [" + name + "] is required but not declared"));
    ServiceEndpoint endpoint =
        ServiceEndpoint.parse(
            name,
            urlKey,
            url,
            source.get(serviceKey(name, "username")).orElse(null),
            source.get(serviceKey(name, "password")).orElse(null));
    String healthKey = serviceKey(name, "health-path");
    String healthPath = source.get(healthKey).map(String::trim).orElse("");
    if (!healthPath.isEmpty() && !healthPath.startsWith("/")) {
      throw InfraConfigurationException.invalid(healthKey, healthPath, "a path must start with /");
    }
    String proxyKey = serviceKey(name, "proxy");
    boolean proxy = source.get(proxyKey).map(v -> bool(proxyKey, v)).orElse(false);
    String timeoutKey = serviceKey(name, "probe-timeout");
    Duration timeout =
        source.get(timeoutKey).map(v -> positive(timeoutKey, v)).orElse(probeTimeout);
    return new ServiceDefinition(
        endpoint,
        healthPath,
        proxy,
        source.get(serviceKey(name, "image")).map(String::trim),
        source.get(serviceKey(name, "compose-service")).map(String::trim).orElse(name),
        timeout);
  }

  private static Duration positive(String key, String value) {
    Duration duration = Durations.parse(key, value);
    if (duration.isZero()) {
      throw InfraConfigurationException.invalid(key, value, "must be greater than zero");
    }
    return duration;
  }

  private static boolean bool(String key, String value) {
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
