package io.infraaware.proxy.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infraaware.proxy.Fault;
import io.infraaware.proxy.Fault.Bandwidth;
import io.infraaware.proxy.Fault.Latency;
import io.infraaware.proxy.Fault.LimitData;
import io.infraaware.proxy.Fault.ResetPeer;
import io.infraaware.proxy.Fault.Slicer;
import io.infraaware.proxy.Fault.SlowClose;
import io.infraaware.proxy.Fault.Timeout;
import java.time.Duration;
import org.apiguardian.api.API;

/**
 * The one place where a fault becomes a Toxiproxy toxic: its type, its name, and its attributes in
 * Toxiproxy's units (whole milliseconds, the slicer's delay in microseconds).
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class ToxicJson {

  private ToxicJson() {}

  /**
   * The toxic's type on the server.
   *
   * @param fault the fault
   * @return e.g. {@code latency}, {@code reset_peer}
   */
  public static String type(Fault.Toxic<?> fault) {
    return toxic(fault).type();
  }

  /**
   * The toxic's name on the server: the fault's own, or {@code infraaware_<type>_<direction>}.
   *
   * @param fault the fault
   * @return the name
   */
  public static String name(Fault.Toxic<?> fault) {
    return fault
        .scope()
        .name()
        .orElseGet(() -> "infraaware_" + type(fault) + "_" + fault.scope().direction().apiName());
  }

  /**
   * The body that creates the toxic in one request, at its final toxicity and attributes.
   *
   * @param fault the fault
   * @return {@code {name, type, stream, toxicity, attributes}}
   */
  public static ObjectNode body(Fault.Toxic<?> fault) {
    Toxic toxic = toxic(fault);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("name", name(fault));
    body.put("type", toxic.type());
    body.put("stream", fault.scope().direction().apiName());
    body.put("toxicity", fault.scope().toxicity());
    body.set("attributes", toxic.attributes());
    return body;
  }

  private record Toxic(String type, ObjectNode attributes) {
    Toxic(String type) {
      this(type, JsonNodeFactory.instance.objectNode());
    }

    Toxic with(String attribute, long value) {
      attributes.put(attribute, value);
      return this;
    }
  }

  private static Toxic toxic(Fault.Toxic<?> fault) {
    if (fault instanceof Latency) {
      Latency latency = (Latency) fault;
      return new Toxic("latency")
          .with("latency", millis(latency.latency()))
          .with("jitter", millis(latency.jitter()));
    } else if (fault instanceof Bandwidth) {
      return new Toxic("bandwidth").with("rate", ((Bandwidth) fault).kilobytesPerSecond());
    } else if (fault instanceof SlowClose) {
      return new Toxic("slow_close").with("delay", millis(((SlowClose) fault).delay()));
    } else if (fault instanceof Timeout) {
      return new Toxic("timeout").with("timeout", millis(((Timeout) fault).after()));
    } else if (fault instanceof ResetPeer) {
      return new Toxic("reset_peer").with("timeout", millis(((ResetPeer) fault).after()));
    } else if (fault instanceof Slicer) {
      Slicer slicer = (Slicer) fault;
      return new Toxic("slicer")
          .with("average_size", slicer.averageSize())
          .with("size_variation", slicer.sizeVariation())
          .with("delay", micros(slicer.delay()));
    } else if (fault instanceof LimitData) {
      return new Toxic("limit_data").with("bytes", ((LimitData) fault).bytes());
    }
    // unreachable while Fault.Toxic is sealed; ToxicJsonTests checks every permitted kind
    throw new IllegalArgumentException("No Toxiproxy toxic for " + fault.getClass());
  }

  /**
   * Whole milliseconds, rounded up: a sub-millisecond timeout stays a timeout instead of becoming
   * 0, which Toxiproxy reads as "hold forever".
   */
  static long millis(Duration duration) {
    return duration.plusNanos(999_999).toMillis();
  }

  static long micros(Duration duration) {
    return duration.plusNanos(999).toNanos() / 1000;
  }
}
