package io.infraaware.toxiproxy.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * The toxic types of Toxiproxy 2.12: their names on the API, their attributes in the order the API
 * prints them, and the class that does what each one does.
 */
@API(status = INTERNAL, since = "0.1.0")
public enum ToxicType {
  LATENCY(
      "latency",
      "LatencyToxic",
      List.of("latency", "jitter"),
      a -> new LatencyToxic(a.get("latency"), a.get("jitter"))),
  BANDWIDTH("bandwidth", "BandwidthToxic", List.of("rate"), a -> new BandwidthToxic(a.get("rate"))),
  SLOW_CLOSE(
      "slow_close", "SlowCloseToxic", List.of("delay"), a -> new SlowCloseToxic(a.get("delay"))),
  TIMEOUT("timeout", "TimeoutToxic", List.of("timeout"), a -> new TimeoutToxic(a.get("timeout"))),
  RESET_PEER(
      "reset_peer", "ResetToxic", List.of("timeout"), a -> new ResetPeerToxic(a.get("timeout"))),
  SLICER(
      "slicer",
      "SlicerToxic",
      List.of("average_size", "size_variation", "delay"),
      a -> new SlicerToxic(a.get("average_size"), a.get("size_variation"), a.get("delay"))),
  LIMIT_DATA(
      "limit_data", "LimitDataToxic", List.of("bytes"), a -> new LimitDataToxic(a.get("bytes"))),
  NOOP("noop", "NoopToxic", List.of(), a -> new NoopToxic());

  private final String apiName;
  private final String goType;
  private final List<String> attributes;
  private final Function<Map<String, Long>, ToxicBehaviour> behaviour;

  ToxicType(
      String apiName,
      String goType,
      List<String> attributes,
      Function<Map<String, Long>, ToxicBehaviour> behaviour) {
    this.apiName = apiName;
    this.goType = goType;
    this.attributes = attributes;
    this.behaviour = behaviour;
  }

  /** The name on the API, e.g. {@code slow_close}. */
  public String apiName() {
    return apiName;
  }

  /** The Go struct name, which Toxiproxy's decode errors mention. */
  String goType() {
    return goType;
  }

  /** The Go type of its attributes: the slicer's are {@code int}, the others' {@code int64}. */
  String goIntType() {
    return this == SLICER ? "int" : "int64";
  }

  /** The attribute names, in print order. */
  public List<String> attributes() {
    return attributes;
  }

  /** The behaviour for a complete set of attributes (every one of {@link #attributes()}). */
  ToxicBehaviour behaviour(Map<String, Long> values) {
    return behaviour.apply(values);
  }

  static Optional<ToxicType> of(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (ToxicType type : values()) {
      if (type.apiName.equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
