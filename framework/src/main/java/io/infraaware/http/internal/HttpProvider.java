package io.infraaware.http.internal;

import io.infraaware.config.InfraConfig;
import io.infraaware.probe.DiagnosisCode;
import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceKind;
import io.infraaware.service.UrlScheme;
import io.infraaware.service.internal.ServiceCatalog;
import io.infraaware.spi.ClientType;
import io.infraaware.spi.ServiceKindProvider;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * HTTP services with a health endpoint: {@code http://} and {@code https://}; {@code
 * infra.services.<name>.health-path} is GET-ed. A {@code RequestSpecification} parameter needs REST
 * Assured ({@code io.rest-assured:rest-assured}).
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class HttpProvider implements ServiceKindProvider {

  /** The kind. */
  public static final ServiceKind KIND =
      ServiceKind.of("http", "HTTP", UrlScheme.of("http", 80), UrlScheme.secure("https", 443));

  private static final String REST_ASSURED = "io.restassured.RestAssured";

  /** Creates the provider; the service loader does this. */
  public HttpProvider() {}

  @Override
  public ServiceKind kind() {
    return KIND;
  }

  @Override
  public ServiceProbe probe() {
    return new HttpProbe();
  }

  @Override
  public List<ClientType> clientTypes() {
    return List.of(
        ClientType.of(
            "io.restassured.specification.RequestSpecification",
            REST_ASSURED,
            "io.rest-assured:rest-assured",
            (endpoint, closeLater) -> RestAssuredClients.specification(endpoint)));
  }

  @Override
  public Optional<String> hint(DiagnosisCode code, ServiceDefinition service) {
    if (code == DiagnosisCode.RESOURCE_MISSING) {
      return Optional.of(
          "correct "
              + InfraConfig.serviceKey(service.name(), ServiceCatalog.HEALTH_PATH)
              + "=["
              + service
                  .endpoint()
                  .scrub(
                      io.infraaware.config.internal.Secrets.mask(
                          "health-path", service.healthPath()))
              + "] or "
              + service.urlSetting());
    }
    return Optional.empty();
  }
}
