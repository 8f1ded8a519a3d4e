package io.infraaware.compat.spring;

import static io.infraaware.chaos.breaker.BreakerState.CLOSED;
import static io.infraaware.chaos.breaker.BreakerState.HALF_OPEN;
import static io.infraaware.chaos.breaker.BreakerState.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.infraaware.chaos.Scenario;
import io.infraaware.chaos.breaker.CircuitBreakerView;
import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.proxy.Fault;
import io.infraaware.proxy.ServiceProxy;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A chaos scenario against the Spring Boot application: its database behind the test's proxy (the
 * context connects through it, with no property wiring), an outage opens the Resilience4j breaker
 * that Spring configures, the fallback answers meanwhile, and the breaker closes after the heal,
 * read through the chaos module's view. The same on Boot 3.5 and 4.0: the breaker is a bean built
 * from the context's properties (Resilience4j 2.4.0's starter runs on Boot 3 only).
 */
@SpringBootTest(
    properties = {
      "owners.breaker.minimum-calls=4",
      "owners.breaker.wait-in-open=500ms",
      // the pool gives up on a refused connection quickly, as a service behind a breaker should
      "spring.datasource.hikari.connection-timeout=500"
    })
@RequiresService("postgres")
class OwnerLookupOutageScenarioIT {

  /** The application's side: owner lookups through a breaker, "unknown" when it cannot tell. */
  @TestConfiguration
  static class Lookups {
    @Bean
    CircuitBreakerRegistry breakers(
        @Value("${owners.breaker.minimum-calls}") int minimumCalls,
        @Value("${owners.breaker.wait-in-open}") Duration waitInOpen) {
      return CircuitBreakerRegistry.of(
          CircuitBreakerConfig.custom()
              .slidingWindowSize(minimumCalls)
              .minimumNumberOfCalls(minimumCalls)
              .waitDurationInOpenState(waitInOpen)
              .permittedNumberOfCallsInHalfOpenState(1)
              .build());
    }

    @Bean
    OwnerLookup ownerLookup(OwnerRepository owners, CircuitBreakerRegistry breakers) {
      return new OwnerLookup(owners, breakers.circuitBreaker("owners"));
    }
  }

  /** Whether an owner is known, or "unknown" (the fallback) when the database cannot say. */
  record OwnerLookup(OwnerRepository owners, CircuitBreaker breaker) {
    String find(String name) {
      try {
        return breaker.executeSupplier(() -> owners.exists(name)) ? "found" : "absent";
      } catch (RuntimeException failedOrRejected) {
        return "unknown";
      }
    }
  }

  @Autowired OwnerRepository owners;
  @Autowired OwnerLookup lookup;
  @Autowired CircuitBreakerRegistry breakers;

  @Test
  void anOutageOpensTheBreakerTheFallbackAnswersAndTheHealClosesIt(
      @Service("postgres") ServiceProxy postgres) {
    String name = "owner-" + UUID.randomUUID();
    owners.save(name);
    CircuitBreakerView breaker = CircuitBreakerView.resilience4j(breakers.circuitBreaker("owners"));

    Scenario.named("spring: the owners' database goes away")
        .recoverWithin(Duration.ofSeconds(30))
        .steadyState("an owner is found", ctx -> assertThat(lookup.find(name)).isEqualTo("found"))
        .inject(postgres, Fault.outage())
        .hold(
            "the breaker opens within its minimum calls and the fallback answers",
            ctx -> {
              ctx.assertThatBreaker(breaker).opensWithinCalls(4, () -> lookup.find(name));
              assertThat(lookup.find(name)).isEqualTo("unknown");
            })
        .recover(
            "the breaker closes after a trial call and the owner is found again",
            ctx -> {
              ctx.assertThatBreaker(breaker)
                  .whileCalling(() -> lookup.find(name))
                  .reaches(CLOSED, Duration.ofSeconds(20))
                  .transitionedThrough(CLOSED, OPEN, HALF_OPEN, CLOSED);
              assertThat(lookup.find(name)).isEqualTo("found");
            })
        .run();
  }
}
