package io.infraaware.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infraaware.probe.Diagnosis;
import io.infraaware.probe.ProbeResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a test run learnt about its infrastructure: each service's probe result and how many tests
 * it skipped or failed. Printed at the end of the run and written as JSON.
 *
 * <p>Thread-safe: tests running in parallel record into one summary.
 *
 * @since 0.1.0
 */
public final class RunSummary {

  /** The file name of the JSON summary inside the report directory. */
  public static final String FILE_NAME = "infrastructure-summary.json";

  private final Map<String, Entry> entries = new TreeMap<>();
  private final List<String> notes = new ArrayList<>();
  private int skipped;
  private int failed;

  private static final class Entry {
    private ProbeResult result;
    private int skipped;
    private int failed;
  }

  /**
   * Records a probe result; the latest one for a service wins.
   *
   * @param result the result
   */
  public synchronized void recordProbe(ProbeResult result) {
    entries.computeIfAbsent(result.service(), name -> new Entry()).result = result;
  }

  /**
   * Records a note about the run's configuration, printed with the summary: an environment variable
   * that a configuration parameter overrides, say.
   *
   * @param note one sentence, secrets masked
   */
  public synchronized void recordNote(String note) {
    if (!notes.contains(note)) {
      notes.add(note);
    }
  }

  /**
   * The notes recorded so far.
   *
   * @return the notes
   */
  public synchronized List<String> notes() {
    return List.copyOf(notes);
  }

  /**
   * Counts tests skipped because of a service: one for a test, its tests for a skipped class.
   *
   * @param service the service's name
   * @param tests how many tests the skip stands for
   */
  public synchronized void recordSkipped(String service, int tests) {
    entries.computeIfAbsent(service, name -> new Entry()).skipped += tests;
    skipped += tests;
  }

  /**
   * Counts tests failed because of a service: one for a test, its tests for a failed class; 0 to
   * record the service alone (a configuration error found before any test).
   *
   * @param service the service's name
   * @param tests how many tests the failure stands for
   */
  public synchronized void recordFailed(String service, int tests) {
    entries.computeIfAbsent(service, name -> new Entry()).failed += tests;
    failed += tests;
  }

  /**
   * How many tests were skipped for infrastructure so far.
   *
   * @return the count
   */
  public synchronized int skipped() {
    return skipped;
  }

  /**
   * Whether anything was recorded.
   *
   * @return true when no service was probed and nothing skipped or failed
   */
  public synchronized boolean isEmpty() {
    return entries.isEmpty() && notes.isEmpty();
  }

  /**
   * The summary as a few lines for the console.
   *
   * @return the text, one line per service after a heading
   */
  public synchronized String toText() {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "InfraAware: %d service(s), %d test(s) skipped and %d failed for infrastructure",
            entries.size(),
            skipped,
            failed));
    for (Map.Entry<String, Entry> item : entries.entrySet()) {
      Entry entry = item.getValue();
      ProbeResult result = entry.result;
      StringBuilder line = new StringBuilder("  ").append(item.getKey());
      if (result == null) {
        line.append(": not probed");
      } else {
        line.append(' ')
            .append(result.status())
            .append(' ')
            .append(result.endpoint())
            .append(' ')
            .append(result.latency().toMillis())
            .append("ms");
        result.version().ifPresent(v -> line.append(" version ").append(v));
      }
      line.append(" skipped=").append(entry.skipped).append(" failed=").append(entry.failed);
      if (result != null && result.note().isPresent()) {
        line.append("\n    note: ").append(result.note().get());
      }
      if (result != null && result.diagnosis().isPresent()) {
        Diagnosis diagnosis = result.diagnosis().get();
        line.append("\n    ").append(diagnosis.code()).append(": ").append(diagnosis.detail());
        line.append("\n    fix: ").append(diagnosis.hint());
      }
      lines.add(line.toString());
    }
    for (String note : notes) {
      lines.add("  note: " + note);
    }
    return String.join(System.lineSeparator(), lines);
  }

  /**
   * The summary as JSON: totals and one object per service.
   *
   * @return the JSON text
   */
  public synchronized String toJson() {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("finishedAt", Instant.now().toString());
    root.put("skipped", skipped);
    root.put("failed", failed);
    ArrayNode noteArray = root.putArray("notes");
    notes.forEach(noteArray::add);
    ArrayNode services = root.putArray("services");
    for (Map.Entry<String, Entry> item : entries.entrySet()) {
      Entry entry = item.getValue();
      ObjectNode node = services.addObject();
      node.put("name", item.getKey());
      if (entry.result != null) {
        ProbeResult result = entry.result;
        node.put("kind", result.kind().id());
        node.put("endpoint", result.endpoint());
        node.put("status", result.status().name());
        node.put("latencyMillis", result.latency().toMillis());
        node.put("version", result.version().orElse(null));
        node.put("note", result.note().orElse(null));
        result
            .diagnosis()
            .ifPresent(
                d -> {
                  ObjectNode diagnosis = node.putObject("diagnosis");
                  diagnosis.put("code", d.code().name());
                  diagnosis.put("detail", d.detail());
                  diagnosis.put("hint", d.hint());
                });
        node.put("description", result.describe());
      }
      node.put("skipped", entry.skipped);
      node.put("failed", entry.failed);
    }
    try {
      return json.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@value #FILE_NAME} into a directory, creating it.
   *
   * @param directory the report directory
   * @return the file written
   * @throws UncheckedIOException when the file cannot be written
   */
  public Path writeTo(Path directory) {
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve(FILE_NAME);
      Files.writeString(file, toJson());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the InfraAware summary to " + directory, e);
    }
  }
}
