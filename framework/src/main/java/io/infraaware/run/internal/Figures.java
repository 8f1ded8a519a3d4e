package io.infraaware.run.internal;

import io.infraaware.probe.Diagnosis;
import io.infraaware.probe.ProbeResult;
import io.infraaware.probe.ServiceStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * The figures of one JVM or, merged, of a whole build: tests skipped and failed for infrastructure,
 * notes, and per service its latest probe result and counts.
 *
 * @param jvms the JVMs whose figures these are
 * @param updatedAt when they last changed, epoch milliseconds
 * @param skipped tests skipped for infrastructure
 * @param failed tests failed for infrastructure
 * @param notes notes about the configuration
 * @param services per service, by name
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public record Figures(
    List<JvmIdentity> jvms,
    long updatedAt,
    int skipped,
    int failed,
    List<String> notes,
    List<Service> services) {

  /** Copies the lists. */
  public Figures {
    jvms = List.copyOf(jvms);
    notes = List.copyOf(notes);
    services = List.copyOf(services);
  }

  /**
   * One service's figures.
   *
   * @param name the service's name
   * @param kind its kind's id, null when it was never probed
   * @param endpoint where it was probed, secrets masked
   * @param status its status, null when never probed
   * @param latencyMillis how long its probe took
   * @param version the server's version, if it said
   * @param note what was done about it (provisioned, ...), if anything
   * @param diagnosis why it is not up, if it is not
   * @param description the probe result as one sentence
   * @param probedAt when the latest probe was made, epoch milliseconds
   * @param probes probes made
   * @param reused verdicts reused from another JVM of the build instead of probing
   * @param skipped tests it skipped
   * @param failed tests it failed
   * @param events when it was seen up, went away during a test, came back
   */
  public record Service(
      String name,
      String kind,
      String endpoint,
      String status,
      long latencyMillis,
      String version,
      String note,
      Diagnosis diagnosis,
      String description,
      long probedAt,
      int probes,
      int reused,
      int skipped,
      int failed,
      List<Event> events) {

    /** Copies the events. */
    public Service {
      events = List.copyOf(events);
    }

    static Service of(
        String name,
        ProbeResult result,
        String misconfigured,
        long probedAt,
        int probes,
        int reused,
        int skipped,
        int failed,
        List<Event> events) {
      if (result == null) {
        // never probed: its configuration was refused (the error is its reason), or not needed yet
        return new Service(
            name,
            null,
            null,
            misconfigured == null ? null : ServiceStatus.MISCONFIGURED.name(),
            0,
            null,
            null,
            null,
            misconfigured,
            misconfigured == null ? 0 : probedAt,
            probes,
            reused,
            skipped,
            failed,
            events);
      }
      return new Service(
          name,
          result.kind().id(),
          result.endpoint(),
          result.status().name(),
          result.latency().toMillis(),
          result.version().orElse(null),
          result.note().orElse(null),
          result.diagnosis().orElse(null),
          result.describe(),
          probedAt,
          probes,
          reused,
          skipped,
          failed,
          events);
    }

    private Service plus(Service other) {
      List<Event> both = new ArrayList<>(events);
      both.addAll(other.events);
      both.sort(java.util.Comparator.comparingLong(Event::at));
      Service latest = other.probedAt > probedAt || status == null ? other : this;
      return new Service(
          name,
          latest.kind,
          latest.endpoint,
          latest.status,
          latest.latencyMillis,
          latest.version,
          latest.note,
          latest.diagnosis,
          latest.description,
          latest.probedAt,
          probes + other.probes,
          reused + other.reused,
          skipped + other.skipped,
          failed + other.failed,
          both);
    }
  }

  /**
   * Something that happened to a service during the build.
   *
   * @param at when, epoch milliseconds
   * @param what {@code up}, {@code went away}, {@code came back}
   * @param detail the test it took with it, the diagnosis
   */
  public record Event(long at, String what, String detail) {}

  /**
   * The figures of several JVMs as one: counts added, notes joined, each service's latest probe.
   *
   * @param parts the JVMs' figures
   * @return the sum
   */
  public static Figures merge(List<Figures> parts) {
    List<JvmIdentity> jvms = new ArrayList<>();
    Set<String> notes = new LinkedHashSet<>();
    Map<String, Service> services = new TreeMap<>();
    long updatedAt = 0;
    int skipped = 0;
    int failed = 0;
    for (Figures part : parts) {
      jvms.addAll(part.jvms);
      notes.addAll(part.notes);
      updatedAt = Math.max(updatedAt, part.updatedAt);
      skipped += part.skipped;
      failed += part.failed;
      for (Service service : part.services) {
        services.merge(service.name, service, Service::plus);
      }
    }
    return new Figures(
        jvms,
        updatedAt,
        skipped,
        failed,
        new ArrayList<>(notes),
        new ArrayList<>(services.values()));
  }
}
