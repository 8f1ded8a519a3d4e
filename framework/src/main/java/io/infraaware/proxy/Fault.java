package io.infraaware.proxy;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A network fault to inject through a proxy: an immutable value; {@link ServiceProxy#inject(Fault)}
 * applies it and returns the handle that removes it. Two faults with the same settings are equal.
 *
 * <p>An {@link Outage} disables the proxy; every other fault is a {@link Toxic}, which can be
 * narrowed to one direction, a share of the connections, or a name of its own. Each factory
 * documents what the system under test sees. Toxicity is decided per connection, as in Toxiproxy:
 * with {@code toxicity(0.5)} about half of the new connections are affected, and a connection pool
 * that keeps its connections keeps its luck.
 *
 * <pre>{@code
 * try (ActiveFault slow = proxy.inject(Fault.latency(Duration.ofMillis(300)).withJitter(Duration.ofMillis(50)).upstream())) {
 *   ...
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public sealed interface Fault {

  /**
   * The service is gone: the proxy stops listening and closes every connection, so clients get
   * connection refused and pooled connections break. Not a toxic: the proxy is disabled.
   *
   * @return the fault
   */
  static Outage outage() {
    return new Outage();
  }

  /**
   * The service hangs: connections are accepted, data is swallowed and nothing comes back until the
   * fault is removed (a blackhole: Toxiproxy's {@code timeout} toxic with timeout 0).
   *
   * @return the fault
   */
  static Timeout hang() {
    return new Timeout(Duration.ZERO, Scope.DEFAULT);
  }

  /**
   * Data is swallowed and the connection closed after {@code after}: Toxiproxy's {@code timeout}.
   *
   * @param after how long data is swallowed before the connection closes; zero is {@link #hang()}
   * @return the fault
   */
  static Timeout timeout(Duration after) {
    return new Timeout(after, Scope.DEFAULT);
  }

  /**
   * Connections are reset (TCP RST) after {@code after}: Toxiproxy's {@code reset_peer} toxic.
   *
   * @param after how long a connection lives before the reset; zero resets at once
   * @return the fault
   */
  static ResetPeer reset(Duration after) {
    return new ResetPeer(after, Scope.DEFAULT);
  }

  /**
   * Connections are closed once {@code bytes} have passed in the fault's direction: a response or
   * request cut mid-stream (Toxiproxy's {@code limit_data}).
   *
   * @param bytes how many bytes pass before the cut
   * @return the fault
   */
  static LimitData cutAfter(long bytes) {
    return new LimitData(bytes, Scope.DEFAULT);
  }

  /**
   * Every chunk of data is delayed by {@code latency}: Toxiproxy's {@code latency} toxic.
   *
   * @param latency the delay
   * @return the fault; add jitter with {@link Latency#withJitter(Duration)}
   */
  static Latency latency(Duration latency) {
    return new Latency(latency, Duration.ZERO, Scope.DEFAULT);
  }

  /**
   * Throughput is limited to {@code kilobytesPerSecond}: Toxiproxy's {@code bandwidth} toxic.
   *
   * @param kilobytesPerSecond the rate, in KB/s as Toxiproxy counts
   * @return the fault
   */
  static Bandwidth throttle(long kilobytesPerSecond) {
    return new Bandwidth(kilobytesPerSecond, Scope.DEFAULT);
  }

  /**
   * Data is sliced into small packets with a pause between them: Toxiproxy's {@code slicer}.
   *
   * @param averageSize the average packet size in bytes
   * @param sizeVariation how much sizes vary, in bytes
   * @param delay the pause between packets
   * @return the fault
   */
  static Slicer slice(long averageSize, long sizeVariation, Duration delay) {
    return new Slicer(averageSize, sizeVariation, delay, Scope.DEFAULT);
  }

  /**
   * Closing a connection is delayed by {@code delay}: Toxiproxy's {@code slow_close}.
   *
   * @param delay the delay before the close passes through
   * @return the fault
   */
  static SlowClose slowClose(Duration delay) {
    return new SlowClose(delay, Scope.DEFAULT);
  }

  /**
   * The outage: the proxy is disabled while it is in force. It has no direction or toxicity.
   *
   * @since 0.1.0
   */
  record Outage() implements Fault {
    @Override
    public String toString() {
      return "outage";
    }
  }

  /**
   * A fault that is a Toxiproxy toxic: it acts in one direction, on a share of the connections,
   * under a name on the server. Each narrowing returns a new fault of the same kind.
   *
   * @param <T> the kind of fault
   * @since 0.1.0
   */
  sealed interface Toxic<T extends Toxic<T>> extends Fault
      permits Latency, Bandwidth, SlowClose, Timeout, ResetPeer, Slicer, LimitData {

    /**
     * Where and how often the fault acts.
     *
     * @return the scope
     */
    Scope scope();

    /**
     * This fault with another scope.
     *
     * @param scope the scope
     * @return a new fault
     */
    T withScope(Scope scope);

    /**
     * This fault acting on data from the client to the service.
     *
     * @return a new fault
     */
    default T upstream() {
      return withScope(scope().toward(Direction.UPSTREAM));
    }

    /**
     * This fault acting on data from the service to the client (the default).
     *
     * @return a new fault
     */
    default T downstream() {
      return withScope(scope().toward(Direction.DOWNSTREAM));
    }

    /**
     * This fault affecting only a share of the connections.
     *
     * @param probability between 0 and 1; each new connection is affected with this probability
     * @return a new fault
     */
    default T toxicity(double probability) {
      return withScope(scope().withToxicity(probability));
    }

    /**
     * This fault under a chosen toxic name (by default {@code infraaware_<type>_<direction>}); two
     * faults of the same type and direction on one proxy need different names.
     *
     * @param toxicName the name on the Toxiproxy server
     * @return a new fault
     */
    default T named(String toxicName) {
      return withScope(scope().named(toxicName));
    }
  }

  /**
   * Where a toxic acts and how often.
   *
   * @param direction which way the data it affects flows
   * @param toxicity the share of connections affected, between 0 and 1
   * @param name the toxic's name on the server; empty for the default
   * @since 0.1.0
   */
  record Scope(Direction direction, double toxicity, Optional<String> name) {

    /** Downstream, every connection, the default name. */
    public static final Scope DEFAULT = new Scope(Direction.DOWNSTREAM, 1.0, Optional.empty());

    /** Checks the values. */
    public Scope {
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(name, "name");
      if (!(toxicity >= 0 && toxicity <= 1)) {
        throw new IllegalArgumentException(
            "The toxicity of a fault must be between 0 and 1, was " + toxicity);
      }
      if (name.isPresent() && name.get().isBlank()) {
        throw new IllegalArgumentException("A toxic name cannot be blank");
      }
    }

    Scope toward(Direction other) {
      return new Scope(other, toxicity, name);
    }

    Scope withToxicity(double probability) {
      return new Scope(direction, probability, name);
    }

    Scope named(String toxicName) {
      return new Scope(direction, toxicity, Optional.of(toxicName));
    }

    @Override
    public String toString() {
      return direction.apiName()
          + (toxicity < 1 ? String.format(Locale.ROOT, " toxicity %.2f", toxicity) : "");
    }
  }

  /**
   * Every chunk of data delayed by {@code latency}, give or take {@code jitter}.
   *
   * @param latency the delay
   * @param jitter how much each delay varies either way
   * @param scope where and how often
   * @since 0.1.0
   */
  record Latency(Duration latency, Duration jitter, Scope scope) implements Toxic<Latency> {
    /** Checks the values. */
    public Latency {
      FaultValues.nonNegative("latency", latency);
      FaultValues.nonNegative("jitter", jitter);
      Objects.requireNonNull(scope, "scope");
    }

    /**
     * This latency with jitter: each delay varies by up to {@code jitter} either way.
     *
     * @param jitter the variation
     * @return a new fault
     */
    public Latency withJitter(Duration jitter) {
      return new Latency(latency, jitter, scope);
    }

    @Override
    public Latency withScope(Scope scope) {
      return new Latency(latency, jitter, scope);
    }

    @Override
    public String toString() {
      return "latency "
          + FaultValues.text(latency)
          + (jitter.isZero() ? "" : " ± " + FaultValues.text(jitter))
          + " "
          + scope;
    }
  }

  /**
   * Throughput limited to a rate.
   *
   * @param kilobytesPerSecond the rate, in KB/s as Toxiproxy counts
   * @param scope where and how often
   * @since 0.1.0
   */
  record Bandwidth(long kilobytesPerSecond, Scope scope) implements Toxic<Bandwidth> {
    /** Checks the values. */
    public Bandwidth {
      FaultValues.nonNegative("rate", kilobytesPerSecond);
      Objects.requireNonNull(scope, "scope");
    }

    @Override
    public Bandwidth withScope(Scope scope) {
      return new Bandwidth(kilobytesPerSecond, scope);
    }

    @Override
    public String toString() {
      return "bandwidth " + kilobytesPerSecond + " KB/s " + scope;
    }
  }

  /**
   * Closing delayed.
   *
   * @param delay the delay before a close passes through
   * @param scope where and how often
   * @since 0.1.0
   */
  record SlowClose(Duration delay, Scope scope) implements Toxic<SlowClose> {
    /** Checks the values. */
    public SlowClose {
      FaultValues.nonNegative("slow close delay", delay);
      Objects.requireNonNull(scope, "scope");
    }

    @Override
    public SlowClose withScope(Scope scope) {
      return new SlowClose(delay, scope);
    }

    @Override
    public String toString() {
      return "slow close " + FaultValues.text(delay) + " " + scope;
    }
  }

  /**
   * Data swallowed, and the connection closed after {@code after}; never closed when zero (a hang).
   *
   * @param after how long until the close; zero holds the connection until the fault is removed
   * @param scope where and how often
   * @since 0.1.0
   */
  record Timeout(Duration after, Scope scope) implements Toxic<Timeout> {
    /** Checks the values. */
    public Timeout {
      FaultValues.nonNegative("timeout", after);
      Objects.requireNonNull(scope, "scope");
    }

    @Override
    public Timeout withScope(Scope scope) {
      return new Timeout(after, scope);
    }

    @Override
    public String toString() {
      return (after.isZero() ? "hang " : "timeout after " + FaultValues.text(after) + " ") + scope;
    }
  }

  /**
   * Connections reset (TCP RST) after {@code after}.
   *
   * @param after how long a connection lives before the reset; zero resets at once
   * @param scope where and how often
   * @since 0.1.0
   */
  record ResetPeer(Duration after, Scope scope) implements Toxic<ResetPeer> {
    /** Checks the values. */
    public ResetPeer {
      FaultValues.nonNegative("reset delay", after);
      Objects.requireNonNull(scope, "scope");
    }

    @Override
    public ResetPeer withScope(Scope scope) {
      return new ResetPeer(after, scope);
    }

    @Override
    public String toString() {
      return (after.isZero() ? "reset " : "reset after " + FaultValues.text(after) + " ") + scope;
    }
  }

  /**
   * Data sliced into small packets with pauses between them.
   *
   * @param averageSize the average packet size in bytes
   * @param sizeVariation how much sizes vary, in bytes
   * @param delay the pause between packets
   * @param scope where and how often
   * @since 0.1.0
   */
  record Slicer(long averageSize, long sizeVariation, Duration delay, Scope scope)
      implements Toxic<Slicer> {
    /** Checks the values. */
    public Slicer {
      FaultValues.nonNegative("average size", averageSize);
      FaultValues.nonNegative("size variation", sizeVariation);
      FaultValues.nonNegative("slicer delay", delay);
      Objects.requireNonNull(scope, "scope");
    }

    @Override
    public Slicer withScope(Scope scope) {
      return new Slicer(averageSize, sizeVariation, delay, scope);
    }

    @Override
    public String toString() {
      return "slicer "
          + averageSize
          + " ± "
          + sizeVariation
          + " bytes, "
          + FaultValues.text(delay)
          + " apart "
          + scope;
    }
  }

  /**
   * The connection closed once {@code bytes} have passed: a cut mid-stream.
   *
   * @param bytes how many bytes pass before the cut
   * @param scope where and how often
   * @since 0.1.0
   */
  record LimitData(long bytes, Scope scope) implements Toxic<LimitData> {
    /** Checks the values. */
    public LimitData {
      FaultValues.nonNegative("byte limit", bytes);
      Objects.requireNonNull(scope, "scope");
    }

    @Override
    public LimitData withScope(Scope scope) {
      return new LimitData(bytes, scope);
    }

    @Override
    public String toString() {
      return "cut after " + bytes + " bytes " + scope;
    }
  }
}
