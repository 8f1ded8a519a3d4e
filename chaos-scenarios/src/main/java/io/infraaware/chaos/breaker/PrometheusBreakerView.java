package io.infraaware.chaos.breaker;

import java.net.URI;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * A Resilience4j breaker's state as Micrometer exposes it to Prometheus: the gauge {@code
 * resilience4j_circuitbreaker_state} is 1 for the state the breaker is in. Sampled from the moment
 * the view is made: its history is what sampling saw.
 *
 * @since 0.2.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
public final class PrometheusBreakerView implements CircuitBreakerView, AutoCloseable {

  private final String name;
  private final URI metrics;
  private final Pattern gauge;
  private final Sampler sampler;

  private PrometheusBreakerView(String name, URI metrics, Duration every) {
    this.name = name;
    this.metrics = metrics;
    this.gauge =
        Pattern.compile(
            "^resilience4j_circuitbreaker_state\\{([^}]*)\\}\\s+([0-9.eE+-]+)\\s*$",
            Pattern.MULTILINE);
    this.sampler = new Sampler(name, every, this::state);
  }

  static PrometheusBreakerView start(String name, URI metrics, Duration every) {
    return new PrometheusBreakerView(name, metrics, every);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Snapshot read() {
    BreakerState current = state();
    sampler.record(current);
    return new Snapshot(
        current,
        sampler.states(),
        OptionalLong.empty(),
        History.sampled(sampler.since(), sampler.how()));
  }

  private BreakerState state() {
    String scrape = BreakerDocuments.text(name, metrics, false);
    Matcher line = gauge.matcher(scrape);
    boolean named = false;
    while (line.find()) {
      String labels = line.group(1);
      if (!labels.contains("name=\"" + name + "\"")) {
        continue;
      }
      named = true;
      Matcher state = Pattern.compile("state=\"([^\"]+)\"").matcher(labels);
      if (state.find() && Double.parseDouble(line.group(2)) == 1.0) {
        return BreakerState.parse(state.group(1));
      }
    }
    throw new IllegalStateException(
        "Breaker ["
            + name
            + "]: "
            + metrics
            + (named
                ? " has no resilience4j_circuitbreaker_state of 1 for it"
                : " has no resilience4j_circuitbreaker_state{name=\"" + name + "\"} gauge"));
  }

  /** Stops sampling. */
  @Override
  public void close() {
    sampler.close();
  }
}
