package io.infraaware.chaos.breaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a breaker's state and transitions are read: a JSON health endpoint (the usual way in an
 * end-to-end test) or, in-process, a Resilience4j breaker.
 *
 * @since 0.1.0
 */
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
   * @return its state and the transitions it reports (oldest first; may be empty)
   */
  Snapshot read();

  /**
   * What a breaker reported at one moment.
   *
   * @param state the state
   * @param transitions the states it passed through, oldest first, as far as the source tells
   */
  record Snapshot(BreakerState state, List<BreakerState> transitions) {}

  /**
   * A breaker in a JSON document served over HTTP, located with JSON pointers.
   *
   * <p>For a body {@code {"database":{"state":"OPEN","transitions":[{"to":"OPEN",...}]}}}: {@code
   * http(uri, "database", "/database/state", "/database/transitions", "to")}.
   *
   * @param name the breaker's name
   * @param uri the endpoint, e.g. {@code http://127.0.0.1:8080/health/circuit-breakers}
   * @param statePointer JSON pointer to the state text
   * @param transitionsPointer JSON pointer to an array of transitions, or null
   * @param transitionField in each transition object, the field naming the new state; null when the
   *     array holds state names
   * @return the view
   */
  static CircuitBreakerView http(
      String name,
      URI uri,
      String statePointer,
      String transitionsPointer,
      String transitionField) {
    Objects.requireNonNull(uri, "uri");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    ObjectMapper json = new ObjectMapper();
    return new CircuitBreakerView() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Snapshot read() {
        JsonNode body;
        try {
          HttpResponse<String> response =
              client.send(
                  HttpRequest.newBuilder(uri)
                      .timeout(Duration.ofSeconds(2))
                      .header("Accept", "application/json")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          body = json.readTree(response.body());
        } catch (IOException e) {
          throw new UncheckedIOException(
              "Reading breaker [" + name + "] from " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(
              "Interrupted reading breaker [" + name + "] from " + uri, e);
        }
        JsonNode state = body.at(statePointer);
        if (!state.isTextual()) {
          throw new IllegalStateException(
              "Breaker ["
                  + name
                  + "]: "
                  + uri
                  + " has no state text at JSON pointer "
                  + statePointer
                  + " in "
                  + body);
        }
        List<BreakerState> transitions = new ArrayList<>();
        if (transitionsPointer != null) {
          for (JsonNode transition : body.at(transitionsPointer)) {
            JsonNode to = transitionField == null ? transition : transition.path(transitionField);
            transitions.add(BreakerState.parse(to.asText()));
          }
        }
        return new Snapshot(BreakerState.parse(state.asText()), transitions);
      }
    };
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
    breaker
        .getEventPublisher()
        .onStateTransition(
            event ->
                transitions.add(
                    BreakerState.parse(event.getStateTransition().getToState().name())));
    return new CircuitBreakerView() {
      @Override
      public String name() {
        return breaker.getName();
      }

      @Override
      public Snapshot read() {
        return new Snapshot(
            BreakerState.parse(breaker.getState().name()), List.copyOf(transitions));
      }
    };
  }
}
