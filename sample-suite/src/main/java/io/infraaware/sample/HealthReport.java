package io.infraaware.sample;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The backend's health endpoints as JSON: the overall status, each dependency with its configured
 * and effective timings, what its calls did over the stats window and what the background checks
 * found, the breakers with their transitions, pressure indicators with plain recommendations, the
 * degradation state, alerts, the WebSocket layer and the auth fallback. It reads what the running
 * parts report; the calls to dependencies are made by user requests and {@link HealthChecks}.
 */
final class HealthReport {

  /** How a dependency is doing. */
  enum Status {
    UP,
    DEGRADED,
    DOWN
  }

  private final SampleConfig config;
  private final Breakers breakers;
  private final Guard guard;
  private final ChatService chat;
  private final MessageStore store;
  private final RecentCache cache;
  private final AuthClient auth;
  private final ChatSessions sessions;
  private final HealthChecks checks;
  private final Pressure pressure;

  HealthReport(
      SampleConfig config,
      Guard guard,
      ChatService chat,
      MessageStore store,
      RecentCache cache,
      AuthClient auth,
      ChatSessions sessions,
      HealthChecks checks) {
    this.config = config;
    this.guard = guard;
    this.breakers = guard.breakers();
    this.chat = chat;
    this.store = store;
    this.cache = cache;
    this.auth = auth;
    this.sessions = sessions;
    this.checks = checks;
    this.pressure = new Pressure(config, guard, chat, store, auth, checks, sessions);
  }

  /**
   * OPEN (and the forced states) is DOWN; HALF_OPEN is DEGRADED (trial calls only); CLOSED is UP,
   * unless its last background check failed (a dead dependency nobody called yet): DEGRADED. The
   * auth service is DEGRADED while tokens it accepted before are rejected for their signature.
   */
  Status status(String dependency) {
    Status byBreaker =
        switch (breakers.get(dependency).getState()) {
          case CLOSED, DISABLED, METRICS_ONLY -> Status.UP;
          case HALF_OPEN -> Status.DEGRADED;
          default -> Status.DOWN;
        };
    if (byBreaker == Status.UP
        && (checks.failing(dependency)
            || (dependency.equals(Breakers.AUTH) && pressure.signingKeyDriftNow()))) {
      return Status.DEGRADED;
    }
    return byBreaker;
  }

  /** UP while every dependency's address answered its last TCP connect; DEGRADED otherwise. */
  Status network() {
    for (String name : breakers.names()) {
      if (checks.reach(name).map(reach -> !reach.reachable()).orElse(false)) {
        return Status.DEGRADED;
      }
    }
    return Status.UP;
  }

  /**
   * DOWN when neither the database nor the cache can serve reads; DEGRADED when any dependency, the
   * network or the WebSocket layer is not UP, or writes wait in the outbox; UP otherwise.
   */
  Status overall() {
    if (status(Breakers.DATABASE) == Status.DOWN && status(Breakers.REDIS) == Status.DOWN) {
      return Status.DOWN;
    }
    boolean allUp =
        degradedDependencies().isEmpty()
            && chat.outboxSize() == 0
            && network() == Status.UP
            && "UP".equals(sessions.health().get("status"));
    return allUp ? Status.UP : Status.DEGRADED;
  }

  List<String> degradedDependencies() {
    return breakers.names().stream().filter(name -> status(name) != Status.UP).toList();
  }

  Map<String, Object> health() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", overall().name());
    Map<String, Object> dependencies = new LinkedHashMap<>();
    breakers.names().forEach(name -> dependencies.put(name, status(name).name()));
    body.put("dependencies", dependencies);
    body.put("websocket", sessions.health().get("status"));
    body.put("network", network().name());
    body.put("outboxSize", chat.outboxSize());
    return body;
  }

  Map<String, Object> infrastructure() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("timeScale", config.timeScale());
    body.put("environment", config.environment().name().toLowerCase(Locale.ROOT));
    int[] pool = store.poolUsage();
    Map<String, Object> database = dependency(Breakers.DATABASE);
    database.put(
        "pool",
        Map.of("size", config.poolSize(), "active", pool[0], "idle", pool[1], "waiting", pool[2]));
    Map<String, Object> connections = new LinkedHashMap<>();
    connections.put("opened", store.opener().opened());
    connections.put("refused", store.opener().refused());
    // how long opening a new connection takes: what a slow connector costs before any query
    store.opener().lastOpenMillis().ifPresent(ms -> connections.put("lastOpenMillis", ms));
    store.opener().maxOpenMillis().ifPresent(ms -> connections.put("maxOpenMillis", ms));
    store
        .opener()
        .refusalSinceLastOpened()
        .ifPresent(
            refusal ->
                connections.put(
                    "lastRefusal",
                    Map.of(
                        "sqlState", String.valueOf(refusal.sqlState()),
                        "message", SampleConfig.mask(String.valueOf(refusal.message())),
                        "at", refusal.at().toString())));
    database.put("connections", connections);
    database.put("connectTimeout", timing(config.dbConnectTimeout(), store.connectTimeout()));
    database.put("maxLifetime", timing(config.dbMaxLifetime(), store.maxLifetime()));
    body.put(Breakers.DATABASE, database);
    Map<String, Object> redis = dependency(Breakers.REDIS);
    redis.put("commandTimeout", timing(config.redisTimeout(), cache.timeout()));
    body.put(Breakers.REDIS, redis);
    Map<String, Object> authService = dependency(Breakers.AUTH);
    authService.put("url", SampleConfig.mask(config.authUrl()));
    authService.put("tokenMemory", timing(config.authTokenMemory(), auth.memory()));
    body.put(Breakers.AUTH, authService);
    body.put("websocket", sessions.health());
    body.put(
        "retry",
        Map.of(
            "attempts",
            config.retryAttempts(),
            "firstBackoff",
            timing(config.retryBackoff(), config.scaled(config.retryBackoff()))));
    body.put("requestDeadline", timing(config.requestDeadline(), guard.deadline()));
    body.put("healthCheckInterval", timing(config.healthCheckInterval(), checks.interval()));
    body.put("statsWindow", timing(config.statsWindow(), guard.window(Breakers.DATABASE).window()));
    List<Pressure.Indicator> indicators = pressure.indicators();
    List<Map<String, Object>> rendered = new ArrayList<>();
    List<String> recommendations = new ArrayList<>();
    for (Pressure.Indicator indicator : indicators) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("indicator", indicator.name());
      entry.put("dependency", indicator.dependency());
      entry.put("level", indicator.level());
      entry.put("detail", indicator.detail());
      entry.put("recommendation", indicator.recommendation());
      rendered.add(entry);
      if (!recommendations.contains(indicator.recommendation())) {
        recommendations.add(indicator.recommendation());
      }
    }
    body.put("pressure", rendered);
    body.put("recommendations", recommendations);
    return body;
  }

  private Map<String, Object> dependency(String name) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status(name).name());
    body.put("breaker", breakers.get(name).getState().name());
    body.put("critical", breakers.alerts().critical().contains(name));
    body.put("lastLatencyMillis", guard.lastLatencyMillis(name));
    CallWindow.Snapshot window = guard.window(name);
    Map<String, Object> calls = new LinkedHashMap<>();
    calls.put("windowMillis", window.window().toMillis());
    calls.put("attempts", window.attempts());
    calls.put("successRate", window.successRate());
    calls.put("timeoutViolations", window.timeouts());
    calls.put("failures", window.failures());
    calls.put("rejectedByBreaker", window.rejected());
    calls.put("retriesExhausted", window.retriesExhausted());
    calls.put("poolWaitsPastDeadline", window.poolWaits());
    calls.put("notTriedAllCallThreadsBusy", window.busy());
    body.put("calls", calls);
    checks
        .last(name)
        .ifPresent(
            check -> {
              Map<String, Object> last = new LinkedHashMap<>();
              last.put("ok", check.ok());
              last.put("at", check.at().toString());
              last.put("millis", check.millis());
              if (check.failure() != null) {
                last.put("failure", check.failure());
              }
              body.put("lastCheck", last);
            });
    checks
        .reach(name)
        .ifPresent(
            reach -> {
              Map<String, Object> network = new LinkedHashMap<>();
              network.put("target", reach.target());
              network.put("reachable", reach.reachable());
              network.put("connectMillis", reach.connectMillis());
              network.put("at", reach.at().toString());
              if (reach.error() != null) {
                network.put("error", reach.error());
              }
              body.put("network", network);
            });
    return body;
  }

  Map<String, Object> circuitBreakers() {
    Map<String, Object> all = new LinkedHashMap<>();
    for (String name : breakers.names()) {
      CircuitBreaker breaker = breakers.get(name);
      List<Map<String, Object>> transitions = new ArrayList<>();
      for (Breakers.Transition transition : breakers.transitions(name)) {
        transitions.add(
            Map.of(
                "from",
                transition.from(),
                "to",
                transition.to(),
                "at",
                transition.at().toString()));
      }
      SampleConfig.BreakerSettings settings = config.breaker(name);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("state", breaker.getState().name());
      body.put("failureRate", breaker.getMetrics().getFailureRate());
      body.put("bufferedCalls", breaker.getMetrics().getNumberOfBufferedCalls());
      body.put("failedCalls", breaker.getMetrics().getNumberOfFailedCalls());
      body.put("notPermittedCalls", breakers.rejectedCalls(name));
      body.put("critical", breakers.alerts().critical().contains(name));
      body.put(
          "config",
          Map.of(
              "failureRateThreshold", settings.failureRate(),
              "windowSize", settings.windowSize(),
              "minimumCalls", settings.minimumCalls(),
              "halfOpenCalls", settings.halfOpenCalls(),
              "successesToClose", settings.successesToClose(),
              "waitInOpen", timing(settings.waitInOpen(), config.breakerWait(name)),
              "waitFactor", config.breakerWaitFactor()));
      body.put("transitions", transitions);
      all.put(name, body);
    }
    return all;
  }

  Map<String, Object> resilience() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("mode", overall() == Status.UP ? "NORMAL" : "DEGRADED");
    body.put("degradedDependencies", degradedDependencies());
    body.put("outboxSize", chat.outboxSize());
    body.put("outboxCapacity", chat.outboxCapacity());
    body.put("outboxJournal", chat.outboxJournal().toString());
    body.put("rejectedFromOutbox", chat.rejectedFromOutbox());
    body.put("outboxDrain", chat.drainStall().orElse(Map.of("stalled", false)));
    body.put("bufferedWebSocketMessages", chat.bufferedWebSocketMessages());
    body.put("deadlineMillis", guard.deadline().toMillis());
    Alerts alerts = breakers.alerts();
    body.put("criticalDependencies", alerts.critical());
    body.put("openCriticalDependencies", alerts.openCritical());
    List<Map<String, Object>> recent = new ArrayList<>();
    for (Alerts.Alert alert : alerts.recent()) {
      recent.add(
          Map.of(
              "dependency", alert.dependency(),
              "state", alert.state(),
              "at", alert.at().toString(),
              "message", alert.message()));
    }
    body.put("alerts", recent);
    body.put("alertWebhook", config.alertWebhook().map(SampleConfig::maskWebhook).orElse("none"));
    return body;
  }

  Map<String, Object> websocket() {
    Map<String, Object> body = sessions.health();
    body.put("bufferedWebSocketMessages", chat.bufferedWebSocketMessages());
    Map<String, Object> classes = new LinkedHashMap<>();
    for (WebSocketError error : WebSocketError.values()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("closeCode", error.closeCode().map(code -> (Object) code.getCode()).orElse("none"));
      entry.put("retry", error.retry());
      entry.put("recovery", error.recovery());
      classes.put(error.name(), entry);
    }
    body.put("errorClasses", classes);
    return body;
  }

  Map<String, Object> authentication() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status(Breakers.AUTH).name());
    body.put("breaker", breakers.get(Breakers.AUTH).getState().name());
    body.put("url", SampleConfig.mask(config.authUrl()));
    body.put("rememberedTokens", auth.remembered());
    body.put("tokenMemory", timing(config.authTokenMemory(), auth.memory()));
    body.put(
        "unknownTokensWhileDown",
        "503: a token the auth service did not validate recently cannot be told apart from a"
            + " forged one");
    auth.signingKeyDrift()
        .ifPresent(
            drift -> {
              Map<String, Object> entry = new LinkedHashMap<>();
              entry.put("now", pressure.signingKeyDriftNow());
              entry.put("previouslyValidTokensRejected", drift.count());
              entry.put("lastSeen", drift.last().toString());
              entry.put("problem", Pressure.DRIFT_DETAIL);
              body.put("signingKeyDrift", entry);
            });
    return body;
  }

  static Map<String, Object> timing(Duration configured, Duration effective) {
    return Map.of(
        "configuredMillis", configured.toMillis(), "effectiveMillis", effective.toMillis());
  }

  static boolean within(Instant at, Duration window) {
    return at.plus(window).isAfter(Instant.now());
  }
}
