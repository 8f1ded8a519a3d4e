package io.infraaware.service.internal;

import static io.infraaware.testing.TestServices.catalog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infraaware.config.InfraConfigurationException;
import io.infraaware.service.Provision;
import io.infraaware.service.ServiceDefinition;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceCatalogTests {

  @Test
  void readsAServiceWithItsOptions() {
    ServiceDefinition backend =
        catalog(
                Map.of(
                    "infra.services.backend.url", "http://127.0.0.1:8080",
                    "infra.services.backend.health-path", "/health",
                    "infra.services.backend.proxy", "true",
                    "infra.services.backend.compose-service", "app",
                    "infra.services.backend.provision", "AUTO",
                    "infra.probe.timeout", "750ms"))
            .definition("backend");
    assertThat(backend.kind().id()).isEqualTo("http");
    assertThat(backend.healthPath()).isEqualTo("/health");
    assertThat(backend.proxy()).isTrue();
    assertThat(backend.composeService()).isEqualTo("app");
    assertThat(backend.probeTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(backend.provision()).isEqualTo(Provision.AUTO);
  }

  @Test
  void aServiceProbeTimeoutOverridesTheGlobalOne() {
    ServiceDefinition db =
        catalog(
                Map.of(
                    "infra.services.db.url", "jdbc:postgresql://127.0.0.1/app",
                    "infra.services.db.probe-timeout", "5s",
                    "infra.probe.timeout", "1s"))
            .definition("db");
    assertThat(db.probeTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void anUndeclaredServiceNamesTheMissingKeyAndTheEnvironmentVariable() {
    assertThatThrownBy(() -> catalog(Map.of()).definition("redis"))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessageContaining("Missing configuration infra.services.redis.url")
        .hasMessageContaining("INFRA_SERVICES_REDIS_URL");
  }

  @Test
  void badValuesNameKeyAndValue() {
    ServiceCatalog catalog =
        catalog(
            Map.of(
                "infra.services.db.url", "mysql://127.0.0.1:3306/app",
                "infra.services.web.url", "http://127.0.0.1:8080",
                "infra.services.web.health-path", "health",
                "infra.services.q.url", "amqp://127.0.0.1",
                "infra.services.q.provision", "sometimes",
                "infra.services.t.url", "tcp://127.0.0.1:1",
                "infra.services.t.probe-timeout", "soon"));
    assertThatThrownBy(() -> catalog.definition("db"))
        .hasMessageStartingWith(
            "Invalid configuration infra.services.db.url=[mysql://127.0.0.1:3306/app]: unknown"
                + " scheme; expected one of ")
        .hasMessageContaining("jdbc:postgresql://, redis://, rediss://, jdbc:mysql://");
    assertThatThrownBy(() -> catalog.definition("web"))
        .hasMessage(
            "Invalid configuration infra.services.web.health-path=[health]: a path must start with"
                + " /");
    assertThatThrownBy(() -> catalog.definition("q"))
        .hasMessage(
            "Invalid configuration infra.services.q.provision=[sometimes]: expected none,"
                + " embedded, container or auto");
    assertThatThrownBy(() -> catalog.definition("t"))
        .hasMessageStartingWith("Invalid configuration infra.services.t.probe-timeout=[soon]");
    assertThatThrownBy(() -> catalog.definition("Bad Name"))
        .hasMessageContaining("Invalid service name [Bad Name]");
  }

  @Test
  void aTokenInTheHealthPathIsMaskedWhenPrinted() {
    ServiceDefinition api =
        catalog(
                Map.of(
                    "infra.services.api.url", "http://127.0.0.1:8080",
                    "infra.services.api.health-path", "/health?token=s3cret-t0ken"))
            .definition("api");
    assertThat(api.maskedHealthUrl()).isEqualTo("http://127.0.0.1:8080/health?token=****");
  }
}
