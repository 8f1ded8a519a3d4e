package io.infraaware.service;

import io.infraaware.service.internal.ServiceCatalog;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A service as configured under {@code infra.services.<name>.*}: its endpoint and how to probe,
 * fix, provision and proxy it.
 *
 * @param endpoint where the service is
 * @param healthPath the HTTP path probed for HTTP services, empty for the URL itself
 * @param proxy whether chaos tests put a Toxiproxy proxy in front of the service
 * @param image a container image that Testcontainers may start when the service is down
 * @param composeService the docker-compose service named in fix hints
 * @param probeTimeout how long the peer may stay silent in one exchange of a probe
 * @param provision what InfraAware may start when nothing answers at the endpoint
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record ServiceDefinition(
    ServiceEndpoint endpoint,
    String healthPath,
    boolean proxy,
    Optional<String> image,
    String composeService,
    Duration probeTimeout,
    Provision provision) {

  /** Checks the components. */
  public ServiceDefinition {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(healthPath, "healthPath");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(composeService, "composeService");
    Objects.requireNonNull(probeTimeout, "probeTimeout");
    Objects.requireNonNull(provision, "provision");
  }

  /**
   * A definition with defaults for everything but the endpoint: for code that builds services
   * itself rather than reading them from configuration.
   *
   * @param endpoint where the service is
   * @param probeTimeout the probe timeout
   * @return the definition
   */
  public static ServiceDefinition of(ServiceEndpoint endpoint, Duration probeTimeout) {
    return new ServiceDefinition(
        endpoint, "", false, Optional.empty(), endpoint.name(), probeTimeout, Provision.NONE);
  }

  /**
   * The service's name.
   *
   * @return the name
   */
  public String name() {
    return endpoint.name();
  }

  /**
   * The service's kind.
   *
   * @return the kind
   */
  public ServiceKind kind() {
    return endpoint.kind();
  }

  /**
   * The setting that declares this service, secrets masked, for hints: {@code
   * infra.services.db.url=[jdbc:postgresql://****@127.0.0.1:5432/app]}.
   *
   * @return the text
   */
  public String urlSetting() {
    return io.infraaware.config.InfraConfig.serviceKey(name(), ServiceCatalog.URL)
        + "=["
        + endpoint.maskedUrl()
        + "]";
  }

  /**
   * The URL an HTTP probe asks, secrets (user-info, tokens in the health path) masked.
   *
   * @return e.g. {@code http://127.0.0.1:8080/health?token=****}
   */
  public String maskedHealthUrl() {
    String base = endpoint.maskedUrl();
    if (healthPath.isEmpty()) {
      return base;
    }
    String path =
        io.infraaware.config.internal.Secrets.mask(ServiceCatalog.HEALTH_PATH, healthPath);
    String joined = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    return endpoint.scrub(joined);
  }

  /**
   * This service somewhere else (a provisioned server, a proxy), everything else kept.
   *
   * @param moved the new endpoint
   * @return the definition
   */
  public ServiceDefinition withEndpoint(ServiceEndpoint moved) {
    return new ServiceDefinition(
        moved, healthPath, proxy, image, composeService, probeTimeout, provision);
  }

  // Written out rather than left to the record: the generated methods are linked on first use,
  // which costs a fresh JVM milliseconds on the way to its first verdict (definitions are keys).
  @Override
  public boolean equals(Object other) {
    return this == other
        || other instanceof ServiceDefinition that
            && proxy == that.proxy
            && endpoint.equals(that.endpoint)
            && healthPath.equals(that.healthPath)
            && image.equals(that.image)
            && composeService.equals(that.composeService)
            && probeTimeout.equals(that.probeTimeout)
            && provision == that.provision;
  }

  @Override
  public int hashCode() {
    int hash = endpoint.hashCode();
    hash = 31 * hash + healthPath.hashCode();
    hash = 31 * hash + Boolean.hashCode(proxy);
    hash = 31 * hash + image.hashCode();
    hash = 31 * hash + composeService.hashCode();
    hash = 31 * hash + probeTimeout.hashCode();
    return 31 * hash + provision.hashCode();
  }
}
