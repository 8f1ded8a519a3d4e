package io.infraaware.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Resilience4j circuit breaker per dependency ({@code database}, {@code redis}, {@code auth}),
 * configured from the sample's settings, with every transition kept for {@code
 * /health/circuit-breakers}, logged as one JSON line, and told to the {@link Alerts}.
 */
final class Breakers {

  private static final Logger LOG = LoggerFactory.getLogger(Breakers.class);

  /** A state change, with when it happened. */
  record Transition(String from, String to, Instant at) {}

  static final String DATABASE = "database";
  static final String REDIS = "redis";
  static final String AUTH = "auth";

  private static final int MAX_TRANSITIONS = 200;

  private final CircuitBreakerRegistry registry;
  private final Map<String, List<Transition>> transitions = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();

  private final Alerts alerts;

  Breakers(SampleConfig config) {
    this(config, new Alerts(config));
  }

  Breakers(SampleConfig config, Alerts alerts) {
    this.alerts = alerts;
    registry = CircuitBreakerRegistry.ofDefaults();
    for (String name : SampleConfig.DEPENDENCIES) {
      SampleConfig.BreakerSettings settings = config.breaker(name);
      CircuitBreakerConfig breakerConfig =
          CircuitBreakerConfig.custom()
              .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
              .slidingWindowSize(settings.windowSize())
              .minimumNumberOfCalls(settings.minimumCalls())
              .failureRateThreshold(settings.failureRate())
              // scaled, and longer in staging (BREAKER_WAIT_FACTOR)
              .waitDurationInOpenState(config.breakerWait(name))
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
                CircuitBreaker.State to = event.getStateTransition().getToState();
                log(name, event.getStateTransition(), event.getCreationTime().toInstant(), config);
                if (to == CircuitBreaker.State.OPEN || to == CircuitBreaker.State.FORCED_OPEN) {
                  float rate = registry.circuitBreaker(name).getMetrics().getFailureRate();
                  alerts.opened(
                      name,
                      (rate < 0
                              ? "opened by hand, before enough calls were counted"
                              : "failure rate " + rate + "% of the last calls")
                          + "; it waits "
                          + config.breakerWait(name).toMillis()
                          + " ms before trial calls");
                } else if (to == CircuitBreaker.State.CLOSED) {
                  alerts.closed(name);
                }
              });
    }
  }

  /** One structured line per transition: what changed, when, and why. */
  private void log(
      String name, CircuitBreaker.StateTransition transition, Instant at, SampleConfig config) {
    CircuitBreaker.Metrics metrics = registry.circuitBreaker(name).getMetrics();
    Map<String, Object> line = new java.util.LinkedHashMap<>();
    line.put("event", "breaker.transition");
    line.put("dependency", name);
    line.put("from", transition.getFromState().name());
    line.put("to", transition.getToState().name());
    line.put("at", at.toString());
    line.put("failureRate", metrics.getFailureRate());
    line.put("bufferedCalls", metrics.getNumberOfBufferedCalls());
    line.put("failedCalls", metrics.getNumberOfFailedCalls());
    line.put("waitInOpenMillis", config.breakerWait(name).toMillis());
    line.put("critical", alerts.critical().contains(name));
    line.put("environment", config.environment().name().toLowerCase(java.util.Locale.ROOT));
    String json;
    try {
      json = Http.JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      json = line.toString();
    }
    if (transition.getToState() == CircuitBreaker.State.OPEN) {
      LOG.warn(json);
    } else {
      LOG.info(json);
    }
  }

  Alerts alerts() {
    return alerts;
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
