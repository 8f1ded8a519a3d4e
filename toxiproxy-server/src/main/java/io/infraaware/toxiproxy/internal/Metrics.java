package io.infraaware.toxiproxy.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Prometheus text with Toxiproxy's proxy metrics: bytes received and sent per proxy and direction.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class Metrics {

  String render(List<ToxicProxy> proxies) {
    StringBuilder text = new StringBuilder();
    counter(
        text,
        "toxiproxy_proxy_received_bytes_total",
        "The total bytes received on a given proxy link",
        proxies,
        true);
    counter(
        text,
        "toxiproxy_proxy_sent_bytes_total",
        "The total bytes sent on a given proxy link",
        proxies,
        false);
    return text.toString();
  }

  private static void counter(
      StringBuilder text, String name, String help, List<ToxicProxy> proxies, boolean received) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n');
    text.append("# TYPE ").append(name).append(" counter\n");
    for (ToxicProxy proxy : proxies) {
      line(
          text,
          name,
          proxy,
          "downstream",
          received ? proxy.receivedDownstream.sum() : proxy.sentDownstream.sum());
      line(
          text,
          name,
          proxy,
          "upstream",
          received ? proxy.receivedUpstream.sum() : proxy.sentUpstream.sum());
    }
  }

  private static void line(
      StringBuilder text, String name, ToxicProxy proxy, String direction, long value) {
    text.append(name)
        .append("{direction=\"")
        .append(direction)
        .append("\",listener=\"")
        .append(escape(proxy.listen()))
        .append("\",proxy=\"")
        .append(escape(proxy.name()))
        .append("\",upstream=\"")
        .append(escape(proxy.upstream()))
        .append("\"} ")
        .append(value)
        .append('\n');
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
