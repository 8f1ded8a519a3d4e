package io.infraaware.toxiproxy.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads the first JSON value of a request body as Go's {@code json.Decoder} does: byte by byte with
 * the states of Go's scanner, so a body Go refuses is refused here with Go's words ({@code invalid
 * character '0' after object key:value pair}, {@code unexpected EOF}), at most 10,000 levels deep,
 * and what follows the first value is not read. Strings are decoded as Go decodes them: each
 * invalid UTF-8 byte and each unpaired surrogate escape becomes U+FFFD.
 */
final class GoJsonReader {

  /** Go's {@code maxNestingDepth}. */
  static final int MAX_DEPTH = 10_000;

  /** A JSON value. */
  sealed interface Value permits Obj, Arr, Str, Num, Bool, Null {
    /** The name Go's errors give the value's kind. */
    String kind();
  }

  /** An object member, the key decoded. */
  record Member(String key, Value value) {}

  /** An object, its members in the order written (a repeated key appears twice). */
  record Obj(List<Member> members) implements Value {
    @Override
    public String kind() {
      return "object";
    }
  }

  /** An array. */
  record Arr(List<Value> items) implements Value {
    @Override
    public String kind() {
      return "array";
    }
  }

  /** A string. */
  record Str(String text) implements Value {
    @Override
    public String kind() {
      return "string";
    }
  }

  /** A number, as written. */
  record Num(String literal) implements Value {
    @Override
    public String kind() {
      return "number";
    }
  }

  /** {@code true} or {@code false}. */
  record Bool(boolean value) implements Value {
    @Override
    public String kind() {
      return "bool";
    }
  }

  /** {@code null}. */
  enum Null implements Value {
    NULL;

    @Override
    public String kind() {
      return "null";
    }
  }

  /** A body Go's decoder refuses, with Go's message. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message, null, false, false);
    }
  }

  private final byte[] in;
  private int pos;

  private GoJsonReader(byte[] in) {
    this.in = in;
  }

  /**
   * The first value of a body.
   *
   * @param body the bytes
   * @return the value
   * @throws SyntaxError with Go's text: {@code EOF} for a blank body, {@code unexpected EOF} for
   *     one cut short, {@code invalid character ...} for the first byte Go's scanner refuses
   */
  static Value read(byte[] body) throws SyntaxError {
    return new GoJsonReader(body).value();
  }

  /** An open object or array. */
  private static final class Frame {
    final List<Member> members;
    final List<Value> items;
    String key;

    Frame(boolean object) {
      members = object ? new ArrayList<>() : null;
      items = object ? null : new ArrayList<>();
    }

    Value close() {
      return members != null ? new Obj(members) : new Arr(items);
    }
  }

  private Value value() throws SyntaxError {
    Deque<Frame> open = new ArrayDeque<>();
    while (true) {
      // a value begins (top level, after '[' or ',' in an array, after ':' in an object)
      int c = skipSpace();
      Value done;
      if (c == '{' || c == '[') {
        if (open.size() >= MAX_DEPTH) {
          throw error(c, "exceeded max depth");
        }
        pos++;
        Frame frame = new Frame(c == '{');
        open.push(frame);
        int next = skipSpace();
        if (c == '{') {
          if (next == '}') {
            pos++;
            done = close(open);
          } else {
            frame.key = key(next);
            colon();
            continue;
          }
        } else if (next == ']') {
          pos++;
          done = close(open);
        } else {
          continue;
        }
      } else {
        done = scalar(c, open.isEmpty());
      }
      // the value is complete: it ends the body's value, or its container goes on or closes
      while (true) {
        if (open.isEmpty()) {
          return done;
        }
        Frame frame = open.peek();
        if (frame.members != null) {
          frame.members.add(new Member(frame.key, done));
        } else {
          frame.items.add(done);
        }
        int next = skipSpace();
        if (next == ',') {
          pos++;
          if (frame.members != null) {
            frame.key = key(skipSpace());
            colon();
          }
          break;
        }
        if (frame.members != null && next == '}' || frame.members == null && next == ']') {
          pos++;
          done = close(open);
          continue;
        }
        throw error(
            next, frame.members != null ? "after object key:value pair" : "after array element");
      }
    }
  }

  private static Value close(Deque<Frame> open) {
    return open.pop().close();
  }

  private String key(int c) throws SyntaxError {
    if (c != '"') {
      throw error(c, "looking for beginning of object key string");
    }
    return string();
  }

  private void colon() throws SyntaxError {
    int c = skipSpace();
    if (c != ':') {
      throw error(c, "after object key");
    }
    pos++;
  }

  private Value scalar(int c, boolean topLevel) throws SyntaxError {
    switch (c) {
      case '"':
        return new Str(string());
      case 't':
        literal("true");
        return new Bool(true);
      case 'f':
        literal("false");
        return new Bool(false);
      case 'n':
        literal("null");
        return Null.NULL;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number(topLevel);
        }
        throw error(c, "looking for beginning of value");
    }
  }

  private void literal(String word) throws SyntaxError {
    pos++;
    for (int i = 1; i < word.length(); i++) {
      int c = next();
      if (c != word.charAt(i)) {
        throw error(c, "in literal " + word + " (expecting '" + word.charAt(i) + "')");
      }
      pos++;
    }
  }

  /** A number, by the states of Go's scanner; at the top level the end of the body ends it. */
  private Value number(boolean topLevel) throws SyntaxError {
    int start = pos;
    if (in[pos] == '-') {
      pos++;
      int c = next();
      if (c < '0' || c > '9') {
        throw error(c, "in numeric literal");
      }
    }
    if (in[pos] == '0') {
      pos++;
    } else {
      digits();
    }
    if (pos < in.length && in[pos] == '.') {
      pos++;
      int c = next();
      if (c < '0' || c > '9') {
        throw error(c, "after decimal point in numeric literal");
      }
      digits();
    }
    if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
      pos++;
      int c = next();
      if (c == '+' || c == '-') {
        pos++;
        c = next();
      }
      if (c < '0' || c > '9') {
        throw error(c, "in exponent of numeric literal");
      }
      digits();
    }
    // at the top level the end of the body ends a number; inside a container it cuts it short
    if (pos >= in.length && !topLevel) {
      throw unexpectedEof();
    }
    return new Num(new String(in, start, pos - start, StandardCharsets.US_ASCII));
  }

  private void digits() {
    while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
      pos++;
    }
  }

  /** A string from its opening quote: checked as Go's scanner, decoded as Go's {@code unquote}. */
  private String string() throws SyntaxError {
    pos++;
    StringBuilder text = new StringBuilder();
    while (true) {
      int c = next();
      if (c == '"') {
        pos++;
        return text.toString();
      }
      if (c < 0x20) {
        throw error(c, "in string literal");
      }
      if (c == '\\') {
        pos++;
        escape(text);
      } else if (c < 0x80) {
        text.append((char) c);
        pos++;
      } else {
        utf8(text);
      }
    }
  }

  private void escape(StringBuilder text) throws SyntaxError {
    int c = next();
    pos++;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        text.append((char) c);
        return;
      case 'b':
        text.append('\b');
        return;
      case 'f':
        text.append('\f');
        return;
      case 'n':
        text.append('\n');
        return;
      case 'r':
        text.append('\r');
        return;
      case 't':
        text.append('\t');
        return;
      case 'u':
        break;
      default:
        pos--;
        throw error(c, "in string escape code");
    }
    char unit = hex4();
    if (!Character.isSurrogate(unit)) {
      text.append(unit);
      return;
    }
    // Go pairs a high surrogate with a following \\u low one; anything else is U+FFFD, and what
    // follows is read on its own
    if (Character.isHighSurrogate(unit)
        && pos + 1 < in.length
        && in[pos] == '\\'
        && in[pos + 1] == 'u') {
      int mark = pos;
      pos += 2;
      char low = hex4();
      if (Character.isLowSurrogate(low)) {
        text.append(unit).append(low);
        return;
      }
      pos = mark;
    }
    text.append('\uFFFD');
  }

  private char hex4() throws SyntaxError {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int c = next();
      int digit = Character.digit(c, 16);
      if (digit < 0 || c >= 0x80) {
        throw error(c, "in \\u hexadecimal character escape");
      }
      value = value << 4 | digit;
      pos++;
    }
    return (char) value;
  }

  /** One UTF-8 sequence, as Go's {@code utf8.DecodeRune} takes it; an invalid byte is U+FFFD. */
  private void utf8(StringBuilder text) {
    int b0 = in[pos] & 0xff;
    int length;
    int lo = 0x80;
    int hi = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      length = 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      length = 3;
      lo = b0 == 0xe0 ? 0xa0 : 0x80;
      hi = b0 == 0xed ? 0x9f : 0xbf;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      length = 4;
      lo = b0 == 0xf0 ? 0x90 : 0x80;
      hi = b0 == 0xf4 ? 0x8f : 0xbf;
    } else {
      text.append('\uFFFD');
      pos++;
      return;
    }
    int codePoint = b0 & (0xff >> (length + 1));
    for (int i = 1; i < length; i++) {
      int at = pos + i;
      // a quote or any ASCII byte ends the sequence: the scanner reads it on its own
      int b = at < in.length ? in[at] & 0xff : -1;
      boolean ok = i == 1 ? b >= lo && b <= hi : b >= 0x80 && b <= 0xbf;
      if (!ok) {
        text.append('\uFFFD');
        pos++;
        return;
      }
      codePoint = codePoint << 6 | (b & 0x3f);
    }
    text.appendCodePoint(codePoint);
    pos += length;
  }

  private int skipSpace() throws SyntaxError {
    while (pos < in.length) {
      byte c = in[pos];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return c & 0xff;
      }
      pos++;
    }
    throw eof();
  }

  private int next() throws SyntaxError {
    if (pos >= in.length) {
      throw unexpectedEof();
    }
    return in[pos] & 0xff;
  }

  /** The end of the body: {@code EOF} when it held nothing but spaces, as in Go. */
  private SyntaxError eof() {
    for (byte b : in) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return unexpectedEof();
      }
    }
    return new SyntaxError("EOF");
  }

  private static SyntaxError unexpectedEof() {
    return new SyntaxError("unexpected EOF");
  }

  private static SyntaxError error(int c, String context) {
    return new SyntaxError("invalid character " + quoteChar(c) + " " + context);
  }

  /** Go's {@code quoteChar}: a byte as Go's {@code strconv.Quote} shows the rune of its value. */
  static String quoteChar(int c) {
    if (c == '\'') {
      return "'\\''";
    }
    if (c == '"') {
      return "'\"'";
    }
    switch (c) {
      case 7:
        return "'\\a'";
      case '\b':
        return "'\\b'";
      case '\f':
        return "'\\f'";
      case '\n':
        return "'\\n'";
      case '\r':
        return "'\\r'";
      case '\t':
        return "'\\t'";
      case 11:
        return "'\\v'";
      case '\\':
        return "'\\\\'";
      default:
        break;
    }
    if (c < 0x20 || c == 0x7f) {
      return String.format("'\\x%02x'", c);
    }
    if (c >= 0x80 && c <= 0xa0 || c == 0xad) {
      return String.format("'\\u%04x'", c);
    }
    return "'" + (char) c + "'";
  }
}
