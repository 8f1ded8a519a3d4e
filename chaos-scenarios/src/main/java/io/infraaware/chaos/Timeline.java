package io.infraaware.chaos;

import io.infraaware.chaos.TimelineEvent.Kind;
import io.infraaware.time.Noise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What happened during one scenario, in order: requests with outcome and latency, faults applied
 * and removed, breaker and health changes, phases and expectations. Thread-safe: load generators
 * record from their own threads.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class Timeline {

  private final String scenario;
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();
  private final List<TimelineEvent> events = new ArrayList<>();
  private String lastHealth;
  private final Map<String, String> lastBreakerStates = new HashMap<>();
  private final Map<String, Noise> noiseByPhase = new LinkedHashMap<>();

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
   * @param outcome {@link Outcome#OK}, {@link Outcome#DEGRADED} or {@link Outcome#ERROR}
   * @param latency how long it took
   * @param detail e.g. the status code
   * @throws IllegalArgumentException for another outcome
   */
  public void request(String name, Outcome outcome, Duration latency, String detail) {
    if (!outcome.isRequestOutcome()) {
      throw new IllegalArgumentException(
          "A request's outcome is ok, degraded or error, not [" + outcome + "]");
    }
    add(Kind.REQUEST, name, outcome, latency.toMillis(), detail);
  }

  /**
   * Records a fault being applied.
   *
   * @param fault what, where
   */
  public void faultOn(String fault) {
    add(Kind.FAULT_ON, fault, Outcome.ON, 0, "");
  }

  /**
   * Records a fault being removed.
   *
   * @param fault what, where
   */
  public void faultOff(String fault) {
    add(Kind.FAULT_OFF, fault, Outcome.OFF, 0, "");
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
    add(Kind.BREAKER, breaker, Outcome.state(state), 0, "");
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
    add(Kind.HEALTH, "health", Outcome.state(status), 0, "");
  }

  /**
   * Records a phase boundary or outcome.
   *
   * @param phase the phase
   * @param outcome {@link Outcome#STARTED}, {@link Outcome#PASSED} or {@link Outcome#FAILED}
   * @param detail the failure, if any
   */
  public void phase(String phase, Outcome outcome, String detail) {
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
    add(Kind.EXPECTATION, description, passed ? Outcome.PASSED : Outcome.FAILED, 0, detail);
  }

  /**
   * Records a note, such as the seed.
   *
   * @param subject what it is about
   * @param detail the note
   */
  public void note(String subject, String detail) {
    add(Kind.NOTE, subject, Outcome.NOTED, 0, detail);
  }

  /**
   * Records the machine's noise during a phase, as a {@link io.infraaware.time.Calibration}
   * measured it.
   *
   * @param phase the phase
   * @param noise the noise since the phase began
   * @param overloaded whether the machine was noisier than the ceiling allows
   */
  public void calibration(String phase, Noise noise, boolean overloaded) {
    synchronized (events) {
      noiseByPhase.put(phase, noise);
    }
    add(
        Kind.CALIBRATION,
        phase,
        overloaded ? Outcome.OVERLOADED : Outcome.MEASURED,
        noise.schedulingDelay().toMillis(),
        String.format(
            Locale.ROOT,
            "CPU share %.2f (other work took %d%% of the time), scheduling delay up to %d ms;"
                + " ceiling %d ms; %s",
            noise.cpuShare(),
            Math.round((1 - noise.cpuShare()) * 100),
            noise.schedulingDelay().toMillis(),
            noise.ceiling().toMillis(),
            noise.figures().describe()));
  }

  /**
   * Records a time judged against its promise and the machine's noise.
   *
   * @param what what was timed
   * @param outcome {@link Outcome#WITHIN_NOISE}, {@link Outcome#MISSED} or {@link
   *     Outcome#OVERLOADED}
   * @param observed how long it took
   * @param detail the numbers
   */
  public void timing(String what, Outcome outcome, Duration observed, String detail) {
    add(Kind.TIMING, what, outcome, observed.toMillis(), detail);
  }

  /**
   * The machine's noise per phase, in the order the phases ran.
   *
   * @return a snapshot
   */
  public Map<String, Noise> noiseByPhase() {
    synchronized (events) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(noiseByPhase));
    }
  }

  /** The prefix of requests a breaker assertion makes while it waits: not the users'. */
  static final String WAITING_CALL = "call while waiting for breaker ";

  /**
   * How the users' requests went: every request recorded, except the calls a breaker assertion
   * makes while it waits ({@code whileCalling}), which are there to move the breaker, not to be
   * answered.
   *
   * @param total the requests
   * @param ok answered in full
   * @param degraded answered, degraded (from a cache, queued)
   * @param errors not answered, or answered with an error
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  public record Answers(int total, int ok, int degraded, int errors) {
    /**
     * The share of requests answered, degraded or not: 1 when there were none.
     *
     * @return between 0 and 1
     */
    public double successRate() {
      return total == 0 ? 1 : (ok + degraded) / (double) total;
    }

    /**
     * One line: {@code 48 request(s): 45 answered (93.8 %), 12 of them degraded, 3 error(s)}.
     *
     * @return the line
     */
    public String summary() {
      if (total == 0) {
        return "no requests recorded";
      }
      return String.format(
          Locale.ROOT,
          "%d request(s): %d answered (%.1f %%), %d of them degraded, %d error(s)",
          total,
          ok + degraded,
          100 * successRate(),
          degraded,
          errors);
    }
  }

  /**
   * How the users' requests went in this scenario.
   *
   * @return the tally
   * @since 0.2.0
   */
  public Answers answers() {
    int total = 0;
    int ok = 0;
    int degraded = 0;
    int errors = 0;
    for (TimelineEvent event : events(Kind.REQUEST)) {
      if (event.subject().startsWith(WAITING_CALL)) {
        continue;
      }
      total++;
      if (event.outcome().equals(Outcome.OK)) {
        ok++;
      } else if (event.outcome().equals(Outcome.DEGRADED)) {
        degraded++;
      } else {
        errors++;
      }
    }
    return new Answers(total, ok, degraded, errors);
  }

  /** The noisiest the machine was in any phase: the lowest CPU share, the longest delay. */
  String noiseSummary() {
    Map<String, Noise> byPhase = noiseByPhase();
    if (byPhase.isEmpty()) {
      return "not measured";
    }
    double share = 1;
    long delay = 0;
    long waited = 0;
    boolean kernel = true;
    String fallback = "";
    for (Noise noise : byPhase.values()) {
      share = Math.min(share, noise.cpuShare());
      delay = Math.max(delay, noise.schedulingDelay().toMillis());
      waited = Math.max(waited, noise.figures().runQueueWait().toMillis());
      if (!noise.figures().fromKernel()) {
        kernel = false;
        fallback = noise.figures().note();
      }
    }
    return kernel
        ? String.format(
            Locale.ROOT,
            "CPU share ≥ %.2f, delays ≤ %d ms, run-queue wait ≤ %d ms per phase (from the kernel)",
            share,
            delay,
            waited)
        : String.format(
            Locale.ROOT,
            "CPU share ≥ %.2f, delays ≤ %d ms (sampled, not from the kernel: %s)",
            share,
            delay,
            fallback);
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

  private void add(Kind kind, String subject, Outcome outcome, long latency, String detail) {
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
