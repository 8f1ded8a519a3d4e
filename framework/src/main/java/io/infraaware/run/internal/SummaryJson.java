package io.infraaware.run.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.infraaware.probe.Diagnosis;
import io.infraaware.probe.DiagnosisCode;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Figures} as JSON, for the summary file and for each JVM's share of a build.
 *
 * <p>Jackson's streaming layer, not its data binding: a fresh JVM (every Surefire fork) pays for
 * what it loads, and data binding costs half a second there.
 */
final class SummaryJson {

  private static final JsonFactory JSON = new JsonFactory();

  private SummaryJson() {}

  /** Loads the writer and the parser: a fresh JVM's first summary need not wait for them. */
  static void prepare() throws IOException {
    read(
        write(
            new Figures(
                java.util.List.of(JvmIdentity.CURRENT),
                0,
                0,
                0,
                java.util.List.of(),
                java.util.List.of()),
            "prepare"));
  }

  static String write(Figures figures, String buildId) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeStringField("finishedAt", Instant.ofEpochMilli(figures.updatedAt()).toString());
      json.writeObjectFieldStart("build");
      json.writeStringField("id", buildId);
      json.writeArrayFieldStart("jvms");
      for (JvmIdentity jvm : figures.jvms()) {
        json.writeStartObject();
        json.writeNumberField("pid", jvm.pid());
        json.writeNumberField("startedAt", jvm.startedAt());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeNumberField("updatedAt", figures.updatedAt());
      json.writeNumberField("skipped", figures.skipped());
      json.writeNumberField("failed", figures.failed());
      json.writeArrayFieldStart("notes");
      for (String note : figures.notes()) {
        json.writeString(note);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("services");
      for (Figures.Service service : figures.services()) {
        writeService(json, service);
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the summary as JSON", e);
    }
    return out.toString();
  }

  private static void writeService(JsonGenerator json, Figures.Service service) throws IOException {
    json.writeStartObject();
    json.writeStringField("name", service.name());
    if (service.status() != null) {
      json.writeStringField("kind", service.kind());
      json.writeStringField("endpoint", service.endpoint());
      json.writeStringField("status", service.status());
      json.writeNumberField("latencyMillis", service.latencyMillis());
      json.writeStringField("version", service.version());
      json.writeStringField("note", service.note());
      if (service.diagnosis() != null) {
        json.writeObjectFieldStart("diagnosis");
        json.writeStringField("code", service.diagnosis().code().name());
        json.writeStringField("detail", service.diagnosis().detail());
        json.writeStringField("hint", service.diagnosis().hint());
        json.writeEndObject();
      }
      json.writeStringField("description", service.description());
      json.writeNumberField("probedAt", service.probedAt());
    }
    json.writeNumberField("probes", service.probes());
    json.writeNumberField("reused", service.reused());
    json.writeNumberField("skipped", service.skipped());
    json.writeNumberField("failed", service.failed());
    json.writeArrayFieldStart("timeline");
    for (Figures.Event event : service.events()) {
      json.writeStartObject();
      json.writeStringField("at", Instant.ofEpochMilli(event.at()).toString());
      json.writeNumberField("atMillis", event.at());
      json.writeStringField("event", event.what());
      json.writeStringField("detail", event.detail());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws IOException when the text is not such a summary
   */
  static Figures read(String text) throws IOException {
    Map<String, Object> root;
    try (JsonParser json = JSON.createParser(text)) {
      Object value = value(json, json.nextToken());
      if (!(value instanceof Map<?, ?> map)) {
        throw new IOException("not a JSON object");
      }
      root = cast(map);
    }
    List<JvmIdentity> jvms = new ArrayList<>();
    for (Object jvm : list(object(root, "build").get("jvms"))) {
      Map<String, Object> fields = cast((Map<?, ?>) jvm);
      jvms.add(new JvmIdentity(number(fields, "pid"), number(fields, "startedAt")));
    }
    List<String> notes = new ArrayList<>();
    for (Object note : list(root.get("notes"))) {
      notes.add(String.valueOf(note));
    }
    List<Figures.Service> services = new ArrayList<>();
    for (Object service : list(root.get("services"))) {
      services.add(service(cast((Map<?, ?>) service)));
    }
    return new Figures(
        jvms,
        number(root, "updatedAt"),
        (int) number(root, "skipped"),
        (int) number(root, "failed"),
        notes,
        services);
  }

  private static Figures.Service service(Map<String, Object> fields) {
    Diagnosis diagnosis = null;
    if (fields.get("diagnosis") instanceof Map<?, ?> found) {
      Map<String, Object> d = cast(found);
      diagnosis =
          new Diagnosis(
              DiagnosisCode.valueOf(String.valueOf(d.get("code"))),
              String.valueOf(d.get("detail")),
              String.valueOf(d.get("hint")));
    }
    return new Figures.Service(
        String.valueOf(fields.get("name")),
        text(fields, "kind"),
        text(fields, "endpoint"),
        text(fields, "status"),
        number(fields, "latencyMillis"),
        text(fields, "version"),
        text(fields, "note"),
        diagnosis,
        text(fields, "description"),
        number(fields, "probedAt"),
        (int) number(fields, "probes"),
        (int) number(fields, "reused"),
        (int) number(fields, "skipped"),
        (int) number(fields, "failed"),
        events(fields));
  }

  private static List<Figures.Event> events(Map<String, Object> fields) {
    List<Figures.Event> events = new ArrayList<>();
    for (Object event : list(fields.get("timeline"))) {
      Map<String, Object> e = cast((Map<?, ?>) event);
      events.add(
          new Figures.Event(
              number(e, "atMillis"),
              String.valueOf(e.get("event")),
              String.valueOf(e.get("detail"))));
    }
    return events;
  }

  private static Object value(JsonParser json, JsonToken token) throws IOException {
    if (token == null) {
      throw new IOException("the JSON ends early");
    }
    switch (token) {
      case START_OBJECT:
        Map<String, Object> object = new LinkedHashMap<>();
        for (JsonToken next = json.nextToken();
            next != JsonToken.END_OBJECT;
            next = json.nextToken()) {
          String name = json.currentName();
          object.put(name, value(json, json.nextToken()));
        }
        return object;
      case START_ARRAY:
        List<Object> array = new ArrayList<>();
        for (JsonToken next = json.nextToken();
            next != JsonToken.END_ARRAY;
            next = json.nextToken()) {
          array.add(value(json, next));
        }
        return array;
      case VALUE_NUMBER_INT:
        return json.getLongValue();
      case VALUE_NULL:
        return null;
      default:
        return json.getText();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  private static Map<String, Object> object(Map<String, Object> fields, String name)
      throws IOException {
    if (fields.get(name) instanceof Map<?, ?> map) {
      return cast(map);
    }
    throw new IOException("no object [" + name + "]");
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> list ? list : List.of();
  }

  private static String text(Map<String, Object> fields, String name) {
    Object value = fields.get(name);
    return value == null ? null : value.toString();
  }

  private static long number(Map<String, Object> fields, String name) {
    return fields.get(name) instanceof Long value ? value : 0L;
  }
}
