package io.infraaware.config.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infraaware.config.InfraConfigurationException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTests {

  @ParameterizedTest
  @CsvSource({
    "250ms,250",
    "2s,2000",
    "1.5s,1500",
    "10m,600000",
    "1h,3600000",
    "PT2S,2000",
    " 600s ,600000"
  })
  void parsesWhatPeopleWrite(String text, long millis) {
    assertThat(Durations.parse("infra.probe.timeout", text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", "soon", "-1s", "PT-2S", "2 seconds", ""})
  void rejectsTextNamingKeyAndValue(String text) {
    assertThatThrownBy(() -> Durations.parse("infra.probe.timeout", text))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessageStartingWith("Invalid configuration infra.probe.timeout=[" + text + "]")
        .hasMessageContaining("expected a duration such as 250ms, 2s, 10m or PT2S");
  }

  @org.junit.jupiter.api.Test
  void zeroNeedsNoUnitButKeepsItsBounds() {
    // docs/runs.md turns verdict sharing off with infra.probe.reuse-within=0
    assertThat(Durations.parse("infra.probe.reuse-within", "0")).isZero();
    assertThatThrownBy(
            () ->
                Durations.parse(
                    "infra.probe.timeout", "0", Duration.ofMillis(10), Duration.ofMinutes(10)))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessageContaining("infra.probe.timeout=[0]")
        .hasMessageContaining("must be between 10ms and 10m");
  }

  @ParameterizedTest
  @CsvSource({"250,250ms", "2000,2s", "1500,1.5s", "600000,10m"})
  void formatsShortly(long millis, String text) {
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
  }
}
