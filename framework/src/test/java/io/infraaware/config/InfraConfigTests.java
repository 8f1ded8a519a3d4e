package io.infraaware.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceKind;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfraConfigTests {

  @Test
  void defaultsToSkipWithTwoSecondProbes() {
    InfraConfig config = InfraConfig.from(ConfigSource.of(Map.of()));
    assertThat(config.mode()).isEqualTo(InfraMode.SKIP);
    assertThat(config.probeTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.maxSkipped()).isEmpty();
  }

  @Test
  void readsAServiceWithItsOptions() {
    InfraConfig config =
        InfraConfig.from(
            ConfigSource.of(
                Map.of(
                    "infra.services.backend.url", "http://127.0.0.1:8080",
                    "infra.services.backend.health-path", "/health",
                    "infra.services.backend.proxy", "true",
                    "infra.services.backend.compose-service", "app",
                    "infra.probe.timeout", "750ms")));
    ServiceDefinition backend = config.service("backend");
    assertThat(backend.kind()).isEqualTo(ServiceKind.HTTP);
    assertThat(backend.healthPath()).isEqualTo("/health");
    assertThat(backend.proxy()).isTrue();
    assertThat(backend.composeService()).isEqualTo("app");
    assertThat(backend.probeTimeout()).isEqualTo(Duration.ofMillis(750));
  }

  @Test
  void anUndeclaredServiceNamesTheMissingKeyAndTheEnvironmentVariable() {
    InfraConfig config = InfraConfig.from(ConfigSource.of(Map.of()));
    assertThatThrownBy(() -> config.service("redis"))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessageContaining("Missing configuration infra.services.redis.url")
        .hasMessageContaining("INFRA_SERVICES_REDIS_URL");
  }

  @Test
  void badValuesNameKeyAndValue() {
    assertThatThrownBy(() -> InfraConfig.from(ConfigSource.of(Map.of("infra.mode", "strict"))))
        .hasMessage("Invalid configuration infra.mode=[strict]: expected skip or require");
    assertThatThrownBy(
            () ->
                InfraConfig.from(ConfigSource.of(Map.of("infra.max-skipped", "many"))).maxSkipped())
        .hasMessage(
            "Invalid configuration infra.max-skipped=[many]: expected a whole number, 0 or more");
    InfraConfig config =
        InfraConfig.from(
            ConfigSource.of(
                Map.of(
                    "infra.services.db.url", "mysql://127.0.0.1:3306/app",
                    "infra.services.web.url", "http://127.0.0.1:8080",
                    "infra.services.web.health-path", "health",
                    "infra.services.web.proxy", "yes")));
    assertThatThrownBy(() -> config.service("db"))
        .hasMessageStartingWith(
            "Invalid configuration infra.services.db.url=[mysql://127.0.0.1:3306/app]: unknown scheme");
    assertThatThrownBy(() -> config.service("web"))
        .hasMessage(
            "Invalid configuration infra.services.web.health-path=[health]: a path must start with /");
    assertThatThrownBy(() -> config.service("Bad Name"))
        .hasMessageContaining("Invalid service name [Bad Name]");
  }

  @Test
  void theFirstSourceWithAValueWins() {
    ConfigSource system = ConfigSource.of(Map.of("infra.mode", "require"));
    ConfigSource environment =
        ConfigSource.environment(Map.of("INFRA_MODE", "skip", "INFRA_PROBE_TIMEOUT", "5s"));
    InfraConfig config = InfraConfig.from(system.or(environment));
    assertThat(config.mode()).isEqualTo(InfraMode.REQUIRE);
    assertThat(config.probeTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void theTimeScaleScalesBudgetsAndRefusesNonsense() {
    InfraConfig config = InfraConfig.from(ConfigSource.of(Map.of("infra.time-scale", "0.01")));
    assertThat(config.timeScale().budget(Duration.ofSeconds(600)).effective())
        .isEqualTo(Duration.ofSeconds(6));
    assertThat(InfraConfig.from(ConfigSource.of(Map.of())).timeScale().isFullScale()).isTrue();
    assertThatThrownBy(
            () -> InfraConfig.from(ConfigSource.of(Map.of("infra.time-scale", "fast"))).timeScale())
        .hasMessage(
            "Invalid configuration infra.time-scale=[fast]: expected a number greater than 0, e.g. 0.01");
    assertThatThrownBy(
            () -> InfraConfig.from(ConfigSource.of(Map.of("infra.time-scale", "0"))).timeScale())
        .hasMessageContaining("expected a number greater than 0");
  }

  @Test
  void environmentNamesAreUpperCaseWithUnderscores() {
    assertThat(ConfigSource.environmentName("infra.services.backend.health-path"))
        .isEqualTo("INFRA_SERVICES_BACKEND_HEALTH_PATH");
  }
}
