package io.infraaware.redis.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RESP, as far as InfraAware speaks it: commands encoded as arrays of bulk strings, and replies of
 * RESP2 and RESP3 read into plain values.
 */
final class Resp {

  private Resp() {}

  /** Where replies are read from. */
  interface Source {
    /**
     * A line, without its CRLF.
     *
     * @return the line
     * @throws IOException when the connection fails or ends
     */
    String readLine() throws IOException;

    /**
     * Exactly so many bytes.
     *
     * @param length how many
     * @return the bytes
     * @throws IOException when the connection fails or ends first
     */
    byte[] readExactly(int length) throws IOException;
  }

  /**
   * An error reply ({@code -} or {@code !}), as a value: a pipeline's or a transaction's other
   * replies still follow it.
   *
   * @param message what the server said
   */
  record Error(String message) {}

  /**
   * One command as RESP: an array of bulk strings.
   *
   * @param words the command and its arguments
   * @return its bytes
   */
  static byte[] command(String... words) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ascii(out, "*" + words.length + "\r\n");
    for (String word : words) {
      byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
      ascii(out, "$" + bytes.length + "\r\n");
      out.write(bytes, 0, bytes.length);
      ascii(out, "\r\n");
    }
    return out.toByteArray();
  }

  private static void ascii(ByteArrayOutputStream out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    out.write(bytes, 0, bytes.length);
  }

  /**
   * One reply.
   *
   * @param in where it comes from
   * @return a String (simple and bulk strings, and RESP3's doubles, booleans and big numbers as
   *     written), a Long, a List of replies (arrays, sets, pushes; a map's keys and values in
   *     turn), an {@link Error}, or null
   * @throws IOException when the connection fails, or what comes is not RESP
   */
  static Object read(Source in) throws IOException {
    String line = in.readLine();
    if (line.isEmpty()) {
      throw new IOException("an empty line where a RESP reply was expected");
    }
    char type = line.charAt(0);
    String rest = line.substring(1);
    switch (type) {
      case '+':
      case ',':
      case '#':
      case '(':
        return rest;
      case '-':
        return new Error(rest);
      case ':':
        return number(line, rest);
      case '_':
        return null;
      case '$':
      case '=':
      case '!':
        {
          int length = size(line, rest, MAX_BULK);
          if (length < 0) {
            return null;
          }
          byte[] bytes = in.readExactly(length + 2);
          String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
          return type == '!' ? new Error(text) : text;
        }
      case '|':
        {
          // RESP3 attributes: metadata about the reply that follows, which is what is read
          int pairs = size(line, rest, MAX_ITEMS / 2);
          for (int i = 0; i < pairs * 2; i++) {
            read(in);
          }
          return read(in);
        }
      case '*':
      case '%':
      case '~':
      case '>':
        {
          int count = size(line, rest, type == '%' ? MAX_ITEMS / 2 : MAX_ITEMS);
          if (count < 0) {
            return null;
          }
          int items = count * (type == '%' ? 2 : 1);
          List<Object> replies = new ArrayList<>(Math.min(items, 1024));
          for (int i = 0; i < items; i++) {
            replies.add(read(in));
          }
          return replies;
        }
      default:
        throw new IOException("not a RESP reply: " + line);
    }
  }

  /** The most bytes a bulk reply may announce: Redis's own limit (proto-max-bulk-len). */
  private static final int MAX_BULK = 512 * 1024 * 1024;

  /** The most items an aggregate reply may announce. */
  private static final int MAX_ITEMS = 1 << 24;

  /** A length or count: -1 (null), or 0 to {@code max}; anything else is not RESP here. */
  private static int size(String line, String digits, int max) throws IOException {
    long size = number(line, digits);
    if (size < -1 || size > max) {
      throw new IOException("a RESP length out of range: " + line);
    }
    return (int) size;
  }

  private static long number(String line, String digits) throws IOException {
    try {
      return Long.parseLong(digits.trim());
    } catch (NumberFormatException e) {
      throw new IOException("not a RESP reply: " + line, e);
    }
  }
}
