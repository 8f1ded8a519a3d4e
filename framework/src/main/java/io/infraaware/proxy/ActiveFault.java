package io.infraaware.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apiguardian.api.API;

/**
 * A fault in force on a proxy; closing it removes the fault. Idempotent, so {@code
 * try}-with-resources and an after-test cleanup can both close it.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class ActiveFault implements AutoCloseable {

  private final ServiceProxy proxy;
  private final Fault fault;
  private final Runnable removal;
  private final TrafficBytes before;
  private final AtomicBoolean active = new AtomicBoolean(true);

  ActiveFault(ServiceProxy proxy, Fault fault, TrafficBytes before, Runnable removal) {
    this.proxy = proxy;
    this.fault = fault;
    this.before = before;
    this.removal = removal;
  }

  /**
   * The traffic that crossed the proxy since the fault was injected.
   *
   * @return the bytes by direction, or empty when the server keeps no counters
   */
  public Optional<TrafficBytes> trafficSinceInjected() {
    return before == null ? Optional.empty() : Optional.of(proxy.traffic().since(before));
  }

  /**
   * Whether the fault has reached its target: for a toxic, traffic crossed the proxy since it was
   * injected; for an outage, the system had been using the proxy before it and the proxy now
   * refuses connections.
   *
   * @return true once the fault has had an effect
   * @throws ChaosException when the server keeps no traffic counters
   */
  public boolean manifested() {
    if (before == null) {
      throw new ChaosException(
          "Cannot tell whether "
              + this
              + " landed: the Toxiproxy server keeps no traffic counters"
              + " (start a real one with -proxy-metrics)",
          null);
    }
    if (fault instanceof Fault.Outage) {
      return before.totalBytes() > 0 && refusesConnections();
    }
    return trafficSinceInjected().map(traffic -> traffic.totalBytes() > 0).orElse(false);
  }

  /**
   * Why the fault may have missed, for a failure message.
   *
   * @return the reason in a sentence
   */
  public String missedBecause() {
    if (fault instanceof Fault.Outage) {
      return before != null && before.totalBytes() == 0
          ? "no traffic had crossed proxy ["
              + proxy.name()
              + "] before the outage: the system under test does not use the proxy"
          : "proxy [" + proxy.name() + "] still accepts connections";
    }
    return "no traffic crossed proxy ["
        + proxy.name()
        + "] while the fault was on: the system under test did not use it";
  }

  private boolean refusesConnections() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(proxy.endpoint().host(), proxy.endpoint().port()), 1000);
      return false;
    } catch (IOException refused) {
      return true;
    }
  }

  /**
   * The proxy the fault is on.
   *
   * @return the proxy
   */
  public ServiceProxy proxy() {
    return proxy;
  }

  /**
   * The fault.
   *
   * @return the fault
   */
  public Fault fault() {
    return fault;
  }

  /**
   * Whether the fault is still in force.
   *
   * @return false once closed
   */
  public boolean isActive() {
    return active.get();
  }

  /**
   * Removes the fault from the proxy.
   *
   * @throws ChaosException when the server cannot be told; the fault then counts as removed here,
   *     and {@link ServiceProxy#heal()} or a reset still clears the server
   */
  @Override
  public void close() {
    if (active.compareAndSet(true, false)) {
      proxy.forget(this);
      removal.run();
    }
  }

  @Override
  public String toString() {
    return fault + " on proxy [" + proxy.name() + "]" + (isActive() ? "" : " (removed)");
  }
}
