package io.infraaware.chaos.breaker;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * A Resilience4j breaker read through Spring Boot's actuator: the state from {@code
 * /circuitbreakers}, sampled from the moment the view is made, and every transition from {@code
 * /circuitbreakerevents/<name>}. Resilience4j keeps a bounded buffer of events (100 by default):
 * where the buffer moved on between two reads, events were lost, and the history says so (the
 * sampled states stand in for that span).
 *
 * @since 0.2.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
public final class ActuatorBreakerView implements CircuitBreakerView, AutoCloseable {

  private final String name;
  private final URI breakers;
  private final URI events;
  private final Sampler sampler;
  private final List<BreakerState> eventStates = new ArrayList<>();
  private Instant lastEvent;
  private Instant lastSeen;
  private String lost;
  private boolean eventsUnavailable;

  private ActuatorBreakerView(String name, URI actuator, Duration every) {
    this.name = name;
    String base = actuator.toString().endsWith("/") ? actuator.toString() : actuator + "/";
    this.breakers = URI.create(base + "circuitbreakers");
    this.events = URI.create(base + "circuitbreakerevents/" + name);
    this.sampler =
        new Sampler(name, every, () -> state(BreakerDocuments.json(name, breakers, true)));
  }

  static ActuatorBreakerView start(String name, URI actuator, Duration every) {
    return new ActuatorBreakerView(name, actuator, every);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized Snapshot read() {
    JsonNode document = BreakerDocuments.json(name, breakers, true);
    BreakerState current = state(document);
    sampler.record(current);
    JsonNode notPermitted = breaker(document).path("notPermittedCalls");
    OptionalLong rejected =
        notPermitted.canConvertToLong()
            ? OptionalLong.of(notPermitted.asLong())
            : OptionalLong.empty();
    mergeEvents();
    if (eventsUnavailable || lost != null || eventStates.isEmpty()) {
      String how =
          lost != null
              ? "events lost " + lost + "; " + sampler.how()
              : eventsUnavailable
                  ? sampler.how() + " (" + events + " did not answer)"
                  : sampler.how();
      return new Snapshot(
          current, sampler.states(), rejected, History.sampled(sampler.since(), how));
    }
    List<BreakerState> transitions = new ArrayList<>(eventStates);
    if (transitions.get(transitions.size() - 1) != current) {
      transitions.add(current);
    }
    return new Snapshot(current, transitions, rejected, History.everyTransition(sampler.since()));
  }

  private void mergeEvents() {
    JsonNode document;
    try {
      document = BreakerDocuments.json(name, events, true);
    } catch (RuntimeException unavailable) {
      eventsUnavailable = true;
      return;
    }
    List<JsonNode> transitions = new ArrayList<>();
    JsonNode all = document.path("circuitBreakerEvents");
    for (JsonNode event : all) {
      if ("STATE_TRANSITION".equals(event.path("type").asText())) {
        transitions.add(event);
      }
    }
    transitions.sort(Comparator.comparing(ActuatorBreakerView::time));
    if (all.size() > 0) {
      Instant oldest = time(all.get(0));
      Instant newest = oldest;
      for (JsonNode event : all) {
        Instant at = time(event);
        oldest = at.isBefore(oldest) ? at : oldest;
        newest = at.isAfter(newest) ? at : newest;
      }
      // Without loss the buffer still holds the newest event of the last read. On the first read
      // a full buffer (Resilience4j keeps 100 by default) that starts after the view did has lost
      // its beginning.
      boolean gap =
          lastSeen != null
              ? oldest.isAfter(lastSeen)
              : all.size() >= 100 && oldest.isAfter(sampler.since());
      if (gap && lost == null) {
        lost = "between " + (lastSeen != null ? lastSeen : sampler.since()) + " and " + oldest;
      }
      lastSeen = lastSeen == null || newest.isAfter(lastSeen) ? newest : lastSeen;
    }
    for (JsonNode event : transitions) {
      Instant at = time(event);
      if (lastEvent != null && !at.isAfter(lastEvent)) {
        continue;
      }
      if (at.isBefore(sampler.since())) {
        continue; // before the view: not this test's history
      }
      String[] fromTo = event.path("stateTransition").asText().split("_TO_");
      if (fromTo.length == 2) {
        if (eventStates.isEmpty()) {
          eventStates.add(BreakerState.parse(fromTo[0]));
        }
        eventStates.add(BreakerState.parse(fromTo[1]));
      }
      lastEvent = at;
    }
  }

  private static Instant time(JsonNode event) {
    return ZonedDateTime.parse(event.path("creationTime").asText()).toInstant();
  }

  private JsonNode breaker(JsonNode document) {
    JsonNode breaker = document.path("circuitBreakers").path(name);
    if (breaker.isMissingNode()) {
      throw new IllegalStateException(
          "Breaker ["
              + name
              + "]: "
              + breakers
              + " lists no breaker of that name at /circuitBreakers/"
              + name
              + " in "
              + document);
    }
    return breaker;
  }

  private BreakerState state(JsonNode document) {
    return BreakerState.parse(breaker(document).path("state").asText());
  }

  /** Stops sampling. */
  @Override
  public void close() {
    sampler.close();
  }
}
