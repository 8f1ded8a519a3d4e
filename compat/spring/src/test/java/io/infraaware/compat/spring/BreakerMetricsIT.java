package io.infraaware.compat.spring;

import static io.infraaware.chaos.breaker.BreakerState.CLOSED;
import static io.infraaware.chaos.breaker.BreakerState.OPEN;
import static io.infraaware.chaos.breaker.CircuitBreakerAssert.assertThatBreaker;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.springframework.context.annotation.Import;
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

  @Autowired BreakerActuatorIT.QuoteService quotes;

  @Value("${local.server.port}")
  int port;

  /**
   * The application's side: its breakers with their gauges in Micrometer, and the quote service
   * of {@code BreakerActuatorIT} (a breaker and a cached fallback) over them.
   */
  @TestConfiguration
  @Import(BreakerActuatorIT.QuoteService.class)
  static class Breakers {
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
  }

  @Test
  void thePrometheusViewFollowsTheBreakerThroughAnOutageAndItsRecovery() {
    URI scrape = URI.create("http://127.0.0.1:" + port + "/actuator/prometheus");
    try (PrometheusBreakerView view = CircuitBreakerView.prometheus("downstream", scrape)) {
      assertThatBreaker(view).isIn(CLOSED);
      quotes.failing(4);
      assertThatBreaker(view)
          .isIn(OPEN)
          .whileCalling(quotes::healthy)
          .reaches(CLOSED, Duration.ofSeconds(20))
          .openedAtLeast(1);
      // a gauge sampled now and then cannot tell how often the breaker opened in between
      assertThatThrownBy(() -> assertThatBreaker(view).openedAtMost(1))
          .hasMessageStartingWith("Cannot tell whether breaker [downstream] opened at most 1")
          .hasMessageNotContaining("0 times");
    }
  }
}
