package io.infraaware.compat.spring;

import static io.infraaware.chaos.breaker.BreakerState.CLOSED;
import static io.infraaware.chaos.breaker.BreakerState.OPEN;
import static io.infraaware.chaos.breaker.CircuitBreakerAssert.assertThatBreaker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.infraaware.chaos.breaker.CircuitBreakerView;
import io.infraaware.chaos.breaker.PrometheusBreakerView;
import io.infraaware.junit.RequiresService;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The Prometheus breaker view against a Resilience4j breaker whose state an application publishes
 * through Micrometer itself ({@code resilience4j-micrometer}), scraped from Spring Boot's actuator:
 * how a Spring Boot 4 application shows its breakers, since Resilience4j has no starter for Boot 4
 * (the starter's own endpoints are {@code BreakerActuatorIT}'s, on Boot 3.5). Run in the Boot 4.0
 * module only: Boot 3.5's starter would publish the same gauges a second time.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=prometheus",
      // Spring Boot's tests export no metrics unless asked
      "management.defaults.metrics.export.enabled=true",
      "management.prometheus.metrics.export.enabled=true"
    })
@RequiresService({"postgres", "redis"}) // the application's context needs both
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD) // a CLOSED breaker each
class BreakerMetricsIT {

  @Autowired Quotes quotes;

  @Value("${local.server.port}")
  int port;

  /** The application's side: a breaker, its gauges in Micrometer, and a cached fallback. */
  @TestConfiguration
  static class Quotes {
    private final CircuitBreaker breaker;

    Quotes(CircuitBreakerRegistry breakers) {
      this.breaker = breakers.circuitBreaker("downstream");
    }

    @Bean
    static CircuitBreakerRegistry breakers(MeterRegistry meters) {
      CircuitBreakerRegistry registry =
          CircuitBreakerRegistry.of(
              CircuitBreakerConfig.custom()
                  .slidingWindowSize(4)
                  .minimumNumberOfCalls(4)
                  .waitDurationInOpenState(Duration.ofMillis(300))
                  .permittedNumberOfCallsInHalfOpenState(1)
                  .build());
      TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
      return registry;
    }

    String quote(java.util.function.Supplier<String> downstream) {
      try {
        return breaker.executeSupplier(downstream);
      } catch (RuntimeException failedOrRejected) {
        return "cached";
      }
    }
  }

  private void down(int calls) {
    for (int i = 0; i < calls; i++) {
      quotes.quote(
          () -> {
            throw new IllegalStateException("downstream down");
          });
    }
  }

  private void call() {
    assertThat(quotes.quote(() -> "fresh")).isIn("fresh", "cached");
  }

  @Test
  void thePrometheusViewFollowsTheBreakerThroughAnOutageAndItsRecovery() {
    URI scrape = URI.create("http://127.0.0.1:" + port + "/actuator/prometheus");
    try (PrometheusBreakerView view = CircuitBreakerView.prometheus("downstream", scrape)) {
      assertThatBreaker(view).isIn(CLOSED);
      down(4);
      assertThatBreaker(view)
          .isIn(OPEN)
          .whileCalling(this::call)
          .reaches(CLOSED, Duration.ofSeconds(20))
          .openedAtLeast(1);
      // a gauge sampled now and then cannot tell how often the breaker opened in between
      assertThatThrownBy(() -> assertThatBreaker(view).openedAtMost(1))
          .hasMessageStartingWith("Cannot tell whether breaker [downstream] opened at most 1")
          .hasMessageNotContaining("0 times");
    }
  }
}
