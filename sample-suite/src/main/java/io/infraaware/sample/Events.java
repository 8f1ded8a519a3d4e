package io.infraaware.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The sample's structured events (breaker transitions, alerts, background checks that changed): one
 * JSON object per line on standard output, nothing before it, so that a log shipper takes each line
 * as it is. Everything else the sample logs goes to standard error, for people.
 */
final class Events {

  /** Standard output, a line at a time. */
  static final Events STANDARD_OUTPUT = new Events(Events::print);

  private final Consumer<String> sink;

  /**
   * Events written to {@code sink}, a line each.
   *
   * @param sink where each line goes
   */
  Events(Consumer<String> sink) {
    this.sink = sink;
  }

  private static void print(String line) {
    PrintStream out = System.out;
    synchronized (out) {
      out.println(line);
    }
  }

  /**
   * One event.
   *
   * @param level {@code INFO}, {@code WARN} or {@code ERROR}
   * @param fields the event's fields, {@code event} first; written after {@code level}
   */
  void emit(String level, Map<String, Object> fields) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("level", level);
    line.putAll(fields);
    sink.accept(json(line));
  }

  /**
   * A map as one line of JSON.
   *
   * @param fields the map
   * @return the line
   */
  static String json(Map<String, Object> fields) {
    try {
      return Http.JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("An event cannot be written as JSON: " + fields.keySet(), e);
    }
  }

  /**
   * What a failure was, for a line a person may read: its class and message, with secrets masked.
   *
   * @param failure the failure
   * @return e.g. {@code ConnectException: Connection refused}
   */
  static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getSimpleName()
        + (message == null ? "" : ": " + SampleConfig.mask(message));
  }
}
