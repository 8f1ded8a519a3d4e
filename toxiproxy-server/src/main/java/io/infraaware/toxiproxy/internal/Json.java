package io.infraaware.toxiproxy.internal;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes responses exactly as Toxiproxy's Go encoder does: its key order, its numbers, and its
 * string escapes (HTML-safe: {@code <}, {@code >}, {@code &}, U+2028 and U+2029 as six-character
 * escapes, as are control characters but for newline, return and tab).
 */
final class Json {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Json() {}

  /** Appends a JSON string as Go's {@code encoding/json} writes it (HTML-safe). */
  static void string(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else if (c == '\u2028' || c == '\u2029') {
            out.append(c == '\u2028' ? "\\u2028" : "\\u2029");
          } else if (Character.isSurrogate(c)) {
            boolean paired =
                Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
              out.append(c).append(text.charAt(++i));
            } else {
              out.append("\\ufffd"); // no UTF-8 form: Go writes the replacement character
            }
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  /**
   * A float32 as Go writes it: the shortest digits that read back as the same float, in plain
   * notation unless below 1e-6 or from 1e21 on ({@code 1e-7}, not {@code 1e-07}).
   */
  static String float32(float value) {
    if (value == 0) {
      return 1 / value < 0 ? "-0" : "0";
    }
    BigDecimal shortest = shortest(value);
    float abs = Math.abs(value);
    if (abs < 1e-6f || abs >= 1e21f) {
      BigDecimal unscaled = new BigDecimal(shortest.unscaledValue());
      String digits = unscaled.abs().toPlainString();
      int exponent = digits.length() - 1 - shortest.scale();
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (value < 0 ? "-" : "")
          + mantissa
          + "e"
          + (exponent < 0 ? "-" + -exponent : "+" + exponent);
    }
    return shortest.toPlainString();
  }

  /** The fewest significant digits that parse back to the same float. */
  private static BigDecimal shortest(float value) {
    BigDecimal exact = new BigDecimal(Float.toString(value));
    for (int digits = 1; digits < exact.precision(); digits++) {
      BigDecimal rounded = exact.round(new java.math.MathContext(digits));
      if (Float.parseFloat(rounded.toString()) == value) {
        return rounded.stripTrailingZeros();
      }
    }
    return exact.stripTrailingZeros();
  }

  static void proxy(StringBuilder out, ToxicProxy proxy) {
    out.append("{\"name\":");
    string(out, proxy.name());
    out.append(",\"listen\":");
    string(out, proxy.listen());
    out.append(",\"upstream\":");
    string(out, proxy.upstream());
    out.append(",\"enabled\":").append(proxy.enabled());
    out.append(",\"Logger\":{},\"toxics\":");
    toxics(out, proxy.toxics());
    out.append('}');
  }

  static void toxic(StringBuilder out, Toxic toxic) {
    out.append("{\"attributes\":{");
    boolean first = true;
    for (Map.Entry<String, Long> attribute : toxic.attributes().entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append('"').append(attribute.getKey()).append("\":").append(attribute.getValue());
    }
    out.append("},\"name\":");
    string(out, toxic.name());
    out.append(",\"type\":\"").append(toxic.type().apiName()).append("\",\"stream\":");
    string(out, toxic.stream());
    out.append(",\"toxicity\":").append(toxic.toxicityText()).append('}');
  }

  private static void toxics(StringBuilder out, List<Toxic> toxics) {
    out.append('[');
    for (int i = 0; i < toxics.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      toxic(out, toxics.get(i));
    }
    out.append(']');
  }

  static String proxyJson(ToxicProxy proxy) {
    StringBuilder out = new StringBuilder(256);
    proxy(out, proxy);
    return out.toString();
  }

  static String toxicJson(Toxic toxic) {
    StringBuilder out = new StringBuilder(128);
    toxic(out, toxic);
    return out.toString();
  }

  static String toxicsJson(List<Toxic> toxics) {
    StringBuilder out = new StringBuilder(128);
    toxics(out, toxics);
    return out.toString();
  }

  /** The proxies by name; Go sorts a map's keys, and the registry keeps them sorted. */
  static String index(Collection<ToxicProxy> proxies) {
    StringBuilder out = new StringBuilder(256);
    out.append('{');
    boolean first = true;
    for (ToxicProxy proxy : proxies) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, proxy.name());
      out.append(':');
      proxy(out, proxy);
    }
    return out.append('}').toString();
  }

  static String populated(List<ToxicProxy> proxies) {
    StringBuilder out = new StringBuilder(256);
    out.append('{');
    proxyList(out, proxies);
    return out.append('}').toString();
  }

  private static void proxyList(StringBuilder out, List<ToxicProxy> proxies) {
    out.append("\"proxies\":");
    if (proxies == null || proxies.isEmpty()) {
      out.append("null");
      return;
    }
    out.append('[');
    for (int i = 0; i < proxies.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      proxy(out, proxies.get(i));
    }
    out.append(']');
  }

  static String error(String message, int status) {
    StringBuilder out = new StringBuilder(64 + message.length());
    out.append("{\"error\":");
    string(out, message);
    return out.append(",\"status\":").append(status).append('}').toString();
  }

  static String populateError(String message, int status, List<ToxicProxy> created) {
    StringBuilder out = new StringBuilder(64 + message.length());
    out.append("{\"error\":");
    string(out, message);
    out.append(",\"status\":").append(status).append(',');
    proxyList(out, created);
    return out.append('}').toString();
  }
}
