package io.infraaware.proxy;

import org.apiguardian.api.API;

/**
 * Bytes that crossed a proxy, by direction, as the Toxiproxy server counts them: the proof that the
 * system under test really goes through the proxy.
 *
 * @param upstreamBytes bytes the proxy received from clients
 * @param downstreamBytes bytes the proxy received from the service
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.2.0")
public record TrafficBytes(long upstreamBytes, long downstreamBytes) {

  /** No traffic. */
  public static final TrafficBytes NONE = new TrafficBytes(0, 0);

  /**
   * Both directions together.
   *
   * @return the sum
   */
  public long totalBytes() {
    return upstreamBytes + downstreamBytes;
  }

  /**
   * The traffic since an earlier reading.
   *
   * @param earlier the earlier reading
   * @return the difference
   */
  public TrafficBytes since(TrafficBytes earlier) {
    return new TrafficBytes(
        upstreamBytes - earlier.upstreamBytes, downstreamBytes - earlier.downstreamBytes);
  }
}
