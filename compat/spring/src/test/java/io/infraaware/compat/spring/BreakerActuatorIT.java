package io.infraaware.compat.spring;

import static io.infraaware.chaos.breaker.BreakerState.CLOSED;
import static io.infraaware.chaos.breaker.BreakerState.HALF_OPEN;
import static io.infraaware.chaos.breaker.BreakerState.OPEN;
import static io.infraaware.chaos.breaker.CircuitBreakerAssert.assertThatBreaker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infraaware.chaos.breaker.ActuatorBreakerView;
import io.infraaware.chaos.breaker.CircuitBreakerView;
import io.infraaware.chaos.breaker.CircuitBreakerView.History.Completeness;
import io.infraaware.chaos.breaker.PrometheusBreakerView;
import io.infraaware.junit.RequiresService;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.util.function.Supplier;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The chaos module's breaker views against a real Resilience4j breaker in a real Spring Boot
 * application: Resilience4j's own starter serves {@code /actuator/circuitbreakers} and {@code
 * /actuator/circuitbreakerevents}, Micrometer the Prometheus scrape. A full CLOSED, OPEN,
 * HALF_OPEN, CLOSED cycle is seen whole; a history the views could not see is unknown, never "0
 * times".
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=circuitbreakers,circuitbreakerevents,prometheus",
      // Spring Boot's tests export no metrics unless asked
      "management.defaults.metrics.export.enabled=true",
      "management.prometheus.metrics.export.enabled=true",
      "resilience4j.circuitbreaker.instances.downstream.sliding-window-size=4",
      "resilience4j.circuitbreaker.instances.downstream.minimum-number-of-calls=4",
      "resilience4j.circuitbreaker.instances.downstream.wait-duration-in-open-state=300ms",
      "resilience4j.circuitbreaker.instances.downstream.permitted-number-of-calls-in-half-open-state=1",
      "resilience4j.circuitbreaker.instances.downstream.register-health-indicator=false"
    })
@RequiresService({"postgres", "redis"}) // the application's context needs both
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD) // a CLOSED breaker each
class BreakerActuatorIT {

  @Autowired QuoteService quotes;

  @Value("${local.server.port}")
  int port;

  /**
   * Quotes from a downstream service through the Resilience4j breaker {@code downstream}, which
   * Resilience4j's starter configures from the properties above, with a cached quote as the
   * fallback: the application's side.
   */
  @TestConfiguration
  static class QuoteService {
    private final CircuitBreaker breaker;

    QuoteService(CircuitBreakerRegistry breakers) {
      this.breaker = breakers.circuitBreaker("downstream");
    }

    String quote(Supplier<String> downstream) {
      try {
        return breaker.executeSupplier(downstream);
      } catch (RuntimeException failedOrRejected) {
        return "cached";
      }
    }

    /** Calls that fail as a dead downstream's do. */
    void failing(int calls) {
      for (int i = 0; i < calls; i++) {
        quote(
            () -> {
              throw new IllegalStateException("downstream down");
            });
      }
    }

    /** A call to a healthy downstream: fresh, or the fallback while the breaker is open. */
    void healthy() {
      assertThat(quote(() -> "fresh")).isIn("fresh", "cached");
    }
  }

  private URI actuator() {
    return URI.create("http://127.0.0.1:" + port + "/actuator");
  }


  @Test
  void theActuatorViewSeesAWholeCycleOfTheApplicationsBreaker() {
    try (ActuatorBreakerView view =
        CircuitBreakerView.resilience4jActuator("downstream", actuator())) {
      assertThatBreaker(view).isIn(CLOSED);
      quotes.failing(4);
      assertThatBreaker(view)
          .isIn(OPEN)
          .whileCalling(quotes::healthy)
          .reaches(CLOSED, Duration.ofSeconds(20))
          .transitionedThrough(CLOSED, OPEN, HALF_OPEN, CLOSED)
          .openedAtLeast(1)
          .openedAtMost(1);
      assertThat(view.read().history().completeness()).isEqualTo(Completeness.EVERY_TRANSITION);
    }
  }

  @Test
  void eventsTheActuatorNoLongerHoldsMakeTheHistoryUnknown() {
    try (ActuatorBreakerView view =
        CircuitBreakerView.resilience4jActuator("downstream", actuator())) {
      quotes.failing(4);
      view.read(); // CLOSED -> OPEN seen
      // 150 calls overflow the actuator's buffer of 100 events, whatever the breaker does with
      // them (rejected while OPEN, or let through once its wait is over on a slow machine)
      for (int i = 0; i < 150; i++) {
        quotes.healthy();
      }
      assertThatThrownBy(() -> assertThatBreaker(view).openedAtMost(1))
          .hasMessageStartingWith("Cannot tell whether breaker [downstream] opened at most 1")
          .hasMessageContaining("events lost between")
          .hasMessageNotContaining("0 times");
    }
  }

  @Test
  void thePrometheusViewReadsMicrometersGauge() {
    try (PrometheusBreakerView view =
        CircuitBreakerView.prometheus("downstream", URI.create(actuator() + "/prometheus"))) {
      assertThatBreaker(view).isIn(CLOSED);
      quotes.failing(4);
      assertThatBreaker(view)
          .isIn(OPEN)
          .whileCalling(quotes::healthy)
          .reaches(CLOSED, Duration.ofSeconds(20))
          .openedAtLeast(1);
      assertThatThrownBy(() -> assertThatBreaker(view).openedAtMost(1))
          .hasMessageStartingWith("Cannot tell whether breaker [downstream] opened at most 1");
    }
  }
}
