package io.infraaware.toxiproxy.internal;

import java.util.List;
import java.util.Optional;

/** The toxic types of Toxiproxy 2.12, with their attributes in the order the API prints them. */
public enum ToxicType {
  LATENCY("latency", "LatencyToxic", List.of("latency", "jitter")),
  BANDWIDTH("bandwidth", "BandwidthToxic", List.of("rate")),
  SLOW_CLOSE("slow_close", "SlowCloseToxic", List.of("delay")),
  TIMEOUT("timeout", "TimeoutToxic", List.of("timeout")),
  RESET_PEER("reset_peer", "ResetToxic", List.of("timeout")),
  SLICER("slicer", "SlicerToxic", List.of("average_size", "size_variation", "delay")),
  LIMIT_DATA("limit_data", "LimitDataToxic", List.of("bytes"));

  private final String apiName;
  private final String goType;
  private final List<String> attributes;

  ToxicType(String apiName, String goType, List<String> attributes) {
    this.apiName = apiName;
    this.goType = goType;
    this.attributes = attributes;
  }

  /** The name on the API, e.g. {@code slow_close}. */
  public String apiName() {
    return apiName;
  }

  /** The Go struct name, which Toxiproxy's decode errors mention. */
  String goType() {
    return goType;
  }

  /** The attribute names, in print order. */
  public List<String> attributes() {
    return attributes;
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
