package io.infraaware.sample;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Resilience4j circuit breaker per dependency ({@code database}, {@code redis}, {@code auth}),
 * configured from the sample's settings, with every transition kept for {@code
 * /health/circuit-breakers}.
 */
final class Breakers {

  /** A state change, with when it happened. */
  record Transition(String from, String to, Instant at) {}

  static final String DATABASE = "database";
  static final String REDIS = "redis";
  static final String AUTH = "auth";

  private static final int MAX_TRANSITIONS = 200;

  private final CircuitBreakerRegistry registry;
  private final Map<String, List<Transition>> transitions = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();

  Breakers(SampleConfig config) {
    registry = CircuitBreakerRegistry.ofDefaults();
    for (String name : SampleConfig.DEPENDENCIES) {
      SampleConfig.BreakerSettings settings = config.breaker(name);
      CircuitBreakerConfig breakerConfig =
          CircuitBreakerConfig.custom()
              .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
              .slidingWindowSize(settings.windowSize())
              .minimumNumberOfCalls(settings.minimumCalls())
              .failureRateThreshold(settings.failureRate())
              .waitDurationInOpenState(config.scaled(settings.waitInOpen()))
              .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
              // Without it Resilience4j stays OPEN until the next call; health would lie meanwhile.
              .automaticTransitionFromOpenToHalfOpenEnabled(true)
              // A message the database refuses for good says nothing about the database's health.
              .recordException(Guard::isTransient)
              .build();
      CircuitBreaker breaker = registry.circuitBreaker(name, breakerConfig);
      List<Transition> history = new CopyOnWriteArrayList<>();
      transitions.put(name, history);
      LongAdder notPermitted = new LongAdder();
      rejected.put(name, notPermitted);
      breaker
          .getEventPublisher()
          .onCallNotPermitted(event -> notPermitted.increment())
          .onStateTransition(
              event -> {
                history.add(
                    new Transition(
                        event.getStateTransition().getFromState().name(),
                        event.getStateTransition().getToState().name(),
                        event.getCreationTime().toInstant()));
                // a flapping network must not grow the history without bound
                if (history.size() > MAX_TRANSITIONS) {
                  history.remove(0);
                }
              });
    }
  }

  CircuitBreaker get(String name) {
    return registry.circuitBreaker(name);
  }

  List<Transition> transitions(String name) {
    return List.copyOf(transitions.get(name));
  }

  /**
   * Calls rejected since start. Resilience4j's own count starts again at every state change, so a
   * reader that comes a little late would see none.
   */
  long rejectedCalls(String name) {
    return rejected.get(name).sum();
  }

  List<String> names() {
    return SampleConfig.DEPENDENCIES;
  }
}
