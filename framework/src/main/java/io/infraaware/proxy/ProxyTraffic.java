package io.infraaware.proxy;

/**
 * Bytes that crossed a proxy, by direction, as the Toxiproxy server counts them: the proof that the
 * system under test really goes through the proxy.
 *
 * @param upstreamBytes bytes the proxy received from clients
 * @param downstreamBytes bytes the proxy received from the service
 * @since 0.1.0
 */
public record ProxyTraffic(long upstreamBytes, long downstreamBytes) {

  /** No traffic. */
  public static final ProxyTraffic NONE = new ProxyTraffic(0, 0);

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
  public ProxyTraffic since(ProxyTraffic earlier) {
    return new ProxyTraffic(
        upstreamBytes - earlier.upstreamBytes, downstreamBytes - earlier.downstreamBytes);
  }
}
