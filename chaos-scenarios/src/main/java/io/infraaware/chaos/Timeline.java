package io.infraaware.chaos;

import io.infraaware.chaos.TimelineEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What happened during one scenario, in order: requests with outcome and latency, faults applied
 * and removed, breaker and health changes, phases and expectations. Thread-safe: load generators
 * record from their own threads.
 *
 * @since 0.1.0
 */
public final class Timeline {

  private final String scenario;
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();
  private final List<TimelineEvent> events = new ArrayList<>();
  private String lastHealth;
  private final java.util.Map<String, String> lastBreakerStates = new java.util.HashMap<>();

  /**
   * Starts a timeline now.
   *
   * @param scenario the scenario's name
   */
  public Timeline(String scenario) {
    this.scenario = Objects.requireNonNull(scenario, "scenario");
  }

  /**
   * The scenario's name.
   *
   * @return the name
   */
  public String scenario() {
    return scenario;
  }

  /**
   * When the timeline started.
   *
   * @return the instant
   */
  public Instant startedAt() {
    return startedAt;
  }

  /**
   * Time since the start.
   *
   * @return the elapsed time
   */
  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /**
   * Records a request's outcome.
   *
   * @param name what was requested, e.g. {@code GET /api/rooms/r/messages}
   * @param outcome {@code ok}, {@code degraded} or {@code error}
   * @param latency how long it took
   * @param detail e.g. the status code
   */
  public void request(String name, String outcome, Duration latency, String detail) {
    add(Kind.REQUEST, name, outcome, latency.toMillis(), detail);
  }

  /**
   * Records a fault being applied.
   *
   * @param fault what, where
   */
  public void faultOn(String fault) {
    add(Kind.FAULT_ON, fault, "on", 0, "");
  }

  /**
   * Records a fault being removed.
   *
   * @param fault what, where
   */
  public void faultOff(String fault) {
    add(Kind.FAULT_OFF, fault, "off", 0, "");
  }

  /**
   * Records a breaker's state; only changes are kept.
   *
   * @param breaker the breaker's name
   * @param state e.g. {@code OPEN}
   */
  public void breaker(String breaker, String state) {
    synchronized (events) {
      if (state.equals(lastBreakerStates.put(breaker, state))) {
        return;
      }
    }
    add(Kind.BREAKER, breaker, state, 0, "");
  }

  /**
   * Records the system's health status; only changes are kept.
   *
   * @param status e.g. {@code DEGRADED}
   */
  public void health(String status) {
    synchronized (events) {
      if (status.equals(lastHealth)) {
        return;
      }
      lastHealth = status;
    }
    add(Kind.HEALTH, "health", status, 0, "");
  }

  /**
   * Records a phase boundary or outcome.
   *
   * @param phase the phase
   * @param outcome {@code started}, {@code passed} or {@code failed}
   * @param detail the failure, if any
   */
  public void phase(String phase, String outcome, String detail) {
    add(Kind.PHASE, phase, outcome, 0, detail);
  }

  /**
   * Records an expectation's result.
   *
   * @param description what was expected
   * @param passed whether it held
   * @param detail the failure message, if any
   */
  public void expectation(String description, boolean passed, String detail) {
    add(Kind.EXPECTATION, description, passed ? "passed" : "failed", 0, detail);
  }

  /**
   * Records a note, such as the seed.
   *
   * @param subject what it is about
   * @param detail the note
   */
  public void note(String subject, String detail) {
    add(Kind.NOTE, subject, "note", 0, detail);
  }

  /**
   * The events so far, in order.
   *
   * @return a snapshot
   */
  public List<TimelineEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  private void add(Kind kind, String subject, String outcome, long latency, String detail) {
    long at = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    synchronized (events) {
      events.add(new TimelineEvent(at, kind, subject, outcome, latency, detail));
    }
  }

  /**
   * Events of one kind.
   *
   * @param kind the kind
   * @return those events, in order
   */
  public List<TimelineEvent> events(Kind kind) {
    List<TimelineEvent> matching = new ArrayList<>();
    for (TimelineEvent event : events()) {
      if (event.kind() == kind) {
        matching.add(event);
      }
    }
    return matching;
  }
}
