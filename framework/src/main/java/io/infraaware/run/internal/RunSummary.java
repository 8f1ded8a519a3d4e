package io.infraaware.run.internal;

import io.infraaware.probe.Diagnosis;
import io.infraaware.probe.ProbeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * What this JVM learnt about its infrastructure for one report directory: each service's latest
 * probe result, how many probes it made or reused from another JVM of the build, and how many tests
 * each service skipped or failed. The build's summary is the sum of every JVM's ({@link Figures}).
 *
 * <p>Thread-safe: classes running in parallel record into one summary.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class RunSummary {

  /** The file name of the JSON summary inside the report directory. */
  public static final String FILE_NAME = "infrastructure-summary.json";

  private final Map<String, Entry> entries = new TreeMap<>();
  private final List<String> notes = new ArrayList<>();
  private int skipped;
  private int failed;
  private long version;

  private static final class Entry {
    private ProbeResult result;
    private long probedAt;
    private int probes;
    private int reused;
    private int skipped;
    private int failed;
    private String misconfigured;
    private long misconfiguredAt;
    private final List<Figures.Event> events = new ArrayList<>();
  }

  /**
   * Records a probe result; the latest one for a service wins.
   *
   * @param result the result
   * @param probedAt when the probe was made, epoch milliseconds
   * @param reused whether another JVM of the build made it
   */
  public synchronized void recordProbe(ProbeResult result, long probedAt, boolean reused) {
    Entry entry = entry(result.service());
    entry.result = result;
    entry.probedAt = probedAt;
    if (reused) {
      entry.reused++;
    } else {
      entry.probes++;
    }
    version++;
  }

  /**
   * Records a probe this JVM made just now.
   *
   * @param result the result
   */
  public void recordProbe(ProbeResult result) {
    recordProbe(result, System.currentTimeMillis(), false);
  }

  /**
   * Records a note about the run's configuration, printed with the summary.
   *
   * @param note one sentence, secrets masked
   */
  public synchronized void recordNote(String note) {
    if (!notes.contains(note)) {
      notes.add(note);
      version++;
    }
  }

  /**
   * Records something that happened to a service: it went away during a test, it came back.
   *
   * @param service the service's name
   * @param what what happened
   * @param detail which test, which diagnosis
   */
  public synchronized void recordEvent(String service, String what, String detail) {
    entry(service).events.add(new Figures.Event(System.currentTimeMillis(), what, detail));
    version++;
  }

  /**
   * Counts tests skipped because of a service.
   *
   * @param service the service's name
   * @param tests how many tests the skip stands for
   */
  public synchronized void recordSkipped(String service, int tests) {
    entry(service).skipped += tests;
    skipped += tests;
    version++;
  }

  /**
   * Counts tests failed because of a service; 0 records the service alone.
   *
   * @param service the service's name
   * @param tests how many tests the failure stands for
   */
  public synchronized void recordFailed(String service, int tests) {
    entry(service).failed += tests;
    failed += tests;
    version++;
  }

  /**
   * Counts tests failed because a service's configuration is wrong, with the configuration error as
   * the service's reason: a service that was never probed for it still says why it failed.
   *
   * @param service the service's name
   * @param tests how many tests the failure stands for
   * @param reason the configuration error's message, secrets masked
   */
  public synchronized void recordMisconfigured(String service, int tests, String reason) {
    Entry entry = entry(service);
    entry.misconfigured = reason;
    entry.misconfiguredAt = System.currentTimeMillis();
    recordFailed(service, tests);
  }

  private Entry entry(String service) {
    return entries.computeIfAbsent(service, name -> new Entry());
  }

  /**
   * How many tests this JVM skipped for infrastructure.
   *
   * @return the count
   */
  public synchronized int skipped() {
    return skipped;
  }

  /**
   * Whether anything was recorded.
   *
   * @return true when nothing was probed, skipped, failed or noted
   */
  public synchronized boolean isEmpty() {
    return entries.isEmpty() && notes.isEmpty();
  }

  /**
   * How many changes were recorded: a reader that kept the last value it saw knows whether there is
   * news.
   *
   * @return the count of changes
   */
  synchronized long version() {
    return version;
  }

  /**
   * This JVM's figures, to be added to the build's.
   *
   * @param jvm the JVM's identity in the build
   * @return a snapshot
   */
  public synchronized Figures figures(JvmIdentity jvm) {
    List<Figures.Service> services = new ArrayList<>();
    for (Map.Entry<String, Entry> item : entries.entrySet()) {
      Entry entry = item.getValue();
      services.add(
          Figures.Service.of(
              item.getKey(),
              entry.result,
              entry.misconfigured,
              entry.result == null ? entry.misconfiguredAt : entry.probedAt,
              entry.probes,
              entry.reused,
              entry.skipped,
              entry.failed,
              entry.events));
    }
    return new Figures(
        List.of(jvm), System.currentTimeMillis(), skipped, failed, List.copyOf(notes), services);
  }

  /**
   * This JVM's figures as a few lines for the console.
   *
   * @return the text
   */
  public String toText() {
    return toText(figures(JvmIdentity.CURRENT));
  }

  /**
   * This JVM's figures as the summary file's JSON.
   *
   * @return the text
   */
  public String toJson() {
    return SummaryJson.write(figures(JvmIdentity.CURRENT), "this JVM");
  }

  /**
   * The figures as a few lines for the console.
   *
   * @param figures this JVM's or the build's figures
   * @return the text, one line per service after a heading
   */
  public static String toText(Figures figures) {
    StringBuilder text = new StringBuilder();
    text.append("InfraAware: ")
        .append(figures.services().size())
        .append(" service(s), ")
        .append(figures.skipped())
        .append(" test(s) skipped and ")
        .append(figures.failed())
        .append(" failed for infrastructure");
    for (Figures.Service service : figures.services()) {
      text.append(System.lineSeparator()).append("  ").append(service.name());
      if (service.status() == null) {
        text.append(": not probed");
      } else if (service.endpoint() == null) {
        // not probed: its configuration was refused
        text.append(' ').append(service.status()).append(": ").append(service.description());
      } else {
        text.append(' ')
            .append(service.status())
            .append(' ')
            .append(service.endpoint())
            .append(' ')
            .append(service.latencyMillis())
            .append("ms");
        if (service.version() != null) {
          text.append(" version ").append(service.version());
        }
      }
      text.append(" skipped=")
          .append(service.skipped())
          .append(" failed=")
          .append(service.failed());
      if (service.note() != null) {
        text.append(System.lineSeparator()).append("    note: ").append(service.note());
      }
      for (Figures.Event event : service.events()) {
        text.append(System.lineSeparator())
            .append("    ")
            .append(java.time.Instant.ofEpochMilli(event.at()))
            .append(' ')
            .append(event.what())
            .append(event.detail().isEmpty() ? "" : ": " + event.detail());
      }
      if (service.diagnosis() != null) {
        Diagnosis diagnosis = service.diagnosis();
        text.append(System.lineSeparator())
            .append("    ")
            .append(diagnosis.code())
            .append(": ")
            .append(diagnosis.detail())
            .append(System.lineSeparator())
            .append("    fix: ")
            .append(diagnosis.hint());
      }
    }
    for (String note : figures.notes()) {
      text.append(System.lineSeparator()).append("  note: ").append(note);
    }
    return text.toString();
  }
}
