package io.infraaware.service.internal;

import io.infraaware.config.InfraConfig;
import io.infraaware.config.InfraConfigurationException;
import io.infraaware.service.Provision;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.service.ServiceKind;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * The services a configuration declares under {@code infra.services.<name>.*}, read and checked
 * when asked for.
 *
 * <pre>{@code
 * ServiceCatalog catalog = new ServiceCatalog(config, kinds);
 * ServiceDefinition postgres = catalog.definition("postgres");
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class ServiceCatalog {

  /** {@value}: the service's URL; its scheme decides the kind. */
  public static final String URL = "url";

  /** {@value}: the user, overriding the URL's. */
  public static final String USERNAME = "username";

  /** {@value}: the password, overriding the URL's. */
  public static final String PASSWORD = "password";

  /** {@value}: the path an HTTP probe GETs. */
  public static final String HEALTH_PATH = "health-path";

  /** {@value}: whether chaos tests reach the service through a proxy. */
  public static final String PROXY = "proxy";

  /** {@value}: this service's probe timeout, overriding {@code infra.probe.timeout}. */
  public static final String PROBE_TIMEOUT = "probe-timeout";

  /** {@value}: a container image Testcontainers may start. */
  public static final String IMAGE = "image";

  /** {@value}: the docker-compose service named in hints; the service name by default. */
  public static final String COMPOSE_SERVICE = "compose-service";

  /** {@value}: what may be started when nothing answers: none, embedded, container, auto. */
  public static final String PROVISION = "provision";

  private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  private final InfraConfig config;
  private final SchemeIndex kinds;
  // my-db and my_db read the same environment variables: the second name asked for is refused
  private final java.util.Map<String, String> namesByVariable =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Creates the catalog.
   *
   * @param config the configuration
   * @param kinds the kinds whose schemes URLs may use
   */
  public ServiceCatalog(InfraConfig config, SchemeIndex kinds) {
    this.config = Objects.requireNonNull(config, "config");
    this.kinds = Objects.requireNonNull(kinds, "kinds");
  }

  /**
   * The kinds this catalog knows.
   *
   * @return the kinds
   */
  public SchemeIndex kinds() {
    return kinds;
  }

  /**
   * Reads a declared service.
   *
   * @param name the name used in {@code @RequiresService}
   * @return the service
   * @throws InfraConfigurationException when the service is not declared or a value is bad
   */
  public ServiceDefinition definition(String name) {
    if (name == null || !SERVICE_NAME.matcher(name).matches()) {
      throw new InfraConfigurationException(
          InfraConfig.SERVICES_PREFIX + name,
          "Invalid service name ["
              + name
              + "]: use lower-case letters, digits, '-' and '_' (it becomes the key "
              + InfraConfig.SERVICES_PREFIX
              + "<name>.url)");
    }
    String urlKey = InfraConfig.serviceKey(name, URL);
    String other =
        namesByVariable.putIfAbsent(
            io.infraaware.config.ConfigSource.environmentName(urlKey), name);
    if (other != null && !other.equals(name)) {
      throw InfraConfig.sameVariable(other, name);
    }
    String url =
        config
            .get(urlKey)
            .filter(value -> !value.isBlank())
            .orElseThrow(
                () ->
                    InfraConfigurationException.missing(
                        urlKey, "service [" + name + "] is required but not declared"));
    ServiceKind kind =
        kinds
            .forUrl(url)
            .orElseThrow(
                () ->
                    InfraConfigurationException.invalid(
                        urlKey, url, "unknown scheme; expected one of " + kinds.describeSchemes()));
    ServiceEndpoint endpoint =
        ServiceEndpoint.parse(
            name,
            urlKey,
            url,
            kind,
            config.get(InfraConfig.serviceKey(name, USERNAME)).orElse(null),
            config.get(InfraConfig.serviceKey(name, PASSWORD)).orElse(null));
    String healthKey = InfraConfig.serviceKey(name, HEALTH_PATH);
    String healthPath = config.get(healthKey).map(String::trim).orElse("");
    if (!healthPath.isEmpty() && !healthPath.startsWith("/")) {
      throw InfraConfigurationException.invalid(healthKey, healthPath, "a path must start with /");
    }
    for (int i = 0; i < healthPath.length(); i++) {
      char c = healthPath.charAt(i);
      if (Character.isISOControl(c) || Character.isWhitespace(c) || c == '\u2028') {
        throw InfraConfigurationException.invalid(
            healthKey,
            healthPath,
            "the path holds a control character or whitespace at index "
                + i
                + ", which would be written into the request: percent-encode it (%20, %0D, %0A)");
      }
    }
    String proxyKey = InfraConfig.serviceKey(name, PROXY);
    boolean proxy = config.get(proxyKey).map(v -> InfraConfig.bool(proxyKey, v)).orElse(false);
    String timeoutKey = InfraConfig.serviceKey(name, PROBE_TIMEOUT);
    Duration timeout =
        config
            .get(timeoutKey)
            .map(v -> InfraConfig.timeout(timeoutKey, v))
            .orElse(config.probeTimeout());
    String provisionKey = InfraConfig.serviceKey(name, PROVISION);
    Provision provision =
        config.get(provisionKey).map(v -> Provision.parse(provisionKey, v)).orElse(Provision.NONE);
    return new ServiceDefinition(
        endpoint,
        healthPath,
        proxy,
        config.get(InfraConfig.serviceKey(name, IMAGE)).map(String::trim),
        config.get(InfraConfig.serviceKey(name, COMPOSE_SERVICE)).map(String::trim).orElse(name),
        timeout,
        provision);
  }
}
