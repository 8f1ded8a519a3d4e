package io.infraaware.chaos;

import io.infraaware.chaos.breaker.BreakerState;
import io.infraaware.chaos.breaker.CircuitBreakerAssert;
import io.infraaware.chaos.breaker.CircuitBreakerView;
import io.infraaware.time.Calibration;
import io.infraaware.time.MachineOverloadedError;
import io.infraaware.time.Noise;
import io.infraaware.time.TimeBudget;
import io.infraaware.time.TimingError;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.apiguardian.api.API;

/**
 * What a running scenario hands its checks and injections: the timeline to record into, the seed
 * that makes a run replayable and randomness drawn from it, a typed store for what injections learn
 * before the fault (a traffic baseline) for this run, and the run's calibration, against which
 * promises about time are judged.
 *
 * <pre>{@code
 * long start = System.nanoTime();
 * Response response = get("/messages");
 * ctx.assertWithin("GET /messages", Duration.ofNanos(System.nanoTime() - start), deadline);
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class ScenarioContext {

  /**
   * A typed key into {@link ScenarioContext}'s store: whoever keeps something makes the key, so
   * nobody else can read or overwrite it by accident.
   *
   * @param <T> the type of what is kept
   * @since 0.2.0
   */
  @API(status = API.Status.STABLE, since = "0.2.0")
  public static final class Key<T> {
    private final String name;
    private final Class<T> type;

    private Key(String name, Class<T> type) {
      this.name = Objects.requireNonNull(name, "name");
      this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * A new key; two keys are never equal, whatever their names.
     *
     * @param name what it holds, for messages
     * @param type the type of what it holds
     * @param <T> that type
     * @return the key
     */
    public static <T> Key<T> of(String name, Class<T> type) {
      return new Key<>(name, type);
    }

    @Override
    public String toString() {
      return "Key[" + name + ": " + type.getSimpleName() + "]";
    }
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String name;
  private final Timeline timeline;
  private final long seed;
  private final Calibration calibration;
  private final Map<Key<?>, Object> store = new ConcurrentHashMap<>();

  ScenarioContext(String name, Timeline timeline, long seed, Calibration calibration) {
    this.name = name;
    this.timeline = timeline;
    this.seed = seed;
    this.calibration = calibration;
  }

  /**
   * The scenario's name.
   *
   * @return what it verifies
   */
  public String name() {
    return name;
  }

  /**
   * The timeline of this run.
   *
   * @return it
   */
  public Timeline timeline() {
    return timeline;
  }

  /**
   * The seed of this run; the same seed replays the same schedule.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * Randomness for one purpose, drawn from the run's seed: the same seed and purpose give the same
   * numbers whatever else draws, and in whatever order.
   *
   * @param purpose what it is for, e.g. {@code jitter of proxy [redis]}
   * @return a generator of its own
   */
  public RandomGenerator random(String purpose) {
    return new SplittableRandom(seed ^ (31L * purpose.hashCode() + 0x9E3779B97F4A7C15L));
  }

  /**
   * Keeps something for the rest of this run.
   *
   * @param key the key
   * @param value what to keep
   * @param <T> its type
   */
  public <T> void put(Key<T> key, T value) {
    store.put(key, key.type.cast(Objects.requireNonNull(value, "value")));
  }

  /**
   * What was kept under a key.
   *
   * @param key the key
   * @param <T> its type
   * @return the value, or empty
   */
  public <T> Optional<T> get(Key<T> key) {
    return Optional.ofNullable(store.get(key)).map(key.type::cast);
  }

  /**
   * The run's calibration: the machine's noise, measured while the scenario runs.
   *
   * @return it
   */
  public Calibration calibration() {
    return calibration;
  }

  /**
   * Counts a child process's threads in the noise of every window judged from now on: for a system
   * under test that runs as a process the scenario started. Call it again after a restart.
   *
   * <pre>{@code
   * ctx.watch(backend);
   * }</pre>
   *
   * @param child the running child process
   * @return this context
   * @since 0.2.0
   */
  public ScenarioContext watch(ChildProcess child) {
    if (child.isRunning()) {
      calibration.watch(child.pid());
    }
    return this;
  }

  /** A call the scenario times, which may throw. */
  @FunctionalInterface
  public interface TimedCall<T> {
    /**
     * Makes the call.
     *
     * @return its result
     * @throws Exception whatever the call throws
     */
    T call() throws Exception;
  }

  /**
   * Makes a call, times it and records it in the timeline as a request with the outcome {@code
   * classify} gives its result; a call that throws is recorded as an error (with what it threw) and
   * the exception passes on.
   *
   * <pre>{@code
   * Response response = ctx.timed("GET /orders", () -> api.get("/orders"),
   *     r -> r.statusCode() >= 500 ? Outcome.ERROR : r.jsonPath().getBoolean("degraded") ? Outcome.DEGRADED : Outcome.OK);
   * }</pre>
   *
   * @param name what was requested, e.g. {@code GET /orders}
   * @param call the call
   * @param classify the outcome of a result: {@link Outcome#OK}, {@link Outcome#DEGRADED} or {@link
   *     Outcome#ERROR}
   * @param <T> the result's type
   * @return the result
   * @throws Exception what the call threw
   * @since 0.2.0
   */
  public <T> T timed(String name, TimedCall<T> call, Function<? super T, Outcome> classify)
      throws Exception {
    long start = System.nanoTime();
    T result;
    try {
      result = call.call();
    } catch (Exception | AssertionError e) {
      timeline.request(
          name,
          Outcome.ERROR,
          Duration.ofNanos(System.nanoTime() - start),
          e.getClass().getSimpleName());
      throw e;
    }
    Outcome outcome = classify.apply(result);
    timeline.request(name, outcome, Duration.ofNanos(System.nanoTime() - start), "");
    return result;
  }

  /**
   * Makes a call, times it, records it like {@link #timed(String, TimedCall, Function)}, and holds
   * it to a promise: a call that took longer than {@code promise} fails the step, unless the
   * machine's noise during the call explains the overrun (then the verdict blames the machine, as
   * {@link #assertWithin(String, Duration, Duration, Noise)} does). A call that throws is recorded
   * as an error and the exception passes on, unjudged.
   *
   * <pre>{@code
   * Posted posted = ctx.timed("POST /orders", deadline, () -> orders.post(order),
   *     p -> p.queued() ? Outcome.DEGRADED : Outcome.OK);
   * }</pre>
   *
   * @param name what was requested
   * @param promise how long the call may take, e.g. the user-facing deadline
   * @param call the call
   * @param classify the outcome of a result
   * @param <T> the result's type
   * @return the result
   * @throws Exception what the call threw
   * @since 0.2.0
   */
  public <T> T timed(
      String name, Duration promise, TimedCall<T> call, Function<? super T, Outcome> classify)
      throws Exception {
    // the call's own window: the kernel's figures are read as it starts and as it ends
    Calibration.Window window = calibration.window();
    T result = timed(name, call, classify);
    assertWithin(name, window.elapsed(), promise, window.noise());
    return result;
  }

  /**
   * Sends an HTTP request with the JDK's client, times it and records it: a 5xx answer (or no
   * answer) is an error, anything else ok.
   *
   * @param name what was requested, e.g. {@code GET /orders}
   * @param request the request; give it a timeout
   * @return the response, its body as text
   * @throws Exception when no answer came
   * @since 0.2.0
   */
  public HttpResponse<String> http(String name, HttpRequest request) throws Exception {
    return http(
        name, request, response -> response.statusCode() >= 500 ? Outcome.ERROR : Outcome.OK);
  }

  /**
   * Sends an HTTP request with the JDK's client, times it and records it with the outcome {@code
   * classify} gives the response (say when an answer is degraded).
   *
   * @param name what was requested
   * @param request the request; give it a timeout
   * @param classify the outcome of a response
   * @return the response, its body as text
   * @throws Exception when no answer came
   * @since 0.2.0
   */
  public HttpResponse<String> http(
      String name, HttpRequest request, Function<HttpResponse<String>, Outcome> classify)
      throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response;
    try {
      response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      timeline.request(
          name,
          Outcome.ERROR,
          Duration.ofNanos(System.nanoTime() - start),
          e.getClass().getSimpleName());
      throw e;
    }
    timeline.request(
        name,
        classify.apply(response),
        Duration.ofNanos(System.nanoTime() - start),
        Integer.toString(response.statusCode()));
    return response;
  }

  /**
   * Assertions on a breaker, judged against this run's calibration and recording what their waits
   * see in the timeline: each state read, and each call made while waiting ({@link
   * CircuitBreakerAssert#whileCalling}) as a request.
   *
   * <pre>{@code
   * ctx.assertThatBreaker(orders).whileCalling(() -> get("/orders")).reaches(CLOSED, recovery);
   * }</pre>
   *
   * @param view the breaker's view
   * @return the assertion
   * @since 0.2.0
   */
  public CircuitBreakerAssert assertThatBreaker(CircuitBreakerView view) {
    return CircuitBreakerAssert.assertThatBreaker(view)
        .usingCalibration(calibration)
        .reportingTo(
            new CircuitBreakerAssert.WaitListener() {
              @Override
              public void called(String breaker, Duration took, Throwable failure) {
                timeline.request(
                    Timeline.WAITING_CALL + "[" + breaker + "]",
                    failure == null ? Outcome.OK : Outcome.ERROR,
                    took,
                    failure == null ? "" : failure.getClass().getSimpleName());
              }

              @Override
              public void read(String breaker, BreakerState state) {
                timeline.breaker(breaker, state.name());
              }
            });
  }

  /**
   * The machine's noise during an observation that ended just now. Take it at once when the
   * judgement comes later.
   *
   * @param observed how long the observation lasted
   * @return the noise
   */
  public Noise noiseOver(Duration observed) {
    return calibration.noiseOver(observed);
  }

  /**
   * Checks that something that ended just now kept its promise, allowing the machine's measured
   * noise (bounded by the scenario's ceiling). A time that needed the noise, or broke the promise,
   * is recorded in the timeline with the numbers.
   *
   * @param what what was timed, e.g. {@code POST message}
   * @param observed how long it took
   * @param promise how long it may take on a quiet machine, e.g. the deadline
   * @throws TimingError when it took longer than the promise and all the measured noise
   * @throws MachineOverloadedError when only noise above the ceiling would explain it
   */
  public void assertWithin(String what, Duration observed, Duration promise) {
    assertWithin(what, observed, promise, noiseOver(observed));
  }

  /**
   * Checks that something kept its promise, allowing noise taken when it ended.
   *
   * @param what what was timed
   * @param observed how long it took
   * @param promise how long it may take on a quiet machine
   * @param noise the noise during it, from {@link #noiseOver(Duration)}
   * @throws TimingError when it took longer than the promise and all the measured noise
   * @throws MachineOverloadedError when only noise above the ceiling would explain it
   */
  public void assertWithin(String what, Duration observed, Duration promise, Noise noise) {
    judged(what, observed, promise, noise, () -> noise.assertWithin(what, observed, promise));
  }

  /**
   * Checks that a failure that happened just now fired at a timeout's budget: not before it, and no
   * later than the budget's tolerance and the machine's measured noise allow.
   *
   * @param what what failed, e.g. {@code the query}
   * @param budget the budget
   * @param observed how long the operation took before it failed
   * @throws TimingError when it fired early, or later than the tolerance and the noise allow
   * @throws MachineOverloadedError when only noise above the ceiling would explain it
   */
  public void assertFiredAtBudget(String what, TimeBudget budget, Duration observed) {
    assertFiredAtBudget(what, budget, observed, noiseOver(observed));
  }

  /**
   * Checks that a failure fired at a timeout's budget, allowing noise taken when it failed.
   *
   * @param what what failed
   * @param budget the budget
   * @param observed how long the operation took before it failed
   * @param noise the noise during it, from {@link #noiseOver(Duration)}
   * @throws TimingError when it fired early, or later than the tolerance and the noise allow
   * @throws MachineOverloadedError when only noise above the ceiling would explain it
   */
  public void assertFiredAtBudget(String what, TimeBudget budget, Duration observed, Noise noise) {
    judged(
        what,
        observed,
        budget.effective().plus(budget.tolerance()),
        noise,
        () -> noise.assertFiredAtBudget(what, budget, observed));
  }

  private void judged(
      String what, Duration observed, Duration promise, Noise noise, Runnable judgement) {
    try {
      judgement.run();
    } catch (MachineOverloadedError e) {
      timeline.timing(what, Outcome.OVERLOADED, observed, e.getMessage());
      throw e;
    } catch (TimingError e) {
      timeline.timing(what, Outcome.MISSED, observed, e.getMessage());
      throw e;
    }
    if (observed.compareTo(promise) > 0) {
      timeline.timing(
          what,
          Outcome.WITHIN_NOISE,
          observed,
          String.format(
              Locale.ROOT,
              "%d ms over its promise of %d ms, within %s",
              observed.minus(promise).toMillis(),
              promise.toMillis(),
              noise.describe()));
    }
  }
}
