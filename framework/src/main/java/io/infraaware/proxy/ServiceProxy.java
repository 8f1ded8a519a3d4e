package io.infraaware.proxy;

import io.infraaware.proxy.internal.ToxicJson;
import io.infraaware.proxy.internal.ToxiproxyApi;
import io.infraaware.proxy.internal.TrafficCounters;
import io.infraaware.runtime.internal.Cleanup;
import io.infraaware.service.ServiceEndpoint;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apiguardian.api.API;

/**
 * A Toxiproxy proxy in front of one service: the endpoint to give the system under test, and the
 * faults to inject between them.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class ServiceProxy {

  private final ToxiproxyApi api;
  private final TrafficCounters counters;
  private final String name;
  private final ServiceEndpoint upstream;
  private final ServiceEndpoint endpoint;
  private final Set<ActiveFault> active = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean outage = new AtomicBoolean();

  ServiceProxy(
      ToxiproxyApi api,
      TrafficCounters counters,
      String name,
      ServiceEndpoint upstream,
      ServiceEndpoint endpoint) {
    this.api = api;
    this.counters = counters;
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
   * @throws IllegalStateException when an outage is injected twice
   */
  public ActiveFault inject(Fault fault) {
    Objects.requireNonNull(fault, "fault");
    // Read before the fault, so the handle can tell whether traffic met it (empty when the
    // server keeps no counters).
    TrafficBytes before = counters.traffic(name).orElse(null);
    if (fault instanceof Fault.Outage) {
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
    Fault.Toxic<?> toxic = (Fault.Toxic<?>) fault;
    api.addToxic(name, toxic);
    return track(
        new ActiveFault(this, fault, before, () -> api.removeToxic(name, ToxicJson.name(toxic))));
  }

  /**
   * Takes the service away, the commonest fault: {@code inject(Fault.outage())}.
   *
   * @return the handle that brings it back
   */
  public ActiveFault outage() {
    return inject(Fault.outage());
  }

  /**
   * The bytes this proxy has carried so far.
   *
   * @return the counters
   * @throws ChaosException when the server does not count traffic (a real Toxiproxy started without
   *     {@code -proxy-metrics})
   */
  public TrafficBytes traffic() {
    return counters
        .traffic(name)
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
   * What a test cleanup calls, whatever the test did. Every removal is tried even after one fails,
   * also on an interrupted thread (whose interrupt is kept).
   *
   * @throws ChaosException the first removal that failed, the later ones suppressed in it
   */
  public void heal() {
    Cleanup cleanup = Cleanup.begin();
    cleanup.each(List.copyOf(active), ActiveFault::close);
    cleanup.run(() -> Cleanup.forEach(api.toxics(name), toxic -> api.removeToxic(name, toxic)));
    cleanup.run(
        () -> {
          api.setEnabled(name, true);
          outage.set(false);
        });
    cleanup.finishOrThrow();
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
