package io.infraaware.proxy;

import io.infraaware.proxy.internal.ToxiproxyApi;
import io.infraaware.service.ServiceEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Toxiproxy proxy in front of one service: the endpoint to give the system under test, and the
 * faults to inject between them.
 *
 * @since 0.1.0
 */
public final class ServiceProxy {

  private final ToxiproxyApi api;
  private final String name;
  private final ServiceEndpoint upstream;
  private final ServiceEndpoint endpoint;
  private final Set<ActiveFault> active = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean outage = new AtomicBoolean();

  ServiceProxy(ToxiproxyApi api, String name, ServiceEndpoint upstream, ServiceEndpoint endpoint) {
    this.api = api;
    this.name = name;
    this.upstream = upstream;
    this.endpoint = endpoint;
  }

  /**
   * The proxy's name on the Toxiproxy server.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The service behind the proxy.
   *
   * @return the real endpoint
   */
  public ServiceEndpoint upstream() {
    return upstream;
  }

  /**
   * The service as reached through the proxy: same URL and credentials, the proxy's address. Hand
   * this to the system under test (e.g. its JDBC URL) so faults reach it.
   *
   * @return the proxied endpoint
   */
  public ServiceEndpoint endpoint() {
    return endpoint;
  }

  /**
   * Injects a fault now.
   *
   * @param fault the fault
   * @return the handle that removes it
   * @throws ChaosException naming proxy and toxic when the server refuses
   */
  public ActiveFault inject(Fault fault) {
    // Read before the fault, so the handle can tell whether traffic met it (empty when the
    // server keeps no counters).
    ProxyTraffic before = api.traffic(name).orElse(null);
    if (fault.isOutage()) {
      if (!outage.compareAndSet(false, true)) {
        throw new IllegalStateException("Proxy [" + name + "] already has an outage in force");
      }
      try {
        api.setEnabled(name, false);
      } catch (RuntimeException e) {
        outage.set(false);
        throw e;
      }
      return track(
          new ActiveFault(
              this,
              fault,
              before,
              () -> {
                outage.set(false);
                api.setEnabled(name, true);
              }));
    }
    api.addToxic(name, fault);
    return track(
        new ActiveFault(this, fault, before, () -> api.removeToxic(name, fault.toxicName())));
  }

  /**
   * Takes the service away: connections are refused and live ones dropped.
   *
   * @return the handle that brings it back
   */
  public ActiveFault outage() {
    return inject(Fault.outage());
  }

  /**
   * Makes the service hang: connections are accepted, nothing comes back.
   *
   * @return the handle that lifts the hang
   */
  public ActiveFault hang() {
    return inject(Fault.hang());
  }

  /**
   * Resets every connection at once (TCP RST), in both directions' terms: downstream.
   *
   * @return the handle that stops the resets
   */
  public ActiveFault reset() {
    return inject(Fault.reset(Duration.ZERO));
  }

  /**
   * Cuts responses after {@code bytes}.
   *
   * @param bytes bytes passed before the connection closes
   * @return the handle that removes the cut
   */
  public ActiveFault cutAfter(long bytes) {
    return inject(Fault.cutAfter(bytes));
  }

  /**
   * Delays responses by {@code latency}.
   *
   * @param latency the delay
   * @return the handle that removes the delay
   */
  public ActiveFault slow(Duration latency) {
    return inject(Fault.latency(latency));
  }

  /**
   * Limits responses to {@code kilobytesPerSecond}.
   *
   * @param kilobytesPerSecond the rate
   * @return the handle that lifts the limit
   */
  public ActiveFault throttle(long kilobytesPerSecond) {
    return inject(Fault.throttle(kilobytesPerSecond));
  }

  /**
   * The bytes this proxy has carried so far.
   *
   * @return the counters
   * @throws ChaosException when the server does not count traffic (a real Toxiproxy started without
   *     {@code -proxy-metrics})
   */
  public ProxyTraffic traffic() {
    return api.traffic(name)
        .orElseThrow(
            () ->
                new ChaosException(
                    "Toxiproxy at ["
                        + api.base()
                        + "] does not serve /metrics, so traffic through proxy ["
                        + name
                        + "] cannot be counted; start it with -proxy-metrics",
                    null));
  }

  /**
   * The faults in force that were injected through this object.
   *
   * @return a snapshot
   */
  public List<ActiveFault> activeFaults() {
    return List.copyOf(active);
  }

  /**
   * Removes every fault: those injected here, any other toxic on the server's proxy, and an outage.
   * What a test cleanup calls, whatever the test did.
   */
  public void heal() {
    RuntimeException first = null;
    for (ActiveFault fault : List.copyOf(active)) {
      try {
        fault.close();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    try {
      for (String toxic : api.toxics(name)) {
        api.removeToxic(name, toxic);
      }
      api.setEnabled(name, true);
      outage.set(false);
    } catch (RuntimeException e) {
      first = first == null ? e : first;
    }
    if (first != null) {
      throw first;
    }
  }

  void delete() {
    active.clear();
    api.deleteProxy(name);
  }

  void forget(ActiveFault fault) {
    active.remove(fault);
  }

  private ActiveFault track(ActiveFault fault) {
    active.add(fault);
    return fault;
  }

  @Override
  public String toString() {
    return "ServiceProxy[" + name + " " + endpoint.address() + " -> " + upstream.address() + "]";
  }
}
