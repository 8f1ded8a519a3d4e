package io.infraaware.chaos.breaker;

import java.net.URI;
import java.time.Duration;
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
   * @param history how much of the breaker's history the transitions are
   */
  record Snapshot(
      BreakerState state,
      List<BreakerState> transitions,
      OptionalLong rejectedCalls,
      History history) {

    /** Checks and copies the components. */
    public Snapshot {
      transitions = List.copyOf(transitions);
      java.util.Objects.requireNonNull(history, "history");
    }

    /**
     * A snapshot whose transitions are every transition the source knows of.
     *
     * @param state the state
     * @param transitions the states it went through
     * @param rejectedCalls the calls it rejected, where known
     */
    public Snapshot(
        BreakerState state, List<BreakerState> transitions, OptionalLong rejectedCalls) {
      this(state, transitions, rejectedCalls, History.everyTransition(null));
    }
  }

  /**
   * How much of a breaker's history a view saw: every transition (events), what sampling saw (a
   * state shorter than the sampling interval may be missed), or only the current state. History
   * assertions never count what a view did not see: over an incomplete history they fail as unknown
   * rather than pass or fail on a guess.
   *
   * @param completeness how complete
   * @param since since when, where known (the view's start)
   * @param how what was seen, in words, for messages: e.g. {@code sampled every 50 ms}
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  record History(Completeness completeness, java.time.Instant since, String how) {

    /** How complete a history is. */
    public enum Completeness {
      /** Every transition since the view started was observed (events). */
      EVERY_TRANSITION,
      /** The state was sampled: transitions between two samples may be unseen. */
      SAMPLED,
      /** Only the current state is known. */
      CURRENT_STATE_ONLY
    }

    /** Checks the components. */
    public History {
      java.util.Objects.requireNonNull(completeness, "completeness");
      java.util.Objects.requireNonNull(how, "how");
    }

    /**
     * Every transition since a moment.
     *
     * @param since when observing began, or null when the source's whole history is known
     * @return the history
     */
    public static History everyTransition(java.time.Instant since) {
      return new History(Completeness.EVERY_TRANSITION, since, "every transition");
    }

    /**
     * What sampling saw since a moment.
     *
     * @param since when sampling began
     * @param how how it sampled, e.g. {@code sampled every 50 ms}
     * @return the history
     */
    public static History sampled(java.time.Instant since, String how) {
      return new History(Completeness.SAMPLED, since, how);
    }

    /**
     * Only the current state.
     *
     * @return the history
     */
    public static History currentStateOnly() {
      return new History(Completeness.CURRENT_STATE_ONLY, null, "only the current state");
    }

    /** The span it covers, for messages. */
    String span() {
      return (since == null ? "the start" : since.toString()) + " and now";
    }
  }

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
   * A Resilience4j breaker behind Spring Boot's actuator: its state from {@code
   * <actuator>/circuitbreakers}, sampled every 50 ms from the moment the view is made, and its
   * transitions from {@code <actuator>/circuitbreakerevents/<name>} merged in. Resilience4j keeps
   * the last 100 events of a breaker by default: where events were lost between two reads the
   * history says so. Close the view to stop sampling.
   *
   * @param name the breaker's name in Resilience4j
   * @param actuator the actuator's base, e.g. {@code http://127.0.0.1:8080/actuator}
   * @return the view, sampling
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  static ActuatorBreakerView resilience4jActuator(String name, URI actuator) {
    return ActuatorBreakerView.start(name, actuator, Duration.ofMillis(50));
  }

  /**
   * A Resilience4j breaker's state as Micrometer exposes it in a Prometheus scrape ({@code
   * resilience4j_circuitbreaker_state{name="x",state="open"} 1.0}), sampled every 50 ms from the
   * moment the view is made. Close the view to stop sampling.
   *
   * @param name the breaker's name
   * @param metrics the scrape endpoint, e.g. {@code http://127.0.0.1:8080/actuator/prometheus}
   * @return the view, sampling
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  static PrometheusBreakerView prometheus(String name, URI metrics) {
    return PrometheusBreakerView.start(name, metrics, Duration.ofMillis(50));
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
    java.time.Instant since = java.time.Instant.now();
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
            OptionalLong.of(rejected.sum()),
            History.everyTransition(since));
      }
    };
  }
}
