package io.infraaware.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultTests {

  @Test
  void faultsAreValuesEqualWhenTheirSettingsAre() {
    assertThat(Fault.latency(Duration.ofMillis(300)).withJitter(Duration.ofMillis(20)).upstream())
        .isEqualTo(
            Fault.latency(Duration.ofMillis(300)).upstream().withJitter(Duration.ofMillis(20)))
        .hasSameHashCodeAs(
            Fault.latency(Duration.ofMillis(300)).upstream().withJitter(Duration.ofMillis(20)))
        .isNotEqualTo(Fault.latency(Duration.ofMillis(300)).withJitter(Duration.ofMillis(20)));
    assertThat(Fault.outage()).isEqualTo(Fault.outage());
    assertThat(Fault.hang()).isEqualTo(Fault.timeout(Duration.ZERO));
    assertThat(Fault.cutAfter(10).named("cut")).isNotEqualTo(Fault.cutAfter(10));
  }

  @Test
  void narrowingKeepsTheKindOfFault() {
    Fault.Latency latency =
        Fault.latency(Duration.ofMillis(100)).upstream().toxicity(0.3).named("slow-writes");
    assertThat(latency.withJitter(Duration.ofMillis(5)).jitter()).isEqualTo(Duration.ofMillis(5));
    assertThat(latency.scope())
        .isEqualTo(new Fault.Scope(Direction.UPSTREAM, 0.3, java.util.Optional.of("slow-writes")));
    assertThat(latency.downstream().scope().direction()).isEqualTo(Direction.DOWNSTREAM);
  }

  @Test
  void faultsReadAsTheyAreMeant() {
    assertThat(Fault.outage()).hasToString("outage");
    assertThat(Fault.hang()).hasToString("hang downstream");
    assertThat(Fault.timeout(Duration.ofMillis(300)).upstream())
        .hasToString("timeout after 300 ms upstream");
    assertThat(Fault.latency(Duration.ofMillis(120)).withJitter(Duration.ofMillis(40)))
        .hasToString("latency 120 ms ± 40 ms downstream");
    assertThat(Fault.reset(Duration.ZERO).toxicity(0.5))
        .hasToString("reset downstream toxicity 0.50");
    assertThat(Fault.cutAfter(4096)).hasToString("cut after 4096 bytes downstream");
    assertThat(Fault.throttle(256)).hasToString("bandwidth 256 KB/s downstream");
    assertThat(Fault.slice(64, 8, Duration.ofNanos(250_000)))
        .hasToString("slicer 64 ± 8 bytes, 250 µs apart downstream");
    assertThat(Fault.slowClose(Duration.ofSeconds(1))).hasToString("slow close 1000 ms downstream");
  }

  @Test
  void faultsRefuseNonsenseNamingTheSetting() {
    assertThatThrownBy(() -> Fault.latency(Duration.ofMillis(-1)))
        .hasMessage("The latency of a fault cannot be negative: PT-0.001S");
    assertThatThrownBy(() -> Fault.latency(Duration.ZERO).withJitter(Duration.ofMillis(-5)))
        .hasMessageContaining("jitter of a fault cannot be negative");
    assertThatThrownBy(() -> Fault.cutAfter(-1))
        .hasMessage("The byte limit of a fault cannot be negative: -1");
    assertThatThrownBy(() -> Fault.hang().toxicity(1.5))
        .hasMessage("The toxicity of a fault must be between 0 and 1, was 1.5");
    assertThatThrownBy(() -> Fault.hang().toxicity(Double.NaN))
        .hasMessageContaining("must be between 0 and 1");
    assertThatThrownBy(() -> Fault.hang().named(" ")).hasMessage("A toxic name cannot be blank");
  }
}
