package io.infraaware.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infraaware.proxy.Fault;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ToxicJsonTests {

  /** One fault of each kind, so a new kind without a mapping fails here. */
  private static final List<Fault.Toxic<?>> EVERY_KIND =
      List.of(
          Fault.latency(Duration.ofMillis(250)).withJitter(Duration.ofMillis(20)),
          Fault.throttle(256),
          Fault.slowClose(Duration.ofMillis(100)),
          Fault.timeout(Duration.ofMillis(300)),
          Fault.reset(Duration.ZERO),
          Fault.slice(64, 8, Duration.ofNanos(1500)),
          Fault.cutAfter(4096));

  @Test
  void everyKindOfToxicIsMapped() {
    assertThat(EVERY_KIND.stream().map(Object::getClass).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(
            Arrays.asList(Fault.Toxic.class.getPermittedSubclasses()));
    assertThat(EVERY_KIND)
        .extracting(ToxicJson::type)
        .containsExactly(
            "latency", "bandwidth", "slow_close", "timeout", "reset_peer", "slicer", "limit_data");
  }

  @Test
  void attributesAreInToxiproxysUnits() {
    assertThat(attributes(EVERY_KIND.get(0))).isEqualTo("{\"latency\":250,\"jitter\":20}");
    assertThat(attributes(EVERY_KIND.get(1))).isEqualTo("{\"rate\":256}");
    assertThat(attributes(EVERY_KIND.get(2))).isEqualTo("{\"delay\":100}");
    assertThat(attributes(EVERY_KIND.get(3))).isEqualTo("{\"timeout\":300}");
    assertThat(attributes(EVERY_KIND.get(4))).isEqualTo("{\"timeout\":0}");
    assertThat(attributes(EVERY_KIND.get(5)))
        .as("the slicer's delay is in microseconds")
        .isEqualTo("{\"average_size\":64,\"size_variation\":8,\"delay\":2}");
    assertThat(attributes(EVERY_KIND.get(6))).isEqualTo("{\"bytes\":4096}");
  }

  @Test
  void durationsAreRoundedUpNeverDownToZero() {
    assertThat(attributes(Fault.timeout(Duration.ofNanos(300_000))))
        .as("a timeout of 0 would hold the connection forever")
        .isEqualTo("{\"timeout\":1}");
    assertThat(attributes(Fault.hang())).isEqualTo("{\"timeout\":0}");
  }

  @Test
  void theBodyCarriesNameDirectionAndToxicity() {
    ObjectNode body =
        ToxicJson.body(Fault.latency(Duration.ofMillis(5)).upstream().toxicity(0.3).named("x"));
    assertThat(body.path("name").asText()).isEqualTo("x");
    assertThat(body.path("stream").asText()).isEqualTo("upstream");
    assertThat(body.path("toxicity").asDouble()).isEqualTo(0.3);
    assertThat(ToxicJson.name(Fault.cutAfter(1).upstream()))
        .isEqualTo("infraaware_limit_data_upstream");
  }

  private static String attributes(Fault.Toxic<?> fault) {
    return ToxicJson.body(fault).path("attributes").toString();
  }
}
