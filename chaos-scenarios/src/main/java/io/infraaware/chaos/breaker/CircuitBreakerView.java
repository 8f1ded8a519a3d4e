package io.infraaware.chaos.breaker;

import java.net.URI;
import java.util.List;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * Where a breaker's state and transitions are read: a JSON health endpoint (the usual way in an
 * end-to-end test) or, in-process, a Resilience4j breaker.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface CircuitBreakerView {

  /**
   * The breaker's name, for messages.
   *
   * @return the name
   */
  String name();

  /**
   * Reads the breaker now.
   *
   * @return its state, the states it went through and, where known, the calls it rejected
   */
  Snapshot read();

  /**
   * What a breaker reported at one moment.
   *
   * @param state the state
   * @param transitions the states it went through, oldest first, starting with the state it was in
   *     before its first transition (or its only state, when it never changed)
   * @param rejectedCalls how many calls it rejected so far, where the source tells
   */
  record Snapshot(BreakerState state, List<BreakerState> transitions, OptionalLong rejectedCalls) {}

  /**
   * A breaker in a JSON document served over HTTP; by default its state is at {@code
   * /<name>/state}. Say where its transitions and rejected calls are with {@link
   * HttpBreakerView#transitions} and {@link HttpBreakerView#rejectedCalls}.
   *
   * @param name the breaker's name
   * @param uri the endpoint, e.g. {@code http://127.0.0.1:8080/health/circuit-breakers}
   * @return the view
   */
  static HttpBreakerView http(String name, URI uri) {
    return HttpBreakerView.of(name, uri);
  }

  /**
   * A Resilience4j breaker in this JVM; its transitions are recorded from the moment the view is
   * made. Note that Resilience4j moves OPEN to HALF_OPEN only on the next call unless {@code
   * automaticTransitionFromOpenToHalfOpenEnabled} is set: a test waiting for HALF_OPEN must make
   * calls, or the breaker stays OPEN.
   *
   * @param breaker the breaker
   * @return the view
   */
  static CircuitBreakerView resilience4j(
      io.github.resilience4j.circuitbreaker.CircuitBreaker breaker) {
    List<BreakerState> transitions = new java.util.concurrent.CopyOnWriteArrayList<>();
    transitions.add(BreakerState.parse(breaker.getState().name()));
    java.util.concurrent.atomic.LongAdder rejected = new java.util.concurrent.atomic.LongAdder();
    breaker
        .getEventPublisher()
        .onStateTransition(
            event ->
                transitions.add(BreakerState.parse(event.getStateTransition().getToState().name())))
        // Resilience4j's own count starts again at every state change: count here instead
        .onCallNotPermitted(event -> rejected.increment());
    return new CircuitBreakerView() {
      @Override
      public String name() {
        return breaker.getName();
      }

      @Override
      public Snapshot read() {
        return new Snapshot(
            BreakerState.parse(breaker.getState().name()),
            List.copyOf(transitions),
            OptionalLong.of(rejected.sum()));
      }
    };
  }
}
