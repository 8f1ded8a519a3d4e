package io.infraaware.proxy;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A network fault to inject through a proxy: an immutable description; {@link
 * ServiceProxy#inject(Fault)} applies it and returns the handle that removes it.
 *
 * <p>Each factory documents what the system under test sees. Toxicity is decided per connection, as
 * in Toxiproxy: with {@code toxicity(0.5)} about half of the new connections are affected, and a
 * connection pool that keeps its connections keeps its luck.
 *
 * <pre>{@code
 * try (ActiveFault slow = proxy.inject(Fault.latency(Duration.ofMillis(300)).withJitter(Duration.ofMillis(50)))) {
 *   ...
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Fault {

  private final String kind;
  private final String toxicType;
  private final Map<String, Long> attributes;
  private final Direction direction;
  private final double toxicity;
  private final String name;

  private Fault(
      String kind,
      String toxicType,
      Map<String, Long> attributes,
      Direction direction,
      double toxicity,
      String name) {
    this.kind = kind;
    this.toxicType = toxicType;
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    this.direction = direction;
    this.toxicity = toxicity;
    this.name = name;
  }

  private static Fault toxic(String kind, String type, Map<String, Long> attributes) {
    return new Fault(kind, type, attributes, Direction.DOWNSTREAM, 1.0, null);
  }

  /**
   * The service is gone: the proxy stops listening and closes every connection, so clients get
   * connection refused and pooled connections break. Not a toxic: the proxy is disabled.
   *
   * @return the fault
   */
  public static Fault outage() {
    return new Fault("outage", null, Map.of(), Direction.DOWNSTREAM, 1.0, null);
  }

  /**
   * The service hangs: connections are accepted, data is swallowed and nothing comes back until the
   * fault is removed (a blackhole; Toxiproxy's {@code timeout} toxic with timeout 0).
   *
   * @return the fault
   */
  public static Fault hang() {
    return toxic("hang", "timeout", Map.of("timeout", 0L));
  }

  /**
   * Connections are closed after {@code after} of silence: Toxiproxy's {@code timeout} toxic.
   *
   * @param after how long data is swallowed before the connection closes
   * @return the fault
   */
  public static Fault timeout(Duration after) {
    return toxic("timeout", "timeout", Map.of("timeout", millis("timeout", after)));
  }

  /**
   * Connections are reset (TCP RST) after {@code after}: Toxiproxy's {@code reset_peer} toxic.
   *
   * @param after how long a connection lives before the reset; zero resets at once
   * @return the fault
   */
  public static Fault reset(Duration after) {
    return toxic("reset", "reset_peer", Map.of("timeout", millis("reset", after)));
  }

  /**
   * Connections are closed once {@code bytes} have passed in the fault's direction: a response or
   * request cut mid-stream (Toxiproxy's {@code limit_data}).
   *
   * @param bytes how many bytes pass before the cut
   * @return the fault
   */
  public static Fault cutAfter(long bytes) {
    return toxic("cut", "limit_data", Map.of("bytes", nonNegative("cut", "bytes", bytes)));
  }

  /**
   * Every chunk of data is delayed by {@code latency}: Toxiproxy's {@code latency} toxic.
   *
   * @param latency the delay
   * @return the fault; add jitter with {@link #withJitter(Duration)}
   */
  public static Fault latency(Duration latency) {
    Map<String, Long> attributes = new LinkedHashMap<>();
    attributes.put("latency", millis("latency", latency));
    attributes.put("jitter", 0L);
    return toxic("latency", "latency", attributes);
  }

  /**
   * Throughput is limited to {@code kilobytesPerSecond}: Toxiproxy's {@code bandwidth} toxic.
   *
   * @param kilobytesPerSecond the rate, in KB/s as Toxiproxy counts
   * @return the fault
   */
  public static Fault throttle(long kilobytesPerSecond) {
    return toxic(
        "throttle",
        "bandwidth",
        Map.of("rate", nonNegative("throttle", "rate", kilobytesPerSecond)));
  }

  /**
   * Data is sliced into small packets with a delay between them: Toxiproxy's {@code slicer}.
   *
   * @param averageSize the average packet size in bytes
   * @param sizeVariation how much sizes vary, in bytes
   * @param delay the pause between packets (Toxiproxy counts it in microseconds)
   * @return the fault
   */
  public static Fault slice(long averageSize, long sizeVariation, Duration delay) {
    Map<String, Long> attributes = new LinkedHashMap<>();
    attributes.put("average_size", nonNegative("slice", "average_size", averageSize));
    attributes.put("size_variation", nonNegative("slice", "size_variation", sizeVariation));
    attributes.put("delay", nonNegative("slice", "delay", delay.toNanos() / 1000));
    return toxic("slice", "slicer", attributes);
  }

  /**
   * Closing a connection is delayed by {@code delay}: Toxiproxy's {@code slow_close}.
   *
   * @param delay the delay before the close passes through
   * @return the fault
   */
  public static Fault slowClose(Duration delay) {
    return toxic("slow close", "slow_close", Map.of("delay", millis("slow close", delay)));
  }

  /**
   * This latency fault with jitter: each delay varies by up to {@code jitter} either way.
   *
   * @param jitter the variation
   * @return a new fault
   * @throws IllegalStateException when this is not a latency fault
   */
  public Fault withJitter(Duration jitter) {
    if (!"latency".equals(toxicType)) {
      throw new IllegalStateException("Jitter applies to latency faults, not to " + this);
    }
    Map<String, Long> changed = new LinkedHashMap<>(attributes);
    changed.put("jitter", millis("jitter", jitter));
    return new Fault(kind, toxicType, changed, direction, toxicity, name);
  }

  /**
   * This fault acting on data from the client to the service.
   *
   * @return a new fault
   */
  public Fault upstream() {
    return new Fault(kind, toxicType, attributes, Direction.UPSTREAM, toxicity, name);
  }

  /**
   * This fault acting on data from the service to the client (the default).
   *
   * @return a new fault
   */
  public Fault downstream() {
    return new Fault(kind, toxicType, attributes, Direction.DOWNSTREAM, toxicity, name);
  }

  /**
   * This fault affecting only a share of the connections.
   *
   * @param probability between 0 and 1; each new connection is affected with this probability
   * @return a new fault
   */
  public Fault toxicity(double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          "Toxicity of " + this + " must be between 0 and 1, was " + probability);
    }
    if (isOutage()) {
      throw new IllegalStateException("An outage disables the proxy; it has no toxicity");
    }
    return new Fault(kind, toxicType, attributes, direction, probability, name);
  }

  /**
   * This fault under a chosen toxic name (by default {@code infraaware_<type>_<direction>}).
   *
   * @param toxicName the name on the Toxiproxy server
   * @return a new fault
   */
  public Fault named(String toxicName) {
    Objects.requireNonNull(toxicName, "toxicName");
    return new Fault(kind, toxicType, attributes, direction, toxicity, toxicName);
  }

  /**
   * Whether this fault disables the proxy rather than adding a toxic.
   *
   * @return true for {@link #outage()}
   */
  public boolean isOutage() {
    return toxicType == null;
  }

  /**
   * The Toxiproxy toxic type, e.g. {@code latency}.
   *
   * @return the type; empty string for an outage
   */
  public String toxicType() {
    return toxicType == null ? "" : toxicType;
  }

  /**
   * The toxic's attributes in Toxiproxy's units.
   *
   * @return an unmodifiable map
   */
  public Map<String, Long> attributes() {
    return attributes;
  }

  /**
   * The direction.
   *
   * @return the direction
   */
  public Direction direction() {
    return direction;
  }

  /**
   * The share of connections affected.
   *
   * @return between 0 and 1
   */
  public double toxicity() {
    return toxicity;
  }

  /**
   * The toxic name used on the server.
   *
   * @return the name
   */
  public String toxicName() {
    return name != null ? name : "infraaware_" + toxicType() + "_" + direction.apiName();
  }

  private static long millis(String fault, Duration duration) {
    Objects.requireNonNull(duration, fault);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "The " + fault + " of a fault cannot be negative: " + duration);
    }
    // Toxiproxy counts in whole milliseconds; round up, so that a sub-millisecond timeout stays a
    // timeout instead of becoming 0, which would mean "hold forever".
    return duration.plusNanos(999_999).toMillis();
  }

  private static long nonNegative(String fault, String attribute, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(
          "The " + attribute + " of a " + fault + " fault cannot be negative: " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    if (isOutage()) {
      return "outage";
    }
    StringBuilder text = new StringBuilder(kind).append(' ').append(direction.apiName());
    text.append(' ').append(attributes);
    if (toxicity < 1) {
      text.append(String.format(Locale.ROOT, " toxicity %.2f", toxicity));
    }
    return text.toString();
  }
}
