package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.infraaware.chaos.Check;
import io.infraaware.chaos.Outcome;
import io.infraaware.chaos.Scenario;
import io.infraaware.chaos.ScenarioContext;
import io.infraaware.chaos.Timeline;
import io.infraaware.chaos.breaker.CircuitBreakerView;
import io.infraaware.junit.Service;
import io.infraaware.junit.TestProxies;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.time.Calibration;
import io.infraaware.time.Noise;
import io.infraaware.time.TimeBudget;
import io.infraaware.time.TimeScale;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The sample system as the end-to-end scenarios drive it: the auth service and the backend
 * in-process, with PostgreSQL, Redis and the auth service each behind a proxy on the run's
 * Toxiproxy, every timing scaled by {@code infra.time-scale}; requests recorded in the scenario's
 * timeline and held to the user-facing deadline.
 *
 * <p>A test asks for it as a parameter; {@link Resolver} starts it through the infrastructure
 * extension's own parameters and closes it after the test:
 *
 * <pre>{@code
 * @InfrastructureAware
 * @RequiresService({"postgres", "redis"})
 * @ExtendWith(E2eStack.Resolver.class)
 * class ChatResilienceScenarioIT {
 *   @Test
 *   void databaseOutage(E2eStack system) { system.run(system.scenario("e2e: database outage")...); }
 * }
 * }</pre>
 */
final class E2eStack implements AutoCloseable {

  /** The user-facing deadline as configured: 0.5 s at the suite's time scale of 0.02. */
  static final Duration CONFIGURED_DEADLINE = Duration.ofSeconds(25);

  /**
   * What answering may take once the server's deadline has fired: the degraded answer, its JSON and
   * the HTTP round trip (up to 31 ms measured on a quiet machine). A busy machine's delay on top is
   * not guessed here: the scenario measures it ({@link ScenarioContext#assertWithin}).
   */
  static final Duration ANSWER_MARGIN = Duration.ofMillis(100);

  /**
   * The breakers' wait in OPEN as configured: 2 s at the suite's scale. The sample's default of 30
   * s would be 0.6 s, hardly more than one deadline: a breaker could move to HALF_OPEN before a
   * check had the chance to see it OPEN.
   */
  static final Duration CONFIGURED_WAIT_IN_OPEN = Duration.ofSeconds(100);

  /**
   * Runs a scenario class's scenarios with the settings of another environment than development
   * (the default, or {@code -Dsample.environment=staging} for a whole run): the same scenarios,
   * judged against that environment's promises. Inherited, so a subclass of a scenario class runs
   * its scenarios again with it.
   */
  @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @java.lang.annotation.Inherited
  @interface InEnvironment {
    /** The sample's {@code ENVIRONMENT}. */
    SampleConfig.Environment value();
  }

  /** The system property that picks the environment of a whole run: {@value}. */
  static final String ENVIRONMENT_PROPERTY = "sample.environment";

  final TimeScale scale;
  final SampleConfig.Environment environment;
  private final SampleConfig settings;
  final SampleStack stack;
  final ServiceProxy postgres;
  final ServiceProxy redis;
  final ServiceProxy auth;
  final String room = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
  final String token;

  private E2eStack(
      TimeScale scale,
      SampleConfig settings,
      SampleStack stack,
      ServiceProxy postgres,
      ServiceProxy redis,
      ServiceProxy auth) {
    this.scale = scale;
    this.settings = settings;
    this.environment = settings.environment();
    this.stack = stack;
    this.postgres = postgres;
    this.redis = redis;
    this.auth = auth;
    this.token = stack.token("alice");
  }

  /** Resolves an {@link E2eStack} parameter: started for the test, closed after it. */
  static final class Resolver implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
        ExtensionContext.Namespace.create(E2eStack.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == E2eStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      Method start;
      try {
        start =
            E2eStack.class.getDeclaredMethod(
                "parts",
                ServiceProxy.class,
                ServiceProxy.class,
                TestProxies.class,
                TimeScale.class);
      } catch (NoSuchMethodException e) {
        throw new ParameterResolutionException("E2eStack.start is missing", e);
      }
      // the proxies and the time scale come from the infrastructure extension, as for any test
      Object[] parts = (Object[]) context.getExecutableInvoker().invoke(start, null);
      E2eStack stack =
          start(
              (ServiceProxy) parts[0],
              (ServiceProxy) parts[1],
              (TestProxies) parts[2],
              (TimeScale) parts[3],
              environment(context));
      context.getStore(NAMESPACE).put(stack, stack); // closed with the test's store
      return stack;
    }
  }

  /** What the infrastructure extension resolves for the stack. */
  static Object[] parts(
      @Service("postgres") ServiceProxy postgres,
      @Service("redis") ServiceProxy redis,
      TestProxies proxies,
      TimeScale scale) {
    return new Object[] {postgres, redis, proxies, scale};
  }

  /**
   * The test class's {@link InEnvironment}, else {@value #ENVIRONMENT_PROPERTY}, else development.
   */
  static SampleConfig.Environment environment(ExtensionContext context) {
    // @Inherited: getAnnotation finds it on a superclass too
    return java.util.Optional.ofNullable(
            context.getRequiredTestClass().getAnnotation(InEnvironment.class))
        .map(InEnvironment::value)
        .orElseGet(
            () -> {
              String value = System.getProperty(ENVIRONMENT_PROPERTY, "development").trim();
              try {
                return SampleConfig.Environment.valueOf(value.toUpperCase(java.util.Locale.ROOT));
              } catch (IllegalArgumentException e) {
                throw new ParameterResolutionException(
                    "Invalid "
                        + ENVIRONMENT_PROPERTY
                        + "=["
                        + value
                        + "]: expected development, staging or production");
              }
            });
  }

  /** Starts the stack with its database, Redis and auth service behind proxies. */
  static E2eStack start(
      ServiceProxy postgres,
      ServiceProxy redis,
      TestProxies proxies,
      TimeScale scale,
      SampleConfig.Environment environment) {
    Map<String, String> env = new HashMap<>();
    env.put("ENVIRONMENT", environment.name().toLowerCase(java.util.Locale.ROOT));
    env.put("TIME_SCALE", Double.toString(scale.factor()));
    env.put("REQUEST_DEADLINE", CONFIGURED_DEADLINE.toSeconds() + "s");
    // Redis's 2 s command timeout would be 40 ms at the suite's scale: below a loaded machine's
    // noise, so a healthy Redis would look down. 10 s keeps it 5x under the deadline.
    env.put("REDIS_TIMEOUT", "10s");
    env.put("DB_POOL_SIZE", "8");
    env.put("BREAKER_WAIT_IN_OPEN", CONFIGURED_WAIT_IN_OPEN.toSeconds() + "s");
    SampleStack stack =
        SampleStack.start(
            postgres.endpoint(),
            redis.endpoint(),
            env,
            authUrl -> proxies.proxy("auth", authUrl).endpoint().url());
    try {
      // the class's proxy for that endpoint: the one the backend was given
      ServiceProxy auth = proxies.proxy("auth", stack.auth.uri().toString());
      E2eStack system = new E2eStack(scale, SampleConfig.from(env), stack, postgres, redis, auth);
      system.awaitReady();
      return system;
    } catch (RuntimeException | Error e) {
      stack.close();
      throw e;
    }
  }

  /**
   * Waits until alice's token has been validated and a read comes from the database: a scenario
   * starts from a warm, steady system. On a busy machine the very first request (validating the
   * token with the auth service, opening pool connections) can outlast the deadline and be answered
   * 503 or from the cache; that is the sample warming up, not a steady state.
   */
  private void awaitReady() {
    await("the stack answers alice from the database")
        .atMost(recovery())
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              Response read = stack.api(token).get("/api/rooms/" + room + "/messages");
              return read.statusCode() == 200 && !read.jsonPath().getBoolean("degraded");
            });
  }

  /** The user-facing deadline in this run. */
  Duration deadline() {
    return scale.scale(CONFIGURED_DEADLINE);
  }

  /**
   * The breakers' wait in OPEN in this environment (twice as long in staging), as a budget: bounds
   * for waiting out OPEN and HALF_OPEN.
   */
  TimeBudget waitInOpen() {
    return scale.budget(
        Duration.ofMillis(
            Math.round(CONFIGURED_WAIT_IN_OPEN.toMillis() * settings.breakerWaitFactor())));
  }

  /**
   * How many calls the database breaker needs before its failure rate counts in this environment: 5
   * in development, 8 in staging.
   */
  int minimumCalls() {
    return settings.breaker(Breakers.DATABASE).minimumCalls();
  }

  /**
   * How long a recovery may take: the breaker's wait in OPEN, its trial calls and the outbox's
   * rounds, with room for a loaded machine, never less than 10 s.
   */
  Duration recovery() {
    Duration derived = waitInOpen().awaitAtMost().multipliedBy(4).plusSeconds(5);
    return derived.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : derived;
  }

  /** A scenario for this stack: its breakers and health sampled, its recovery bounded. */
  Scenario scenario(String name) {
    String named =
        environment == SampleConfig.Environment.DEVELOPMENT
            ? name
            : name + " [" + environment.name().toLowerCase(java.util.Locale.ROOT) + "]";
    return Scenario.named(named)
        .steadyStateReturnsWithin(recovery())
        .recoverWithin(recovery())
        .observe(Duration.ofMillis(50), this::sample);
  }

  /**
   * Runs a scenario, failing it if it outlives four recoveries; its faults are removed before this
   * returns either way.
   */
  Timeline run(Scenario.Ready scenario) {
    return run(scenario, recovery().multipliedBy(4));
  }

  /**
   * Runs a scenario, failing it if it outlives {@code bound}; its faults are removed either way.
   */
  Timeline run(Scenario.Ready scenario, Duration bound) {
    return scenario.runWithin(bound);
  }

  private void sample(ScenarioContext ctx) {
    // one read for the three breakers: the observer polls every 50 ms
    var breakers = stack.api().get("/health/circuit-breakers").jsonPath();
    for (String name : List.of(Breakers.DATABASE, Breakers.REDIS, Breakers.AUTH)) {
      ctx.timeline().breaker(name, breakers.getString(name + ".state"));
    }
    ctx.timeline().health(health());
  }

  /** A breaker as the backend's {@code /health/circuit-breakers} reports it, for assertions. */
  CircuitBreakerView breaker(String name) {
    // snippet:start breaker-view
    return CircuitBreakerView.http(
            name, URI.create(stack.backendUri() + "/health/circuit-breakers"))
        .state("/" + name + "/state")
        .transitions("/" + name + "/transitions", "from", "to")
        .rejectedCalls("/" + name + "/notPermittedCalls");
    // snippet:end breaker-view
  }

  /** A breaker's counters, as {@code /health/circuit-breakers} reports them. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record BreakerCounts(String state, int failedCalls, int notPermittedCalls) {}

  /** The database pool, as {@code /health/infrastructure} reports it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Pool(int size, int active, int idle, int waiting) {
    /** Whether requests hold or wait for connections. */
    boolean underPressure() {
      return active + waiting > 0;
    }
  }

  /** The backend's degradation state, as {@code /health/resilience} reports it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Resilience(String mode, int outboxSize, int bufferedWebSocketMessages) {}

  BreakerCounts breakerCounts(String name) {
    return stack
        .api()
        .get("/health/circuit-breakers")
        .jsonPath()
        .getObject(name, BreakerCounts.class);
  }

  Pool pool() {
    return stack
        .api()
        .get("/health/infrastructure")
        .jsonPath()
        .getObject("database.pool", Pool.class);
  }

  Resilience resilience() {
    return stack.api().get("/health/resilience").as(Resilience.class);
  }

  int outboxSize() {
    return resilience().outboxSize();
  }

  String health() {
    return stack.api().get("/health").jsonPath().getString("status");
  }

  /** How many tokens the backend remembers for when the auth service is down. */
  int rememberedTokens() {
    return stack.api().get("/health/authentication").jsonPath().getInt("rememberedTokens");
  }

  /** A check over this stack that may throw. */
  @FunctionalInterface
  interface Work {
    Response call() throws Exception;
  }

  /** Posts a message as alice, recorded and held to the deadline. */
  Response post(ScenarioContext ctx, String text) throws Exception {
    return timed(
        ctx,
        "POST message",
        () ->
            stack
                .api(token)
                .contentType(ContentType.JSON)
                .body(Map.of("text", text))
                .post("/api/rooms/" + room + "/messages"));
  }

  /**
   * Reads the room as alice, neither recorded nor judged: a call that lets a breaker leave OPEN
   * while an assertion waits for it ({@code whileCalling}, which records it).
   */
  void readsOnce() {
    stack.api(token).get("/api/rooms/" + room + "/messages");
  }

  /** Reads the room as alice, recorded and held to the deadline. */
  Response read(ScenarioContext ctx) throws Exception {
    return readAs(ctx, token, "GET messages");
  }

  /** Reads the room with another token, recorded under {@code name} and held to the deadline. */
  Response readAs(ScenarioContext ctx, String bearer, String name) throws Exception {
    return timed(ctx, name, () -> stack.api(bearer).get("/api/rooms/" + room + "/messages"));
  }

  /**
   * The texts of the room as the database has them, read through the backend: a read answered from
   * the cache (the database did not answer within the deadline, as on a busy machine just after an
   * outage) is retried until the database answers, within a recovery.
   */
  List<String> storedTexts() {
    return await("a read from the database, not the cache")
        .atMost(recovery())
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> stack.api(token).get("/api/rooms/" + room + "/messages"),
            response -> response.statusCode() == 200 && !response.jsonPath().getBoolean("degraded"))
        .jsonPath()
        .getList("messages.text", String.class);
  }

  /**
   * Makes a request, records it in the timeline and checks it came within the deadline, allowing
   * the noise the scenario measured on this machine meanwhile.
   */
  Response timed(ScenarioContext ctx, String name, Work work) throws Exception {
    // snippet:start judging
    // the request's own window: the kernel's figures are read as it starts and as it ends
    Calibration.Window window = ctx.calibration().window();
    Response response = work.call();
    Duration took = window.elapsed();
    Noise noise = window.noise();
    boolean degraded = Boolean.TRUE.equals(response.jsonPath().get("degraded"));
    Outcome outcome =
        response.statusCode() >= 500 ? Outcome.ERROR : degraded ? Outcome.DEGRADED : Outcome.OK;
    ctx.timeline().request(name, outcome, took, Integer.toString(response.statusCode()));
    // the promise: the deadline and the time to answer after it; plus the noise the window lived
    ctx.assertWithin(name, took, deadline().plus(ANSWER_MARGIN), noise);
    // snippet:end judging
    return response;
  }

  /** A steady-state check: a message round-trips and is read back, not degraded. */
  Check messagesRoundTrip(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return ctx -> {
      String text = prefix + "-" + count.getAndIncrement();
      assertThat(post(ctx, text).statusCode()).isEqualTo(201);
      Response read = read(ctx);
      assertThat(read.jsonPath().getBoolean("degraded")).isFalse();
      assertThat(read.jsonPath().getList("messages.text", String.class)).contains(text);
    };
  }

  @Override
  public void close() {
    stack.close();
  }
}
