package io.infraaware.toxiproxy.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A toxic on a proxy: its type, stream, toxicity and attributes. Attributes and toxicity change on
 * update; every connection reads the toxic's behaviour afresh for each chunk of data.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class Toxic {

  private final String name;
  private final ToxicType type;
  private final String stream;
  private final boolean upstream;
  private volatile float toxicity;
  private volatile String toxicityText;
  private volatile Map<String, Long> attributes;
  private volatile ToxicBehaviour behaviour;
  private volatile long generation;

  Toxic(
      String name,
      ToxicType type,
      String stream,
      boolean upstream,
      float toxicity,
      Map<String, Long> attributes) {
    this.name = name;
    this.type = type;
    this.stream = stream;
    this.upstream = upstream;
    this.toxicity = toxicity;
    this.toxicityText = Json.float32(toxicity);
    this.attributes = ordered(type, attributes);
    this.behaviour = type.behaviour(this.attributes);
  }

  private static Map<String, Long> ordered(ToxicType type, Map<String, Long> values) {
    Map<String, Long> ordered = new LinkedHashMap<>();
    for (String attribute : type.attributes()) {
      ordered.put(attribute, values.getOrDefault(attribute, 0L));
    }
    return ordered;
  }

  public String name() {
    return name;
  }

  public ToxicType type() {
    return type;
  }

  /** The stream as the client wrote it (Toxiproxy echoes it verbatim). */
  public String stream() {
    return stream;
  }

  /** Whether the toxic acts on data from the client to the upstream. */
  public boolean isUpstream() {
    return upstream;
  }

  /** The toxicity, a Go float32 as in Toxiproxy. */
  public float toxicity() {
    return toxicity;
  }

  /** The toxicity as Go writes a float32 ({@code 0.12345679} for {@code 0.123456789}). */
  String toxicityText() {
    return toxicityText;
  }

  public Map<String, Long> attributes() {
    return attributes;
  }

  /**
   * Counts updates: a connection decides the toxicity afresh when the toxic changed, as Toxiproxy.
   */
  long generation() {
    return generation;
  }

  /** What the toxic does, with its current attributes. */
  ToxicBehaviour behaviour() {
    return behaviour;
  }

  synchronized void update(Map<String, Long> changed, float newToxicity) {
    Map<String, Long> merged = new LinkedHashMap<>(attributes);
    merged.putAll(changed);
    attributes = ordered(type, merged);
    behaviour = type.behaviour(attributes);
    toxicity = newToxicity;
    toxicityText = Json.float32(newToxicity);
    generation++;
  }
}
