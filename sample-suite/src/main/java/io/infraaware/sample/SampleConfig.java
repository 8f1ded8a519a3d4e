package io.infraaware.sample;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample's configuration, read from environment variables (or a map of them, in tests). Every
 * resilience timing is given as configured for production and used scaled: times {@code TIME_SCALE}
 * always, so a test can exercise a 600 s timeout in seconds, and timeouts towards a dependency also
 * times 1.5 in staging.
 *
 * <p>A bad value stops start-up with {@link IllegalArgumentException} naming the variable and the
 * value (passwords masked).
 *
 * @param host {@code HOST}, the address to listen on; loopback unless told otherwise
 * @param port {@code PORT}, 8000 unless set, 0 for a free port
 * @param databaseUrl {@code DATABASE_URL}, a JDBC URL
 * @param databaseUser {@code DATABASE_USER}
 * @param databasePassword {@code DATABASE_PASSWORD}, never printed
 * @param redisUrl {@code REDIS_URL}
 * @param authUrl {@code AUTH_URL}, the auth service
 * @param environment {@code ENVIRONMENT}
 * @param timeScale {@code TIME_SCALE}, greater than 0
 * @param poolSize {@code DB_POOL_SIZE}
 * @param dbConnectTimeout {@code DB_CONNECT_TIMEOUT}, as configured
 * @param dbMaxLifetime {@code DB_MAX_LIFETIME}, as configured
 * @param redisTimeout {@code REDIS_TIMEOUT}, as configured
 * @param retryAttempts {@code RETRY_ATTEMPTS}
 * @param retryBackoff {@code RETRY_BACKOFF}, the first wait between attempts, as configured
 * @param requestDeadline {@code REQUEST_DEADLINE}, as configured
 * @param authTokenMemory {@code AUTH_TOKEN_MEMORY}, how long a validated token is accepted while
 *     the auth service is unreachable, as configured
 * @param breakers the breaker of each dependency ({@code database}, {@code redis}, {@code auth})
 * @param outboxCapacity {@code OUTBOX_CAPACITY}, how many writes may wait for the database; beyond
 *     it writes are refused with 503
 * @param outboxDir {@code OUTBOX_DIR}, the directory of the outbox journal (relative to the working
 *     directory unless absolute): what was answered "queued" waits there across restarts
 * @param breakerWaitFactor {@code BREAKER_WAIT_FACTOR}, how much longer breakers wait in OPEN here
 *     (2 in staging, 1 elsewhere, unless set)
 * @param criticalDependencies {@code CRITICAL_DEPENDENCIES}: an open breaker of one of these raises
 *     an alert, and so does a failing WebSocket layer when it holds {@code websocket}
 * @param alertWebhook {@code ALERT_WEBHOOK_URL}: where alerts are posted as JSON, if anywhere
 * @param healthCheckInterval {@code HEALTH_CHECK_INTERVAL}, as configured: how often an idle
 *     dependency is checked in the background
 * @param statsWindow {@code STATS_WINDOW}, as configured: the window of the success rate, timeout
 *     violations and retry exhaustion per dependency
 * @param httpTimeouts {@code REQUEST_HEAD_TIMEOUT}, {@code REQUEST_BODY_TIMEOUT} and {@code
 *     HTTP_IDLE_TIMEOUT}: how long a client may take to send a request, used as configured
 * @param shutdownGrace {@code SHUTDOWN_GRACE}, used as configured: how long a stop may spend
 *     storing what waits in the outbox
 * @param outboxMinFreeBytes {@code OUTBOX_MIN_FREE_MB} in bytes: the free space the journal's disk
 *     must have at start
 * @param poolMinIdle {@code DB_POOL_MIN_IDLE}: connections HikariCP keeps open while idle
 * @param wsMessagesPerMinute {@code WS_MESSAGES_PER_MINUTE}: how many messages one WebSocket
 *     session may send per minute (in a burst, or spread out); beyond it a message gets {@code
 *     RATE_LIMITED}
 * @since 0.1.0
 */
public record SampleConfig(
    String host,
    int port,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    String redisUrl,
    String authUrl,
    Environment environment,
    double timeScale,
    int poolSize,
    Duration dbConnectTimeout,
    Duration dbMaxLifetime,
    Duration redisTimeout,
    int retryAttempts,
    Duration retryBackoff,
    Duration requestDeadline,
    Duration authTokenMemory,
    Map<String, BreakerSettings> breakers,
    int outboxCapacity,
    java.nio.file.Path outboxDir,
    double breakerWaitFactor,
    List<String> criticalDependencies,
    Optional<String> alertWebhook,
    Duration healthCheckInterval,
    Duration statsWindow,
    HttpTimeouts httpTimeouts,
    Duration shutdownGrace,
    long outboxMinFreeBytes,
    int wsMessagesPerMinute,
    int poolMinIdle) {

  /**
   * Where a service listens, from {@code HOST} and {@code PORT}: all the auth service reads.
   *
   * @param host the address
   * @param port the port, 0 for a free one
   * @since 0.1.0
   */
  public record Listen(String host, int port) {}

  /**
   * How long an HTTP client may take, on the backend and on the auth service alike, so that slow or
   * silent clients cannot hold the server's threads or connections. Used as configured: they
   * protect the server from its clients and are no resilience timing, so {@code TIME_SCALE} does
   * not scale them.
   *
   * @param requestHead {@code REQUEST_HEAD_TIMEOUT}: from a request's first byte to the end of its
   *     head; a connection that takes longer is closed
   * @param requestBody {@code REQUEST_BODY_TIMEOUT}: from the end of the head to the end of the
   *     body; a request that takes longer is answered 408 and its connection closed
   * @param idle {@code HTTP_IDLE_TIMEOUT}: a connection with no request under way that stays silent
   *     this long is closed (whole seconds)
   * @since 0.1.0
   */
  public record HttpTimeouts(Duration requestHead, Duration requestBody, Duration idle) {

    /** The defaults: 10 s for a head, 10 s for a body, 30 s idle. */
    public static final HttpTimeouts DEFAULTS =
        new HttpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  /** The least and the most any of the {@link HttpTimeouts} may be. */
  static final Duration MIN_HTTP_TIMEOUT = Duration.ofSeconds(1);

  static final Duration MAX_HTTP_TIMEOUT = Duration.ofHours(1);

  /**
   * Reads {@code REQUEST_HEAD_TIMEOUT}, {@code REQUEST_BODY_TIMEOUT} and {@code HTTP_IDLE_TIMEOUT}:
   * what the auth service reads besides where to listen.
   *
   * @param env the environment
   * @return the timeouts
   * @throws IllegalArgumentException naming the variable and value when one is bad
   */
  public static HttpTimeouts httpTimeouts(Map<String, String> env) {
    return new HttpTimeouts(
        bounded(env, "REQUEST_HEAD_TIMEOUT", HttpTimeouts.DEFAULTS.requestHead()),
        bounded(env, "REQUEST_BODY_TIMEOUT", HttpTimeouts.DEFAULTS.requestBody()),
        bounded(env, "HTTP_IDLE_TIMEOUT", HttpTimeouts.DEFAULTS.idle()));
  }

  private static Duration bounded(Map<String, String> env, String name, Duration fallback) {
    Duration value = duration(env, name, fallback);
    if (value.compareTo(MIN_HTTP_TIMEOUT) < 0 || value.compareTo(MAX_HTTP_TIMEOUT) > 0) {
      throw bad(name, env.get(name), "expected a duration from 1s to 60m");
    }
    return value;
  }

  /** The backend's port unless {@code PORT} says: the reports' backend served 8000. */
  public static final int BACKEND_PORT = 8000;

  /** The auth service's port unless {@code PORT} says, as in the reports. */
  public static final int AUTH_PORT = 8081;

  /**
   * Reads {@code HOST} and {@code PORT} only, the backend's port by default.
   *
   * @param env the environment
   * @return where to listen
   * @throws IllegalArgumentException naming the variable and value when one is bad
   */
  public static Listen listen(Map<String, String> env) {
    return listen(env, BACKEND_PORT);
  }

  /**
   * Reads {@code HOST} and {@code PORT} only.
   *
   * @param env the environment
   * @param defaultPort the port when {@code PORT} is not set
   * @return where to listen
   * @throws IllegalArgumentException naming the variable and value when one is bad
   */
  public static Listen listen(Map<String, String> env, int defaultPort) {
    String host = env.getOrDefault("HOST", "127.0.0.1").trim();
    try {
      java.net.InetAddress.getByName(host);
    } catch (java.net.UnknownHostException e) {
      throw bad("HOST", host, "expected an address to listen on, e.g. 127.0.0.1 or 0.0.0.0");
    }
    return new Listen(host, integer(env, "PORT", defaultPort, 0, 65535));
  }

  /** Names a signing secret is often given elsewhere, which the auth service does not read. */
  private static final Pattern NEAR_MISS_SECRET =
      Pattern.compile("(?i)(?=.*(JWT|AUTH|TOKEN|SIGNING))(?=.*(SECRET|KEY)).*");

  /**
   * Reads the auth service's signing secret, {@code AUTH_SECRET}. Outside development a missing one
   * stops start-up: an auth service with a random secret starts fine, and every token it issues is
   * then rejected by every other instance and after its next restart, which is how configuration
   * drift shows up as an outage far from its cause. The refusal names the variables that look like
   * a misspelt {@code AUTH_SECRET} ({@code JWT_SECRET_KEY}, {@code JWT_SECRET}, ...), never their
   * values.
   *
   * @param env the environment ({@code ENVIRONMENT}, {@code AUTH_SECRET})
   * @return the secret; empty in development when none is set (a random one is used)
   * @throws IllegalArgumentException outside development when {@code AUTH_SECRET} is missing
   */
  public static Optional<String> authSecret(Map<String, String> env) {
    String secret = env.get("AUTH_SECRET");
    if (secret != null && !secret.isBlank()) {
      return Optional.of(secret);
    }
    Environment environment = environment(env);
    if (environment == Environment.DEVELOPMENT) {
      return Optional.empty();
    }
    List<String> near = nearMissSecrets(env);
    throw new IllegalArgumentException(
        "Missing AUTH_SECRET (ENVIRONMENT="
            + environment.name().toLowerCase(Locale.ROOT)
            + "): outside development the auth service does not start with a random signing"
            + " secret, whose tokens every other instance would reject"
            + (near.isEmpty()
                ? ""
                : "; "
                    + String.join(", ", near)
                    + (near.size() == 1 ? " is" : " are")
                    + " set but not read: did you mean AUTH_SECRET?")
            + " Set AUTH_SECRET to the secret every auth service shares (at least 32 bytes)");
  }

  /**
   * The variables that look like a signing secret under another name than {@code AUTH_SECRET}, such
   * as {@code JWT_SECRET_KEY} or {@code JWT_SECRET}: names only, sorted.
   *
   * @param env the environment
   * @return their names
   */
  public static List<String> nearMissSecrets(Map<String, String> env) {
    return env.keySet().stream()
        .filter(name -> !name.equals("AUTH_SECRET") && NEAR_MISS_SECRET.matcher(name).matches())
        .filter(name -> env.get(name) != null && !env.get(name).isBlank())
        .sorted()
        .toList();
  }

  /** The dependencies that have a breaker each, in the order health reports them. */
  public static final List<String> DEPENDENCIES = List.of("database", "redis", "auth");

  /** The chat's WebSocket layer, which {@code CRITICAL_DEPENDENCIES} may name besides those. */
  public static final String WEBSOCKET = "websocket";

  /**
   * Where the sample runs; staging stretches Redis's timeout and gives breakers a longer grace in
   * OPEN; staging and production retry more, and their breakers count more calls before they judge,
   * so that one request's retries cannot open a breaker alone.
   */
  public enum Environment {
    /** A laptop or CI: 3 attempts, breakers count 5 calls of 10. */
    DEVELOPMENT(1.0, 3, 1.0, 10, 5),
    /**
     * Slow shared infrastructure: Redis's timeout times 1.5, 7 attempts, breakers count 8 calls of
     * 16 and wait twice as long in OPEN.
     */
    STAGING(1.5, 7, 2.0, 16, 8),
    /** The real thing: 7 attempts, breakers count 8 calls of 16. */
    PRODUCTION(1.0, 7, 1.0, 16, 8);

    private final double timeoutFactor;
    private final int defaultRetries;
    private final double breakerWaitFactor;
    private final int defaultWindowSize;
    private final int defaultMinimumCalls;

    Environment(
        double timeoutFactor,
        int defaultRetries,
        double breakerWaitFactor,
        int defaultWindowSize,
        int defaultMinimumCalls) {
      this.timeoutFactor = timeoutFactor;
      this.defaultRetries = defaultRetries;
      this.breakerWaitFactor = breakerWaitFactor;
      this.defaultWindowSize = defaultWindowSize;
      this.defaultMinimumCalls = defaultMinimumCalls;
    }

    /**
     * How many attempts a call gets here, unless {@code RETRY_ATTEMPTS} says.
     *
     * @return 3 in development, 7 in staging and production
     */
    public int defaultRetries() {
      return defaultRetries;
    }

    /**
     * How much longer breakers wait in OPEN here, unless {@code BREAKER_WAIT_FACTOR} says.
     *
     * @return the factor
     */
    public double breakerWaitFactor() {
      return breakerWaitFactor;
    }

    /**
     * How much longer timeouts are here.
     *
     * @return the factor
     */
    public double timeoutFactor() {
      return timeoutFactor;
    }
  }

  /**
   * One dependency's circuit breaker, from {@code BREAKER_*}, overridden per dependency by {@code
   * DATABASE_BREAKER_*}, {@code REDIS_BREAKER_*} or {@code AUTH_BREAKER_*}.
   *
   * @param failureRate {@code BREAKER_FAILURE_RATE}: percent of failed calls that opens it
   * @param windowSize {@code BREAKER_WINDOW_SIZE}: how many recent calls the rate is taken over
   * @param minimumCalls {@code BREAKER_MINIMUM_CALLS}: calls needed before the rate counts
   * @param waitInOpen {@code BREAKER_WAIT_IN_OPEN}: time in OPEN before HALF_OPEN, as configured
   * @param halfOpenCalls {@code BREAKER_HALF_OPEN_CALLS}: trial calls permitted in HALF_OPEN
   * @since 0.1.0
   */
  public record BreakerSettings(
      int failureRate, int windowSize, int minimumCalls, Duration waitInOpen, int halfOpenCalls) {

    /**
     * How many of the trial calls must succeed to close the breaker again: Resilience4j closes it
     * when the failure rate of the trial calls is below {@link #failureRate()}.
     *
     * @return the success threshold
     */
    public int successesToClose() {
      int failuresTolerated = (int) Math.ceil(failureRate * halfOpenCalls / 100.0) - 1;
      return halfOpenCalls - Math.max(0, failuresTolerated);
    }
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)");
  // from "://" to the last '@' of the whole value: a password may hold any character ('@', '/',
  // '#', '?', a space) when it is not percent-encoded; masking a host now and then is the price
  private static final Pattern USER_INFO = Pattern.compile("(?<=://).*@", Pattern.DOTALL);
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i)((?:password|pass|pwd|secret|token)=)[^&;#]*");

  /**
   * Reads the configuration.
   *
   * @param env the environment, e.g. {@code System.getenv()}
   * @return the configuration
   * @throws IllegalArgumentException naming the variable and value when one is bad
   */
  public static SampleConfig from(Map<String, String> env) {
    Environment environment = environment(env);
    int poolSize = integer(env, "DB_POOL_SIZE", 50, 1, 1000);
    Map<String, BreakerSettings> breakers = new LinkedHashMap<>();
    for (String dependency : DEPENDENCIES) {
      breakers.put(
          dependency, breaker(env, dependency.toUpperCase(Locale.ROOT) + "_", environment));
    }
    Listen listen = listen(env);
    int retryAttempts = integer(env, "RETRY_ATTEMPTS", environment.defaultRetries, 1, 100);
    Duration requestDeadline = duration(env, "REQUEST_DEADLINE", Duration.ofSeconds(2));
    Duration retryBackoff = retryBackoff(env, retryAttempts, requestDeadline);
    attemptsBelowBreakers(env, retryAttempts, breakers);
    return new SampleConfig(
        listen.host(),
        listen.port(),
        jdbcUrl(env),
        env.getOrDefault("DATABASE_USER", "postgres"),
        env.getOrDefault("DATABASE_PASSWORD", ""),
        redisUrl(env),
        url(env, "AUTH_URL", "http://127.0.0.1:" + AUTH_PORT, "http", "https"),
        environment,
        timeScale(env),
        poolSize,
        duration(env, "DB_CONNECT_TIMEOUT", Duration.ofSeconds(600)),
        duration(env, "DB_MAX_LIFETIME", Duration.ofSeconds(900)),
        duration(env, "REDIS_TIMEOUT", Duration.ofSeconds(2)),
        retryAttempts,
        retryBackoff,
        requestDeadline,
        duration(env, "AUTH_TOKEN_MEMORY", Duration.ofMinutes(10)),
        Map.copyOf(breakers),
        integer(env, "OUTBOX_CAPACITY", 10_000, 1, 10_000_000),
        outboxDir(env),
        factor(env, "BREAKER_WAIT_FACTOR", environment.breakerWaitFactor()),
        criticalDependencies(env),
        webhook(env, "ALERT_WEBHOOK_URL"),
        duration(env, "HEALTH_CHECK_INTERVAL", Duration.ofSeconds(10)),
        duration(env, "STATS_WINDOW", Duration.ofSeconds(60)),
        httpTimeouts(env),
        duration(env, "SHUTDOWN_GRACE", Duration.ofSeconds(10)),
        integer(env, "OUTBOX_MIN_FREE_MB", 64, 0, 1_000_000_000) * 1024L * 1024L,
        integer(env, "WS_MESSAGES_PER_MINUTE", 600, 1, 1_000_000),
        poolMinIdle(env, poolSize));
  }

  /** The longest first wait between attempts that {@code RETRY_BACKOFF} defaults to. */
  public static final Duration MAX_DEFAULT_RETRY_BACKOFF = Duration.ofMillis(200);

  /**
   * The jitter of the waits between attempts: each is drawn from its nominal value times 1 plus or
   * minus this.
   */
  public static final double RETRY_JITTER = 0.5;

  /**
   * How long the waits between {@code attempts} attempts may add up to, jitter included, when the
   * first is {@code firstBackoff} and each next one twice the last.
   *
   * @param attempts the attempts of one call
   * @param firstBackoff the first wait
   * @return the sum of the longest waits
   */
  public static Duration worstRetryWaits(int attempts, Duration firstBackoff) {
    double nominal = firstBackoff.toNanos() * (Math.pow(2, attempts - 1) - 1);
    return Duration.ofNanos(Math.round(nominal * (1 + RETRY_JITTER)));
  }

  /**
   * {@code RETRY_BACKOFF}: as configured, if every attempt's wait fits in half the request's
   * deadline (the other half is for the attempts themselves and the answer); by default the longest
   * first wait that fits, at most {@link #MAX_DEFAULT_RETRY_BACKOFF}.
   */
  private static Duration retryBackoff(Map<String, String> env, int attempts, Duration deadline) {
    Duration room = deadline.dividedBy(2);
    String value = env.get("RETRY_BACKOFF");
    if (value == null || value.isBlank()) {
      double factor = (1 + RETRY_JITTER) * (Math.pow(2, attempts - 1) - 1);
      long fitting =
          factor == 0
              ? MAX_DEFAULT_RETRY_BACKOFF.toMillis()
              : (long) Math.floor(room.toMillis() / factor);
      if (fitting < 1) {
        throw bad(
            "RETRY_ATTEMPTS",
            Integer.toString(attempts),
            "with REQUEST_DEADLINE="
                + deadline.toMillis()
                + "ms even 1 ms of backoff doubling between "
                + attempts
                + " attempts waits longer than half the deadline: expected fewer attempts or a"
                + " longer REQUEST_DEADLINE");
      }
      return Duration.ofMillis(Math.min(fitting, MAX_DEFAULT_RETRY_BACKOFF.toMillis()));
    }
    Duration backoff = duration(env, "RETRY_BACKOFF", MAX_DEFAULT_RETRY_BACKOFF);
    Duration worst = worstRetryWaits(attempts, backoff);
    if (worst.compareTo(room) > 0) {
      throw bad(
          "RETRY_BACKOFF",
          value,
          "RETRY_ATTEMPTS="
              + attempts
              + " attempts would wait up to "
              + worst.toMillis()
              + " ms between them (jitter included), more than half of REQUEST_DEADLINE="
              + deadline.toMillis()
              + "ms, so the promised retries could not happen within a request: expected a"
              + " shorter RETRY_BACKOFF, fewer RETRY_ATTEMPTS or a longer REQUEST_DEADLINE");
    }
    return backoff;
  }

  /**
   * One request's failing attempts must not open a breaker by themselves: then the retries it
   * promises would end at the breaker, never exhausted.
   */
  private static void attemptsBelowBreakers(
      Map<String, String> env, int attempts, Map<String, BreakerSettings> breakers) {
    for (String dependency : DEPENDENCIES) {
      int minimumCalls = breakers.get(dependency).minimumCalls();
      if (attempts >= minimumCalls) {
        String prefix = dependency.toUpperCase(Locale.ROOT) + "_";
        throw bad(
            "RETRY_ATTEMPTS",
            Integer.toString(attempts),
            "one request's "
                + attempts
                + " failing attempts would open the "
                + dependency
                + " breaker by themselves ("
                + name(env, prefix, "BREAKER_MINIMUM_CALLS")
                + "="
                + minimumCalls
                + "), so its retries could never be used up: expected fewer than "
                + minimumCalls
                + " attempts or a larger BREAKER_MINIMUM_CALLS");
      }
    }
  }

  /**
   * The database connect timeout as used: {@code DB_CONNECT_TIMEOUT} times the time scale, in every
   * environment. Its 600 s default is already the allowance for slow infrastructure (Cloud Run's
   * connector delays), so staging's factor of 1.5 does not stretch it to 900 s.
   *
   * @return the effective connect timeout
   */
  public Duration effectiveConnectTimeout() {
    return scaled(dbConnectTimeout);
  }

  /**
   * A timeout towards a dependency as used: configured, times the environment's factor (1.5 in
   * staging), times the time scale. Applies to timeouts sized for a quick network (Redis's); {@link
   * #effectiveConnectTimeout()} is not one of them.
   *
   * @param configured the production value
   * @return the effective value, at least one millisecond
   */
  public Duration timeout(Duration configured) {
    return times(configured, environment.timeoutFactor() * timeScale);
  }

  /**
   * Any other resilience timing as used (breaker waits, backoff, the user-facing deadline, how long
   * tokens are remembered): configured, times the time scale.
   *
   * @param configured the production value
   * @return the effective value, at least one millisecond
   */
  public Duration scaled(Duration configured) {
    return times(configured, timeScale);
  }

  /**
   * The least user-facing deadline that scaling leaves: a request that checks a token and then
   * reads or writes makes two loopback calls at least, which a loaded machine cannot promise in
   * less, however small the time scale. A deadline configured below it is kept as configured.
   */
  public static final Duration MIN_SCALED_DEADLINE = Duration.ofMillis(200);

  /** The least Redis timeout that scaling leaves, for the same reason: one round trip, and GC. */
  public static final Duration MIN_SCALED_REDIS_TIMEOUT = Duration.ofMillis(100);

  /**
   * The user-facing deadline as used: {@code REQUEST_DEADLINE} scaled, but not below {@link
   * #MIN_SCALED_DEADLINE} (or the configured value, if that is smaller).
   *
   * @return the effective deadline
   */
  public Duration effectiveDeadline() {
    return floored(scaled(requestDeadline), requestDeadline, MIN_SCALED_DEADLINE);
  }

  /**
   * The Redis connect and command timeout as used: {@code REDIS_TIMEOUT} with the environment's
   * factor and scaled, but not below {@link #MIN_SCALED_REDIS_TIMEOUT} (or the configured value).
   *
   * @return the effective timeout
   */
  public Duration effectiveRedisTimeout() {
    return floored(timeout(redisTimeout), redisTimeout, MIN_SCALED_REDIS_TIMEOUT);
  }

  /** The least background check interval that scaling leaves: checks stay cheap. */
  public static final Duration MIN_HEALTH_CHECK_INTERVAL = Duration.ofMillis(250);

  /**
   * A breaker's wait in OPEN as used: {@code BREAKER_WAIT_IN_OPEN} scaled, times {@code
   * BREAKER_WAIT_FACTOR} (2 in staging: longer grace periods on slow shared infrastructure).
   *
   * @param dependency {@code database}, {@code redis} or {@code auth}
   * @return the effective wait
   */
  public Duration breakerWait(String dependency) {
    return times(breaker(dependency).waitInOpen(), timeScale * breakerWaitFactor);
  }

  /**
   * How often an idle dependency is checked, as used: scaled, at least {@link
   * #MIN_HEALTH_CHECK_INTERVAL}.
   *
   * @return the effective interval
   */
  public Duration effectiveHealthCheckInterval() {
    Duration scaled = scaled(healthCheckInterval);
    return scaled.compareTo(MIN_HEALTH_CHECK_INTERVAL) < 0 ? MIN_HEALTH_CHECK_INTERVAL : scaled;
  }

  private static Duration floored(Duration scaled, Duration configured, Duration floor) {
    Duration least = configured.compareTo(floor) < 0 ? configured : floor;
    return scaled.compareTo(least) < 0 ? least : scaled;
  }

  /**
   * The breaker settings of a dependency.
   *
   * @param dependency {@code database}, {@code redis} or {@code auth}
   * @return its settings
   */
  public BreakerSettings breaker(String dependency) {
    BreakerSettings settings = breakers.get(dependency);
    if (settings == null) {
      throw new IllegalArgumentException("No breaker for dependency [" + dependency + "]");
    }
    return settings;
  }

  private static Duration times(Duration configured, double factor) {
    return Duration.ofNanos(Math.max(1_000_000L, Math.round(configured.toNanos() * factor)));
  }

  /** Passwords, user-info and secret URL parameters never appear in logs or errors. */
  @Override
  public String toString() {
    return "SampleConfig[port="
        + port
        + ", database="
        + mask(databaseUrl)
        + " as "
        + databaseUser
        + ", redis="
        + mask(redisUrl)
        + ", auth="
        + mask(authUrl)
        + ", environment="
        + environment.name().toLowerCase(Locale.ROOT)
        + ", timeScale="
        + timeScale
        + ", outbox="
        + outboxDir
        + ", critical="
        + criticalDependencies
        + alertWebhook.map(url -> ", alerts=" + maskWebhook(url)).orElse("")
        + "]";
  }

  /**
   * A URL fit to print: user-info and {@code password=}-like parameters replaced by {@code ****}.
   *
   * @param url any URL
   * @return the masked URL
   */
  public static String mask(String url) {
    String masked = USER_INFO.matcher(url).replaceAll("****@");
    return SECRET_PARAMETER.matcher(masked).replaceAll("$1****");
  }

  /**
   * A webhook URL fit to print: its origin only. A webhook's secret may be anywhere after the host
   * (Slack and Discord put it in the path, others in a query parameter of any name), so user-info
   * becomes {@code ****@} and whatever follows the host {@code /****}; a value that cannot be
   * parsed is not shown at all.
   *
   * @param url the configured URL
   * @return e.g. {@code https://hooks.example.com/****}
   */
  public static String maskWebhook(String url) {
    try {
      URI uri = new URI(url.trim());
      if (uri.getScheme() != null && uri.getHost() != null) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        boolean more =
            !(path.isEmpty() || path.equals("/"))
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null;
        return uri.getScheme()
            + "://"
            + (uri.getRawUserInfo() != null ? "****@" : "")
            + uri.getHost()
            + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
            + (more ? "/****" : path);
      }
    } catch (java.net.URISyntaxException e) {
      // shown as nothing below: a secret may be anywhere in it
    }
    return "****";
  }

  /** A library's message about a URL, with the URL's secrets masked wherever they appear. */
  private static String withoutSecrets(Exception e, String url) {
    String message = mask(String.valueOf(e.getMessage()));
    Matcher userInfo = USER_INFO.matcher(url);
    if (userInfo.find()) {
      String secret = userInfo.group();
      secret = secret.substring(0, secret.length() - 1);
      for (String part : secret.split(":")) {
        if (part.length() >= 3) {
          message = message.replace(part, "****");
        }
      }
    }
    return message;
  }

  private static BreakerSettings breaker(
      Map<String, String> env, String prefix, Environment environment) {
    int windowSize =
        integer(env, prefix, "BREAKER_WINDOW_SIZE", environment.defaultWindowSize, 1, 10_000);
    int minimumCalls =
        integer(env, prefix, "BREAKER_MINIMUM_CALLS", environment.defaultMinimumCalls, 1, 10_000);
    if (minimumCalls > windowSize) {
      String name = name(env, prefix, "BREAKER_MINIMUM_CALLS");
      throw bad(
          name,
          Integer.toString(minimumCalls),
          "expected at most the breaker's window size " + windowSize);
    }
    return new BreakerSettings(
        integer(env, prefix, "BREAKER_FAILURE_RATE", 50, 1, 100),
        windowSize,
        minimumCalls,
        duration(env, name(env, prefix, "BREAKER_WAIT_IN_OPEN"), Duration.ofSeconds(30)),
        integer(env, prefix, "BREAKER_HALF_OPEN_CALLS", 3, 1, 1000));
  }

  /** The per-dependency variable when it is set, else the shared one. */
  private static String name(Map<String, String> env, String prefix, String name) {
    String specific = prefix + name;
    return env.get(specific) != null && !env.get(specific).isBlank() ? specific : name;
  }

  private static int integer(
      Map<String, String> env, String prefix, String name, int fallback, int min, int max) {
    return integer(env, name(env, prefix, name), fallback, min, max);
  }

  private static Environment environment(Map<String, String> env) {
    String value = env.getOrDefault("ENVIRONMENT", "development").trim();
    try {
      return Environment.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad("ENVIRONMENT", value, "expected development, staging or production");
    }
  }

  private static String jdbcUrl(Map<String, String> env) {
    String value =
        Optional.ofNullable(env.get("DATABASE_URL"))
            .map(String::trim)
            .orElse("jdbc:postgresql://127.0.0.1:5432/test");
    if (!value.startsWith("jdbc:postgresql://")
        || value.length() == "jdbc:postgresql://".length()) {
      throw bad(
          "DATABASE_URL",
          mask(value),
          "expected a PostgreSQL JDBC URL, jdbc:postgresql://host:port/database");
    }
    return value;
  }

  private static String url(
      Map<String, String> env, String name, String fallback, String... schemes) {
    String value = env.getOrDefault(name, fallback).trim();
    try {
      URI uri = new URI(value);
      for (String scheme : schemes) {
        if (scheme.equals(uri.getScheme()) && uri.getHost() != null) {
          return value;
        }
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw bad(
        name,
        mask(value),
        "expected a URL with scheme " + String.join(" or ", schemes) + " and a host");
  }

  /** A Redis URL that Lettuce accepts as it is: scheme, host and database number checked here. */
  private static String redisUrl(Map<String, String> env) {
    String value = url(env, "REDIS_URL", "redis://127.0.0.1:6379", "redis", "rediss");
    try {
      io.lettuce.core.RedisURI.create(value);
    } catch (RuntimeException e) {
      throw bad("REDIS_URL", mask(value), "Lettuce cannot read it: " + withoutSecrets(e, value));
    }
    return value;
  }

  private static double factor(Map<String, String> env, String name, double fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      double factor = Double.parseDouble(value.trim());
      if (factor >= 0.1 && factor <= 100) {
        return factor;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(name, value, "expected a factor from 0.1 to 100, e.g. 2");
  }

  private static int poolMinIdle(Map<String, String> env, int poolSize) {
    int minIdle = integer(env, "DB_POOL_MIN_IDLE", Math.min(2, poolSize), 0, 1000);
    if (minIdle > poolSize) {
      throw new IllegalArgumentException(
          "Invalid DB_POOL_MIN_IDLE=["
              + minIdle
              + "]: more than DB_POOL_SIZE=["
              + poolSize
              + "]; at most the pool size (equal for a fixed pool)");
    }
    return minIdle;
  }

  private static List<String> criticalDependencies(Map<String, String> env) {
    String value = env.getOrDefault("CRITICAL_DEPENDENCIES", "database,auth,websocket").trim();
    if (value.equalsIgnoreCase("none")) {
      return List.of();
    }
    List<String> critical = new java.util.ArrayList<>();
    for (String part : value.split(",")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (!DEPENDENCIES.contains(name) && !name.equals(WEBSOCKET)) {
        throw bad(
            "CRITICAL_DEPENDENCIES",
            value,
            "expected a comma-separated list of database, redis, auth and websocket, or none");
      }
      if (!critical.contains(name)) {
        critical.add(name);
      }
    }
    return List.copyOf(critical);
  }

  private static Optional<String> webhook(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(value.trim());
      if ((uri.getScheme() != null && uri.getScheme().matches("https?")) && uri.getHost() != null) {
        return Optional.of(value.trim());
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw bad(name, maskWebhook(value), "expected a URL with scheme http or https and a host");
  }

  private static java.nio.file.Path outboxDir(Map<String, String> env) {
    String value = env.getOrDefault("OUTBOX_DIR", "outbox").trim();
    try {
      if (!value.isEmpty()) {
        return java.nio.file.Path.of(value);
      }
    } catch (java.nio.file.InvalidPathException e) {
      // reported below
    }
    throw bad("OUTBOX_DIR", value, "expected a directory path, e.g. /var/lib/chat/outbox");
  }

  private static double timeScale(Map<String, String> env) {
    String value = env.getOrDefault("TIME_SCALE", "1").trim();
    try {
      double scale = Double.parseDouble(value);
      if (scale > 0 && !Double.isInfinite(scale)) {
        return scale;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad("TIME_SCALE", value, "expected a number greater than 0, e.g. 0.01");
  }

  private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value.trim());
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(name, value, "expected a whole number from " + min + " to " + max);
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    Matcher matcher = DURATION.matcher(value.trim());
    if (!matcher.matches()) {
      throw bad(name, value, "expected a duration such as 500ms, 30s or 10m");
    }
    double amount = Double.parseDouble(matcher.group(1));
    double millis =
        amount * (matcher.group(2).equals("ms") ? 1 : matcher.group(2).equals("s") ? 1000 : 60_000);
    if (millis < 1) {
      throw bad(name, value, "expected a duration of at least 1ms");
    }
    return Duration.ofMillis(Math.round(millis));
  }

  private static IllegalArgumentException bad(String name, String value, String expected) {
    return new IllegalArgumentException("Invalid " + name + "=[" + value + "]: " + expected);
  }
}
