package io.infraaware.chaos.breaker;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * A breaker in a JSON document served over HTTP (a health endpoint), located with JSON pointers.
 * Every step returns a new view.
 *
 * <pre>{@code
 * // {"database": {"state": "OPEN", "notPermittedCalls": 3,
 * //               "transitions": [{"from": "CLOSED", "to": "OPEN", "at": "..."}]}}
 * CircuitBreakerView database =
 *     CircuitBreakerView.http("database", URI.create(base + "/health/circuit-breakers"))
 *         .state("/database/state")
 *         .transitions("/database/transitions", "from", "to")
 *         .rejectedCalls("/database/notPermittedCalls");
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class HttpBreakerView implements CircuitBreakerView {

  private final String name;
  private final URI uri;
  private final String statePointer;
  private final String transitionsPointer;
  private final String fromField;
  private final String toField;
  private final String rejectedPointer;
  private final java.time.Instant since = java.time.Instant.now();
  private final List<BreakerState> seen = new ArrayList<>();

  private HttpBreakerView(
      String name,
      URI uri,
      String statePointer,
      String transitionsPointer,
      String fromField,
      String toField,
      String rejectedPointer) {
    this.name = name;
    this.uri = uri;
    this.statePointer = statePointer;
    this.transitionsPointer = transitionsPointer;
    this.fromField = fromField;
    this.toField = toField;
    this.rejectedPointer = rejectedPointer;
  }

  static HttpBreakerView of(String name, URI uri) {
    return new HttpBreakerView(
        Objects.requireNonNull(name, "name"),
        Objects.requireNonNull(uri, "uri"),
        "/" + name + "/state",
        null,
        null,
        null,
        null);
  }

  /**
   * Where the state text is.
   *
   * @param pointer a JSON pointer, e.g. {@code /database/state}
   * @return a new view
   */
  public HttpBreakerView state(String pointer) {
    return new HttpBreakerView(
        name, uri, pointer, transitionsPointer, fromField, toField, rejectedPointer);
  }

  /**
   * Where the transitions are: an array of objects naming the state left and the state entered. The
   * first one's {@code from} is the state the breaker started in, so {@code
   * transitionedThrough(CLOSED, OPEN, ...)} can name it.
   *
   * @param pointer a JSON pointer to the array
   * @param from the field naming the state left, or null when the objects have none
   * @param to the field naming the state entered; null when the array holds state names
   * @return a new view
   */
  public HttpBreakerView transitions(String pointer, String from, String to) {
    return new HttpBreakerView(name, uri, statePointer, pointer, from, to, rejectedPointer);
  }

  /**
   * Where the count of calls the breaker rejected is (since start).
   *
   * @param pointer a JSON pointer to a number
   * @return a new view
   */
  public HttpBreakerView rejectedCalls(String pointer) {
    return new HttpBreakerView(
        name, uri, statePointer, transitionsPointer, fromField, toField, pointer);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Snapshot read() {
    JsonNode body = BreakerDocuments.json(name, uri, false);
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
    BreakerState current = BreakerState.parse(state.asText());
    List<BreakerState> transitions = new ArrayList<>();
    if (transitionsPointer != null) {
      JsonNode all = body.at(transitionsPointer);
      if (!all.isArray()) {
        throw new IllegalStateException(
            "Breaker ["
                + name
                + "]: "
                + uri
                + " has no array of transitions at JSON pointer "
                + transitionsPointer
                + " in "
                + body);
      }
      for (JsonNode transition : all) {
        if (transitions.isEmpty() && fromField != null && transition.hasNonNull(fromField)) {
          transitions.add(BreakerState.parse(transition.path(fromField).asText()));
        }
        JsonNode to = toField == null ? transition : transition.path(toField);
        transitions.add(BreakerState.parse(to.asText()));
      }
    }
    CircuitBreakerView.History history;
    if (transitionsPointer == null) {
      // no history in the document: what the reads saw, and nothing more is claimed
      synchronized (seen) {
        if (seen.isEmpty() || seen.get(seen.size() - 1) != current) {
          seen.add(current);
        }
        transitions.addAll(seen);
      }
      history =
          CircuitBreakerView.History.sampled(
              since, "the state at each read (the document has no transitions)");
    } else {
      if (transitions.isEmpty()) {
        transitions.add(current);
      }
      history = CircuitBreakerView.History.everyTransition(null);
    }
    OptionalLong rejected = OptionalLong.empty();
    if (rejectedPointer != null) {
      JsonNode count = body.at(rejectedPointer);
      if (!count.canConvertToLong()) {
        throw new IllegalStateException(
            "Breaker [" + name + "]: " + uri + " has no number at JSON pointer " + rejectedPointer);
      }
      rejected = OptionalLong.of(count.asLong());
    }
    return new Snapshot(current, List.copyOf(transitions), rejected, history);
  }
}
