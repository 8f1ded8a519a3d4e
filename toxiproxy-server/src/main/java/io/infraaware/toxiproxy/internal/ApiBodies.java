package io.infraaware.toxiproxy.internal;

import io.infraaware.toxiproxy.internal.GoDecoder.Field;
import io.infraaware.toxiproxy.internal.GoDecoder.Struct;
import io.infraaware.toxiproxy.internal.GoJsonReader.Arr;
import io.infraaware.toxiproxy.internal.GoJsonReader.Null;
import io.infraaware.toxiproxy.internal.GoJsonReader.Obj;
import io.infraaware.toxiproxy.internal.GoJsonReader.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request bodies of Toxiproxy's API, decoded into the Go types Toxiproxy 2.12 decodes them into
 * ({@code toxiproxy.Proxy}, {@code toxics.ToxicWrapper}, the anonymous structs of {@code /populate}
 * and of a toxic's update), with Go's rules and Go's error texts.
 */
final class ApiBodies {

  private static final String POPULATE_ITEM =
      "struct { toxiproxy.Proxy; Enabled *bool \"json:\\\"enabled\\\"\" }";
  private static final String ATTRIBUTES_ONLY =
      "struct { Attributes interface {} \"json:\\\"attributes\\\"\" }";
  private static final String TOXIC_UPDATE =
      "struct { Attributes interface {} \"json:\\\"attributes\\\"\";"
          + " Toxicity float32 \"json:\\\"toxicity\\\"\" }";

  private ApiBodies() {}

  /** What a body holds: every field null that the body left as it was. */
  static final class ProxyFields {
    String name;
    String listen;
    String upstream;
    Boolean enabled;

    Registry.ProxySpec spec() {
      return new Registry.ProxySpec(name, listen, upstream, enabled);
    }
  }

  /** The first pass over a new toxic: everything but the attributes' values. */
  static final class ToxicFields {
    String name = "";
    String type = "";
    String stream = "downstream";
    float toxicity = 1;
  }

  /** A toxic's update: the attributes after it, and the toxicity. */
  record ToxicUpdate(Map<String, Long> attributes, float toxicity) {}

  /** Reads a body, or fails with Go's syntax error as Toxiproxy reports it. */
  static Value read(byte[] body) throws ApiException {
    try {
      return GoJsonReader.read(body);
    } catch (GoJsonReader.SyntaxError e) {
      throw badBody(e.getMessage());
    }
  }

  private static ApiException badBody(String message) {
    return new ApiException(400, "bad request body: " + message);
  }

  private static void check(GoDecoder decoder) throws ApiException {
    if (decoder.error() != null) {
      throw badBody(decoder.error());
    }
  }

  /** A {@code toxiproxy.Proxy} (to create or to update a proxy). */
  static ProxyFields proxy(Value body) throws ApiException {
    GoDecoder decoder = new GoDecoder();
    ProxyFields fields = new ProxyFields();
    decoder.struct(body, proxyStruct(decoder, fields, "Proxy", "toxiproxy.Proxy", false));
    check(decoder);
    return fields;
  }

  private static Struct proxyStruct(
      GoDecoder decoder, ProxyFields into, String name, String goType, boolean enabledPointer) {
    // the Logger field is Toxiproxy's exported *zerolog.Logger: an object (its fields unexported)
    Struct logger = new Struct("Logger", "zerolog.Logger", List.of());
    return new Struct(
        name,
        goType,
        List.of(
            new Field("name", decoder.string(v -> into.name = v)),
            new Field("listen", decoder.string(v -> into.listen = v)),
            new Field("upstream", decoder.string(v -> into.upstream = v)),
            new Field("Logger", v -> decoder.struct(v, logger)),
            new Field(
                "enabled",
                enabledPointer
                    ? decoder.boolPointer(v -> into.enabled = v)
                    : decoder.bool(v -> into.enabled = v))));
  }

  /**
   * A {@code /populate} list: {@code []struct { toxiproxy.Proxy; Enabled *bool }}.
   *
   * @return the proxies, or null for a JSON {@code null} (Toxiproxy answers {@code proxies: null})
   */
  static List<Registry.ProxySpec> populate(Value body) throws ApiException {
    if (body == Null.NULL) {
      return null;
    }
    String listType = "[]" + POPULATE_ITEM;
    if (!(body instanceof Arr list)) {
      throw badBody("json: cannot unmarshal " + body.kind() + " into Go value of type " + listType);
    }
    GoDecoder decoder = new GoDecoder();
    List<Registry.ProxySpec> specs = new ArrayList<>();
    for (Value item : list.items()) {
      ProxyFields fields = new ProxyFields();
      decoder.struct(item, proxyStruct(decoder, fields, "", POPULATE_ITEM, true));
      specs.add(fields.spec());
    }
    check(decoder);
    return specs;
  }

  /**
   * The first pass over a new toxic, into a {@code toxics.ToxicWrapper} whose attributes are still
   * a {@code NoopToxic}: only the attributes' own type is checked here.
   */
  static ToxicFields toxic(Value body) throws ApiException {
    GoDecoder decoder = new GoDecoder();
    ToxicFields fields = new ToxicFields();
    Struct noop = new Struct("NoopToxic", "toxics.NoopToxic", List.of());
    boolean[] nil = {false};
    Struct wrapper =
        new Struct(
            "ToxicWrapper",
            "toxics.ToxicWrapper",
            List.of(
                new Field("attributes", v -> intoInterface(decoder, v, noop, nil, "toxics.Toxic")),
                new Field("name", decoder.string(v -> fields.name = v)),
                new Field("type", decoder.string(v -> fields.type = v)),
                new Field("stream", decoder.string(v -> fields.stream = v)),
                new Field("toxicity", decoder.float32(v -> fields.toxicity = v))));
    decoder.struct(body, wrapper);
    check(decoder);
    return fields;
  }

  /** The second pass over a new toxic, once its type is known: its attributes' values. */
  static Map<String, Long> attributes(Value body, ToxicType type) throws ApiException {
    GoDecoder decoder = new GoDecoder();
    Map<String, Long> values = zeros(type);
    boolean[] nil = {false};
    Struct attributesOnly =
        new Struct(
            "",
            ATTRIBUTES_ONLY,
            List.of(
                new Field(
                    "attributes",
                    v ->
                        intoInterface(decoder, v, toxicStruct(decoder, type, values), nil, null))));
    decoder.struct(body, attributesOnly);
    check(decoder);
    return values;
  }

  /**
   * A toxic's update, decoded into a copy of its attributes and toxicity: nothing changes unless
   * the whole body fits (Toxiproxy decodes into the live toxic and keeps what came before an
   * error).
   */
  static ToxicUpdate toxicUpdate(Value body, Toxic toxic) throws ApiException {
    GoDecoder decoder = new GoDecoder();
    Map<String, Long> values = new LinkedHashMap<>(toxic.attributes());
    float[] toxicity = {toxic.toxicity()};
    boolean[] nil = {false};
    Struct update =
        new Struct(
            "",
            TOXIC_UPDATE,
            List.of(
                new Field(
                    "attributes",
                    v ->
                        intoInterface(
                            decoder, v, toxicStruct(decoder, toxic.type(), values), nil, null)),
                new Field("toxicity", decoder.float32(v -> toxicity[0] = v))));
    decoder.struct(body, update);
    check(decoder);
    return new ToxicUpdate(values, toxicity[0]);
  }

  private static Map<String, Long> zeros(ToxicType type) {
    Map<String, Long> values = new LinkedHashMap<>();
    for (String attribute : type.attributes()) {
      values.put(attribute, 0L);
    }
    return values;
  }

  private static Struct toxicStruct(GoDecoder decoder, ToxicType type, Map<String, Long> into) {
    List<Field> fields = new ArrayList<>();
    for (String attribute : type.attributes()) {
      fields.add(
          new Field(attribute, decoder.integer(type.goIntType(), v -> into.put(attribute, v))));
    }
    return new Struct(type.goType(), "toxics." + type.goType(), fields);
  }

  /**
   * A Go interface field that holds a pointer to a struct: a value goes into the struct; {@code
   * null} makes the interface nil, after which an empty interface ({@code interface {}}, {@code
   * namedType} null) takes anything and a named one ({@code toxics.Toxic}) takes nothing but null.
   */
  private static void intoInterface(
      GoDecoder decoder, Value value, Struct held, boolean[] nil, String namedType) {
    if (value == Null.NULL) {
      nil[0] = true;
    } else if (!nil[0]) {
      decoder.struct(value, held);
    } else if (namedType != null) {
      decoder.mismatch(value.kind(), namedType);
    }
  }

  /** Whether a body is a JSON object (for callers that need to know before decoding). */
  static boolean isObject(Value body) {
    return body instanceof Obj;
  }
}
