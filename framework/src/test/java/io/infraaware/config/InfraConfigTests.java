package io.infraaware.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void badValuesNameKeyAndValue() {
    assertThatThrownBy(() -> InfraConfig.from(ConfigSource.of(Map.of("infra.mode", "strict"))))
        .hasMessage("Invalid configuration infra.mode=[strict]: expected skip or require");
    assertThatThrownBy(
            () ->
                InfraConfig.from(ConfigSource.of(Map.of("infra.max-skipped", "many"))).maxSkipped())
        .hasMessage(
            "Invalid configuration infra.max-skipped=[many]: expected a whole number, 0 or more");
    assertThatThrownBy(
            () ->
                InfraConfig.from(ConfigSource.of(Map.of("infra.toxiproxy.image", "Not An Image"))))
        .hasMessage(
            "Invalid configuration infra.toxiproxy.image=[Not An Image]: expected an image such as"
                + " ghcr.io/shopify/toxiproxy:2.12.0");
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
    assertThat(config.timeScale()).isEqualTo(0.01);
    assertThat(InfraConfig.from(ConfigSource.of(Map.of())).timeScale()).isEqualTo(1.0);
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
