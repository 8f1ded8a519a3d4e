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
 * /health/circuit-breakers}, written as an {@link Events} line, and told to the {@link Alerts}.
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

  private final Alerts alerts;
  private final Events events;
  private final Map<String, String> targets;

  /**
   * The calls a breaker saw since its last transition: what its next transition line tells.
   * Resilience4j's own metrics start again in HALF_OPEN and CLOSED, so they cannot.
   */
  private static final class Since {
    final LongAdder succeeded = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder notPermitted = new LongAdder();
    volatile Throwable lastFailure;

    Map<String, Object> drain() {
      Map<String, Object> calls = new java.util.LinkedHashMap<>();
      calls.put("succeeded", succeeded.sumThenReset());
      calls.put("failed", failed.sumThenReset());
      calls.put("notPermitted", notPermitted.sumThenReset());
      return calls;
    }
  }

  Breakers(SampleConfig config) {
    this(config, Events.STANDARD_OUTPUT);
  }

  Breakers(SampleConfig config, Events events) {
    this(config, new Alerts(config, events), events);
  }

  Breakers(SampleConfig config, Alerts alerts, Events events) {
    this.alerts = alerts;
    this.events = events;
    this.targets =
        Map.of(
            DATABASE, SampleConfig.mask(config.databaseUrl()),
            REDIS, SampleConfig.mask(config.redisUrl()),
            AUTH, SampleConfig.mask(config.authUrl()));
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
      Since since = new Since();
      breaker
          .getEventPublisher()
          .onCallNotPermitted(
              event -> {
                notPermitted.increment();
                since.notPermitted.increment();
              })
          .onSuccess(event -> since.succeeded.increment())
          // published before Resilience4j counts the failure, so before the transition it causes
          .onError(
              event -> {
                since.failed.increment();
                since.lastFailure = event.getThrowable();
              })
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
                log(
                    name,
                    event.getStateTransition(),
                    event.getCreationTime().toInstant(),
                    since,
                    config);
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

  /**
   * One event per transition: what changed and when, the dependency's address, the calls since the
   * previous transition and, when it opens, the failure rate Resilience4j counted and the last
   * failure, which is the cause.
   */
  private void log(
      String name,
      CircuitBreaker.StateTransition transition,
      Instant at,
      Since since,
      SampleConfig config) {
    CircuitBreaker.State to = transition.getToState();
    Throwable cause = since.lastFailure;
    since.lastFailure = null;
    Map<String, Object> line = new java.util.LinkedHashMap<>();
    line.put("event", "breaker.transition");
    line.put("at", at.toString());
    line.put("dependency", name);
    line.put("target", target(name));
    line.put("from", transition.getFromState().name());
    line.put("to", to.name());
    line.put("callsSincePrevious", since.drain());
    if (to == CircuitBreaker.State.OPEN) {
      CircuitBreaker.Metrics metrics = registry.circuitBreaker(name).getMetrics();
      // the calls the decision was made on: the window when CLOSED, the trial calls in HALF_OPEN
      line.put("failureRate", metrics.getFailureRate());
      line.put("bufferedCalls", metrics.getNumberOfBufferedCalls());
      line.put("failedCalls", metrics.getNumberOfFailedCalls());
      line.put("cause", cause == null ? null : Events.describe(cause));
      line.put("waitInOpenMillis", config.breakerWait(name).toMillis());
    }
    line.put("critical", alerts.critical().contains(name));
    line.put("environment", config.environment().name().toLowerCase(java.util.Locale.ROOT));
    events.emit(to == CircuitBreaker.State.OPEN ? "WARN" : "INFO", line);
  }

  Alerts alerts() {
    return alerts;
  }

  Events events() {
    return events;
  }

  /** Where a dependency is, as configured and masked: what its lines name as {@code target}. */
  String target(String name) {
    return targets.get(name);
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
