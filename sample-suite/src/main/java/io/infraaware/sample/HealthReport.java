package io.infraaware.sample;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The backend's health endpoints as JSON: the overall status, each dependency with its configured
 * and effective timings, the breakers with their transitions, the degradation state and the auth
 * fallback. It reads what the running parts report; it calls no dependency itself.
 */
final class HealthReport {

  /** How a dependency is doing, judged by its breaker. */
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

  HealthReport(
      SampleConfig config,
      Guard guard,
      ChatService chat,
      MessageStore store,
      RecentCache cache,
      AuthClient auth,
      ChatSessions sessions) {
    this.sessions = sessions;
    this.config = config;
    this.guard = guard;
    this.breakers = guard.breakers();
    this.chat = chat;
    this.store = store;
    this.cache = cache;
    this.auth = auth;
  }

  /** CLOSED is UP, HALF_OPEN DEGRADED (trial calls only), OPEN and the forced states DOWN. */
  Status status(String dependency) {
    return switch (breakers.get(dependency).getState()) {
      case CLOSED, DISABLED, METRICS_ONLY -> Status.UP;
      case HALF_OPEN -> Status.DEGRADED;
      default -> Status.DOWN;
    };
  }

  /**
   * DOWN when neither the database nor the cache can serve reads; DEGRADED when any dependency is
   * not UP or writes wait in the outbox; UP otherwise.
   */
  Status overall() {
    if (status(Breakers.DATABASE) == Status.DOWN && status(Breakers.REDIS) == Status.DOWN) {
      return Status.DOWN;
    }
    return degradedDependencies().isEmpty() && chat.outboxSize() == 0 ? Status.UP : Status.DEGRADED;
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
    body.put(
        "retry",
        Map.of(
            "attempts",
            config.retryAttempts(),
            "firstBackoff",
            timing(config.retryBackoff(), config.scaled(config.retryBackoff()))));
    body.put("requestDeadline", timing(config.requestDeadline(), guard.deadline()));
    return body;
  }

  private Map<String, Object> dependency(String name) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status(name).name());
    body.put("breaker", breakers.get(name).getState().name());
    body.put("lastLatencyMillis", guard.lastLatencyMillis(name));
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
      body.put(
          "config",
          Map.of(
              "failureRateThreshold", settings.failureRate(),
              "windowSize", settings.windowSize(),
              "minimumCalls", settings.minimumCalls(),
              "halfOpenCalls", settings.halfOpenCalls(),
              "successesToClose", settings.successesToClose(),
              "waitInOpen", timing(settings.waitInOpen(), config.scaled(settings.waitInOpen()))));
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
    body.put("rejectedFromOutbox", chat.rejectedFromOutbox());
    body.put("bufferedWebSocketMessages", chat.bufferedWebSocketMessages());
    body.put("deadlineMillis", guard.deadline().toMillis());
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
    return body;
  }

  private static Map<String, Object> timing(Duration configured, Duration effective) {
    return Map.of(
        "configuredMillis", configured.toMillis(), "effectiveMillis", effective.toMillis());
  }
}
