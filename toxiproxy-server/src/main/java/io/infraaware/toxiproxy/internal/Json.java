package io.infraaware.toxiproxy.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads request bodies and writes responses exactly as Toxiproxy's Go encoder does. */
final class Json {

  // Decimals keep the number a client sent (1e400 stays 1E+400 rather than becoming Infinity), so
  // that errors can name it.
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final JsonFactory FACTORY = MAPPER.getFactory();
  private static final Pattern UNRECOGNIZED = Pattern.compile("Unrecognized token '([^']*)'");
  private static final Pattern UNEXPECTED =
      Pattern.compile("Unexpected character \\('(.)' \\(code");

  private Json() {}

  /** Parses a body; Go's decoder errors become the same {@code bad request body: ...} text. */
  static JsonNode parse(String body) throws ApiException {
    if (body.isBlank()) {
      throw new ApiException(400, "bad request body: EOF");
    }
    try (var parser = FACTORY.createParser(body)) {
      JsonNode node = MAPPER.readTree(parser);
      if (node == null) {
        throw new ApiException(400, "bad request body: EOF");
      }
      return node;
    } catch (JsonEOFException e) {
      throw new ApiException(400, "bad request body: unexpected EOF");
    } catch (JsonParseException e) {
      // Go reports a token cut off by the end of the body ("tru") as an unexpected EOF too.
      Matcher token = UNRECOGNIZED.matcher(String.valueOf(e.getOriginalMessage()));
      if (token.find() && body.stripTrailing().endsWith(token.group(1))) {
        throw new ApiException(400, "bad request body: unexpected EOF");
      }
      Matcher character = UNEXPECTED.matcher(String.valueOf(e.getOriginalMessage()));
      String offending =
          character.find()
              ? character.group(1)
              : token.find(0) && !token.group(1).isEmpty() ? token.group(1).substring(0, 1) : null;
      throw new ApiException(
          400,
          "bad request body: invalid character "
              + (offending == null ? "" : "'" + offending + "' ")
              + "looking for beginning of value");
    } catch (IOException e) {
      throw new ApiException(400, "bad request body: " + e.getMessage());
    }
  }

  static String goKind(JsonNode node) {
    if (node.isArray()) {
      return "array";
    }
    if (node.isObject()) {
      return "object";
    }
    if (node.isTextual()) {
      return "string";
    }
    if (node.isBoolean()) {
      return "bool";
    }
    if (node.isNumber()) {
      return "number";
    }
    return "null";
  }

  /** Go names the number itself only when it fails to fit a numeric field ("number 1.5"). */
  private static String goKind(JsonNode node, String goType) {
    boolean numericTarget = goType.startsWith("int") || goType.startsWith("float");
    return node.isNumber() && numericTarget ? "number " + node.asText() : goKind(node);
  }

  /**
   * A field of the expected JSON type, or null when absent; another type is Go's unmarshal error
   * naming the struct field and its Go type.
   */
  private static JsonNode field(
      JsonNode object, String field, Predicate<JsonNode> expected, String goField, String goType)
      throws ApiException {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!expected.test(value)) {
      throw unmarshal(value, goField, goType);
    }
    return value;
  }

  static ApiException unmarshal(JsonNode value, String goField, String goType) {
    return new ApiException(
        400,
        "bad request body: json: cannot unmarshal "
            + goKind(value, goType)
            + " into Go struct field "
            + goField
            + " of type "
            + goType);
  }

  static String text(JsonNode object, String field, String goStruct) throws ApiException {
    JsonNode value = field(object, field, JsonNode::isTextual, goStruct + "." + field, "string");
    return value == null ? null : wellFormed(value.asText());
  }

  /**
   * The text with every unpaired surrogate ({@code "\ud800"} in JSON) replaced by U+FFFD, as Go's
   * decoder does: such a string has no UTF-8 form, so a name holding one could never be asked for
   * again in a URL.
   */
  static String wellFormed(String text) {
    StringBuilder fixed = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1));
      if (paired) {
        if (fixed != null) {
          fixed.append(c).append(text.charAt(i + 1));
        }
        i++;
      } else if (Character.isSurrogate(c)) {
        if (fixed == null) {
          fixed = new StringBuilder(text.length()).append(text, 0, i);
        }
        fixed.append('\uFFFD');
      } else if (fixed != null) {
        fixed.append(c);
      }
    }
    return fixed == null ? text : fixed.toString();
  }

  static Boolean bool(JsonNode object, String field, String goStruct) throws ApiException {
    JsonNode value = field(object, field, JsonNode::isBoolean, goStruct + "." + field, "bool");
    return value == null ? null : value.asBoolean();
  }

  /** The toxicity as the client wrote it, or null when absent. */
  static BigDecimal toxicity(JsonNode object) throws ApiException {
    JsonNode value =
        field(object, "toxicity", JsonNode::isNumber, "ToxicWrapper.toxicity", "float32");
    return value == null ? null : value.decimalValue();
  }

  /**
   * The attributes a toxic type knows, as int64; negative values are refused (Toxiproxy accepts
   * them and misbehaves).
   */
  static Map<String, Long> attributes(JsonNode object, ToxicType type) throws ApiException {
    Map<String, Long> values = new LinkedHashMap<>();
    JsonNode attributes =
        field(
            object,
            "attributes",
            JsonNode::isObject,
            type.goType() + ".attributes",
            "toxics." + type.goType());
    if (attributes == null) {
      return values;
    }
    for (String attribute : type.attributes()) {
      JsonNode value =
          field(
              attributes,
              attribute,
              v -> v.isIntegralNumber() && v.canConvertToLong(),
              type.goType() + ".attributes." + attribute,
              "int64");
      if (value == null) {
        continue;
      }
      if (value.asLong() < 0) {
        throw new ApiException(
            400,
            "attribute "
                + attribute
                + " of a "
                + type.apiName()
                + " toxic cannot be negative, was "
                + value.asLong());
      }
      values.put(attribute, value.asLong());
    }
    return values;
  }

  /** Go prints float64 1 as {@code 1} and 0.25 as {@code 0.25}. */
  static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  interface Writer {
    void write(JsonGenerator json) throws IOException;
  }

  static String write(Writer writer) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      writer.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static void proxy(JsonGenerator json, ToxicProxy proxy) throws IOException {
    json.writeStartObject();
    json.writeStringField("name", proxy.name());
    json.writeStringField("listen", proxy.listen());
    json.writeStringField("upstream", proxy.upstream());
    json.writeBooleanField("enabled", proxy.enabled());
    json.writeObjectFieldStart("Logger");
    json.writeEndObject();
    json.writeArrayFieldStart("toxics");
    for (Toxic toxic : proxy.toxics()) {
      toxic(json, toxic);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  static void toxic(JsonGenerator json, Toxic toxic) throws IOException {
    json.writeStartObject();
    json.writeObjectFieldStart("attributes");
    for (Map.Entry<String, Long> attribute : toxic.attributes().entrySet()) {
      json.writeNumberField(attribute.getKey(), attribute.getValue());
    }
    json.writeEndObject();
    json.writeStringField("name", toxic.name());
    json.writeStringField("type", toxic.type().apiName());
    json.writeStringField("stream", toxic.stream());
    json.writeFieldName("toxicity");
    json.writeNumber(number(toxic.toxicity()));
    json.writeEndObject();
  }

  static String proxyJson(ToxicProxy proxy) {
    return write(json -> proxy(json, proxy));
  }

  static String toxicJson(Toxic toxic) {
    return write(json -> toxic(json, toxic));
  }

  static String toxicsJson(List<Toxic> toxics) {
    return write(
        json -> {
          json.writeStartArray();
          for (Toxic toxic : toxics) {
            toxic(json, toxic);
          }
          json.writeEndArray();
        });
  }

  static String index(Collection<ToxicProxy> proxies) {
    return write(
        json -> {
          json.writeStartObject();
          for (ToxicProxy proxy : proxies) {
            json.writeFieldName(proxy.name());
            proxy(json, proxy);
          }
          json.writeEndObject();
        });
  }

  static String populated(List<ToxicProxy> proxies) {
    return write(
        json -> {
          json.writeStartObject();
          proxyList(json, proxies);
          json.writeEndObject();
        });
  }

  static void proxyList(JsonGenerator json, List<ToxicProxy> proxies) throws IOException {
    json.writeFieldName("proxies");
    if (proxies == null || proxies.isEmpty()) {
      json.writeNull();
      return;
    }
    json.writeStartArray();
    for (ToxicProxy proxy : proxies) {
      proxy(json, proxy);
    }
    json.writeEndArray();
  }

  static String error(String message, int status) {
    return write(
        json -> {
          json.writeStartObject();
          json.writeStringField("error", message);
          json.writeNumberField("status", status);
          json.writeEndObject();
        });
  }

  static String populateError(String message, int status, List<ToxicProxy> created) {
    return write(
        json -> {
          json.writeStartObject();
          json.writeStringField("error", message);
          json.writeNumberField("status", status);
          proxyList(json, created);
          json.writeEndObject();
        });
  }
}
