package io.infraaware.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pressure indicators for {@code /health/infrastructure}: each names what is under pressure, how
 * badly ({@code WARNING} or {@code CRITICAL}), what the numbers are, and a plain recommendation.
 * Read from what the running parts report; nothing here calls a dependency.
 */
final class Pressure {

  static final String DRIFT_DETAIL =
      "tokens the auth service accepted before are now rejected for their signature: its signing"
          + " secret (AUTH_SECRET) changed, or another auth service with another secret answers."
          + " Users get 401 SIGNATURE_MISMATCH and must sign in again";

  /**
   * One indicator.
   *
   * @param name what kind of pressure, e.g. {@code POOL_SATURATED}
   * @param dependency where, e.g. {@code database}
   * @param level {@code WARNING} or {@code CRITICAL}
   * @param detail the numbers
   * @param recommendation what to do about it
   */
  record Indicator(
      String name, String dependency, String level, String detail, String recommendation) {}

  /** Openings within this many breaker waits make a breaker flapping (3 or more). */
  private static final int FLAP_WAITS = 10;

  private static final int FLAP_OPENINGS = 3;

  private final SampleConfig config;
  private final Guard guard;
  private final ChatService chat;
  private final MessageStore store;
  private final AuthClient auth;
  private final HealthChecks checks;
  private final ChatSessions sessions;

  Pressure(
      SampleConfig config,
      Guard guard,
      ChatService chat,
      MessageStore store,
      AuthClient auth,
      HealthChecks checks,
      ChatSessions sessions) {
    this.sessions = sessions;
    this.config = config;
    this.guard = guard;
    this.chat = chat;
    this.store = store;
    this.auth = auth;
    this.checks = checks;
  }

  /** Whether a signing key drift was seen within the stats window. */
  boolean signingKeyDriftNow() {
    return auth.signingKeyDrift()
        .map(drift -> HealthReport.within(drift.last(), statsWindow()))
        .orElse(false);
  }

  private Duration statsWindow() {
    return guard.window(Breakers.DATABASE).window();
  }

  List<Indicator> indicators() {
    List<Indicator> indicators = new ArrayList<>();
    pool(indicators);
    connections(indicators);
    for (String name : SampleConfig.DEPENDENCIES) {
      calls(name, indicators);
      flapping(name, indicators);
      checks
          .reach(name)
          .filter(reach -> !reach.reachable())
          .ifPresent(
              reach ->
                  indicators.add(
                      new Indicator(
                          "NETWORK_UNREACHABLE",
                          name,
                          "CRITICAL",
                          reach.target() + " did not take a TCP connection: " + reach.error(),
                          "check that "
                              + name
                              + " runs and that the network path to "
                              + reach.target()
                              + " is open (DNS, firewall, proxy)")));
    }
    for (String name : guard.breakers().alerts().openCritical()) {
      if (!SampleConfig.DEPENDENCIES.contains(name)) {
        continue; // not a breaker: the WebSocket layer has its own indicator
      }
      indicators.add(
          new Indicator(
              "CRITICAL_BREAKER_OPEN",
              name,
              "CRITICAL",
              "the breaker of critical dependency [" + name + "] is open; an alert was raised",
              "restore " + name + "; until then the sample runs degraded"));
    }
    sessions
        .failing()
        .ifPresent(
            fault -> {
              boolean critical =
                  guard.breakers().alerts().critical().contains(SampleConfig.WEBSOCKET);
              indicators.add(
                  new Indicator(
                      "WEBSOCKET_FAILING",
                      SampleConfig.WEBSOCKET,
                      critical ? "CRITICAL" : "WARNING",
                      "since "
                          + fault.at()
                          + " the WebSocket layer failed clients and served none: "
                          + fault.error().name()
                          + ": "
                          + fault.detail()
                          + (critical ? "; an alert was raised" : ""),
                      fault.error().recovery()
                          + " (clients); "
                          + switch (fault.error()) {
                            case AUTH_UNAVAILABLE -> "restore the auth service";
                            case NOT_ACCEPTED_NOW ->
                                "restore the database, or give the outbox room (OUTBOX_CAPACITY)";
                            default -> "read the backend's log for the failure";
                          }));
            });
    int outbox = chat.outboxSize();
    if (outbox * 2 >= chat.outboxCapacity()) {
      indicators.add(
          new Indicator(
              "OUTBOX_FILLING",
              Breakers.DATABASE,
              outbox >= chat.outboxCapacity() ? "CRITICAL" : "WARNING",
              outbox + " of " + chat.outboxCapacity() + " queued messages wait for the database",
              "restore the database; when the outbox is full, writes get 503 (OUTBOX_CAPACITY)"));
    }
    if (signingKeyDriftNow()) {
      indicators.add(
          new Indicator(
              "SIGNING_KEY_DRIFT",
              Breakers.AUTH,
              "CRITICAL",
              DRIFT_DETAIL,
              "give every auth service the same AUTH_SECRET (or roll secrets with an overlap);"
                  + " tokens signed with the old secret cannot be accepted"));
    }
    return indicators;
  }

  private void pool(List<Indicator> indicators) {
    int[] pool = store.poolUsage();
    // Saturated means every connection is in use. Requests that wait while connections are free to
    // be opened wait for the database itself (down, refusing, slow to connect): an outage, which
    // CONNECTIONS_REFUSED, NETWORK_UNREACHABLE and the breaker say; more connections would not
    // help.
    CallWindow.Snapshot window = guard.window(Breakers.DATABASE);
    long waitedOut = window.poolWaits();
    boolean recently =
        store.lastSaturated().map(at -> HealthReport.within(at, statsWindow())).orElse(false);
    if (pool[0] >= config.poolSize() || waitedOut > 0 || recently) {
      indicators.add(
          new Indicator(
              "POOL_SATURATED",
              Breakers.DATABASE,
              pool[2] > 0 || waitedOut > 0 || recently ? "CRITICAL" : "WARNING",
              pool[0]
                  + " of "
                  + config.poolSize()
                  + " connections in use, "
                  + pool[2]
                  + " request(s) waiting for one"
                  + store.lastSaturated().map(at -> ", last saturated at " + at).orElse("")
                  + "; "
                  + waitedOut
                  + " call(s) in the stats window waited past their deadline for one and "
                  + window.busy()
                  + " found every call thread busy (both served degraded, not counted against"
                  + " the database)",
              "requests wait for database connections: find the slow queries or a slow network"
                  + " holding them, or raise DB_POOL_SIZE if PostgreSQL's max_connections allows"));
    }
  }

  private void connections(List<Indicator> indicators) {
    store
        .opener()
        .refusalSinceLastOpened()
        .filter(refusal -> HealthReport.within(refusal.at(), statsWindow()))
        .ifPresent(
            refusal -> {
              int[] pool = store.poolUsage();
              int open = pool[0] + pool[1];
              if (refusal.capacity()) {
                indicators.add(
                    new Indicator(
                        "CONNECTIONS_REFUSED_FOR_CAPACITY",
                        Breakers.DATABASE,
                        open == 0 ? "CRITICAL" : "WARNING",
                        "PostgreSQL refuses new connections for capacity (SQLSTATE 53300: "
                            + SampleConfig.mask(String.valueOf(refusal.message()))
                            + "); the pool keeps serving with the "
                            + open
                            + " connection(s) it holds",
                        "raise PostgreSQL's max_connections or the role's CONNECTION LIMIT, or"
                            + " lower DB_POOL_SIZE to what PostgreSQL grants this service ("
                            + Math.max(open, 1)
                            + " now)"));
              } else {
                indicators.add(
                    new Indicator(
                        "CONNECTIONS_REFUSED",
                        Breakers.DATABASE,
                        open == 0 ? "CRITICAL" : "WARNING",
                        "new connections fail (SQLSTATE "
                            + refusal.sqlState()
                            + ": "
                            + SampleConfig.mask(String.valueOf(refusal.message()))
                            + "); the pool holds "
                            + open,
                        "check that PostgreSQL runs and accepts this service's credentials"));
              }
            });
  }

  private void calls(String name, List<Indicator> indicators) {
    CallWindow.Snapshot window = guard.window(name);
    String over = " in the last " + window.window().toMillis() + " ms";
    if (window.retriesExhausted() > 0) {
      indicators.add(
          new Indicator(
              "RETRY_EXHAUSTION",
              name,
              "WARNING",
              window.retriesExhausted()
                  + " call(s) failed after all "
                  + config.retryAttempts()
                  + " attempts"
                  + over,
              "the failures of "
                  + name
                  + " last longer than the retries cover: check "
                  + name
                  + "; more retries would only add load and delay"));
    }
    if (window.attempts() >= 5 && window.successRate() < 0.9) {
      indicators.add(
          new Indicator(
              "LOW_SUCCESS_RATE",
              name,
              window.successRate() < 0.5 ? "CRITICAL" : "WARNING",
              String.format(
                  "%.0f%% of %d attempts succeeded%s",
                  window.successRate() * 100, window.attempts(), over),
              "check " + name + " and the network path to it"));
    }
    if (window.timeouts() > 0) {
      indicators.add(
          new Indicator(
              "TIMEOUT_VIOLATIONS",
              name,
              "WARNING",
              window.timeouts() + " attempt(s) ran out of time" + over,
              name
                  + " answers slower than the deadline allows ("
                  + guard.deadline().toMillis()
                  + " ms a request): look at its latency (a slow query, a saturated network link)"
                  + " before raising timeouts"));
    }
  }

  private void flapping(String name, List<Indicator> indicators) {
    Duration flapWindow = config.breakerWait(name).multipliedBy(FLAP_WAITS);
    Instant since = Instant.now().minus(flapWindow);
    // Only openings from CLOSED: the dependency recovered in between. A breaker that goes OPEN,
    // HALF_OPEN and OPEN again while its dependency stays down sees a plain outage, not flapping.
    long openings =
        guard.breakers().transitions(name).stream()
            .filter(
                t -> t.from().equals("CLOSED") && t.to().equals("OPEN") && t.at().isAfter(since))
            .count();
    if (openings >= FLAP_OPENINGS) {
      indicators.add(
          new Indicator(
              "BREAKER_FLAPPING",
              name,
              "WARNING",
              "the breaker opened "
                  + openings
                  + " times in the last "
                  + flapWindow.toMillis()
                  + " ms",
              name
                  + " fails on and off: look for an intermittent cause (packet loss, a saturated"
                  + " connector, failover) rather than load; a longer BREAKER_WAIT_IN_OPEN calms"
                  + " the breaker but hides nothing"));
    }
  }
}
