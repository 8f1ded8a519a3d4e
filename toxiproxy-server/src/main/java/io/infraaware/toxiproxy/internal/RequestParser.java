package io.infraaware.toxiproxy.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the HTTP/1.x requests of one connection from its bytes as they arrive, within limits: a
 * head of at most 1 MiB (Go's default), a body of at most {@link Api#MAX_BODY} by {@code
 * Content-Length} or chunked. Pipelined requests are read one after another. Only the loop of the
 * connection uses it.
 */
final class RequestParser {

  /** The most a request's line and headers may take, as Go's {@code DefaultMaxHeaderBytes}. */
  static final int MAX_HEAD = 1 << 20;

  private static final int MAX_CHUNK_LINE = 4096;
  private static final int MIN_ROOM = 4096;

  private enum State {
    HEAD,
    LENGTH_BODY,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILER,
    /** The body cannot be read on (too large, malformed): the request goes without it. */
    BROKEN,
    /** Nothing more is read. */
    DONE
  }

  private byte[] buffer = new byte[MIN_ROOM];
  private int start;
  private int end;
  private int scanFrom;
  private State state = State.HEAD;

  private RequestHead head;
  private boolean keepAlive;
  private boolean http11;
  private boolean expectContinue;
  private long remaining;
  private int trailerBytes;
  private ByteArrayOutputStream body;
  private ApiRequest.BodyState failure;
  private String failureText;

  /** Room to read more bytes into; call {@link #filled(int)} after reading. */
  ByteBuffer room() {
    if (buffer.length - end < MIN_ROOM) {
      if (start > 0) {
        System.arraycopy(buffer, start, buffer, 0, end - start);
        end -= start;
        scanFrom = Math.max(0, scanFrom - start);
        start = 0;
      }
      if (buffer.length - end < MIN_ROOM) {
        // bounded: next() refuses a head over MAX_HEAD, and consumes bodies as they come
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
    }
    return ByteBuffer.wrap(buffer, end, buffer.length - end);
  }

  /** Takes {@code bytes} bytes just read into {@link #room()}. */
  void filled(int bytes) {
    end += bytes;
  }

  /** Whether part of a request has arrived and the rest is awaited. */
  boolean started() {
    return state != State.HEAD || end > start;
  }

  /** Whether the last request's connection stays open after the answer. */
  boolean keepAlive() {
    return keepAlive;
  }

  /** Whether the last request was HTTP/1.1 (or later 1.x), which the status line echoes. */
  boolean http11() {
    return http11;
  }

  /**
   * Whether the client waits for {@code 100 Continue} before sending the body of the request being
   * read; true once per request.
   */
  boolean takeContinue() {
    boolean take = expectContinue && (state == State.LENGTH_BODY || state == State.CHUNK_SIZE);
    expectContinue = false;
    return take;
  }

  /**
   * The next complete request, or null until more bytes come. A request whose body is over the
   * limit comes at once, without its body; the parser reads nothing after it.
   *
   * @return the request, or null
   * @throws MalformedRequest when the bytes are no request the server can read
   */
  ApiRequest next() throws MalformedRequest {
    while (true) {
      switch (state) {
        case HEAD:
          if (!readHead()) {
            return null;
          }
          break;
        case LENGTH_BODY:
          take((int) Math.min(remaining, end - start));
          if (remaining > 0) {
            return null;
          }
          return complete();
        case CHUNK_SIZE:
          if (!readChunkSize()) {
            return null;
          }
          break;
        case CHUNK_DATA:
          take((int) Math.min(remaining, end - start));
          if (remaining > 0) {
            return null;
          }
          state = State.CHUNK_END;
          break;
        case CHUNK_END:
          if (end - start < 1 || (buffer[start] == '\r' && end - start < 2)) {
            return null;
          }
          if (buffer[start] == '\n') {
            start += 1;
          } else if (buffer[start] == '\r' && buffer[start + 1] == '\n') {
            start += 2;
          } else {
            broken("malformed chunked encoding");
            break;
          }
          state = State.CHUNK_SIZE;
          break;
        case TRAILER:
          int lineEnd = indexOf('\n', start);
          if (lineEnd < 0) {
            if (trailerBytes + end - start > MAX_HEAD) {
              broken("http: request header too large");
              break;
            }
            return null;
          }
          boolean last = lineEnd == start || (lineEnd == start + 1 && buffer[start] == '\r');
          trailerBytes += lineEnd + 1 - start;
          start = lineEnd + 1;
          if (last) {
            return complete();
          }
          break;
        default:
          return null;
      }
      if (state == State.HEAD && head != null) {
        return complete(); // a head without a body
      }
      if (state == State.BROKEN) {
        return failed();
      }
    }
  }

  private void take(int bytes) {
    body.write(buffer, start, bytes);
    start += bytes;
    remaining -= bytes;
  }

  private ApiRequest complete() {
    ApiRequest request =
        new ApiRequest(
            head.method(),
            head.path(),
            head.headers(),
            body == null ? new byte[0] : body.toByteArray());
    head = null;
    body = null;
    expectContinue = false;
    state = State.HEAD;
    scanFrom = start;
    return request;
  }

  /**
   * A body that cannot be read on: the request goes without it, the connection closes after it, and
   * nothing after it is read.
   */
  private ApiRequest failed() {
    ApiRequest request =
        new ApiRequest(head.method(), head.path(), head.headers(), new byte[0])
            .withBody(failure, failureText);
    head = null;
    body = null;
    keepAlive = false;
    expectContinue = false;
    state = State.DONE;
    return request;
  }

  /** A malformed chunked body: Go's body reader fails a handler that reads it with the text. */
  private void broken(String text) {
    state = State.BROKEN;
    failure = ApiRequest.BodyState.BROKEN;
    failureText = text;
  }

  /** Whether a request's head is complete and its body is still coming. */
  boolean awaitingBody() {
    return head != null && state != State.HEAD && state != State.DONE;
  }

  /** Whether part of a head has come, and not all of it. */
  boolean partialHead() {
    return state == State.HEAD && head == null && end > start;
  }

  /**
   * The request whose body is awaited, as it stands, without its body.
   *
   * @param state why it goes without its body
   * @return the request; the parser reads nothing more unless {@code state} is {@code AWAITED}
   */
  ApiRequest withoutBody(ApiRequest.BodyState state) {
    ApiRequest request =
        new ApiRequest(head.method(), head.path(), head.headers(), new byte[0])
            .withBody(state, null);
    if (state != ApiRequest.BodyState.AWAITED) {
      head = null;
      body = null;
      keepAlive = false;
      this.state = State.DONE;
    }
    return request;
  }

  private int indexOf(int b, int from) {
    for (int i = from; i < end; i++) {
      if (buffer[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** Finds the end of the head: the first empty line, CRLF or LF alone, as Go accepts. */
  private int headEnd() {
    for (int i = Math.max(scanFrom, start); i < end; i++) {
      if (buffer[i] != '\n') {
        continue;
      }
      if (i + 1 < end && buffer[i + 1] == '\n') {
        return i + 2;
      }
      if (i + 2 < end && buffer[i + 1] == '\r' && buffer[i + 2] == '\n') {
        return i + 3;
      }
    }
    scanFrom = Math.max(start, end - 2);
    return -1;
  }

  private boolean readHead() throws MalformedRequest {
    while (end - start >= 2 && buffer[start] == '\r' && buffer[start + 1] == '\n') {
      start += 2; // empty lines before a request are ignored (RFC 9112, 2.2)
    }
    while (end > start && buffer[start] == '\n') {
      start++;
    }
    int headEnd = headEnd();
    if (headEnd < 0 || headEnd - start > MAX_HEAD) {
      if (end - start > MAX_HEAD) {
        state = State.DONE;
        keepAlive = false;
        throw MalformedRequest.headTooLarge();
      }
      return false;
    }
    String text = new String(buffer, start, headEnd - start, StandardCharsets.ISO_8859_1);
    start = headEnd;
    scanFrom = start;
    try {
      head = RequestHead.parse(text);
    } catch (MalformedRequest e) {
      state = State.DONE;
      keepAlive = false;
      throw e;
    }
    http11 = head.http11();
    keepAlive = head.keepAlive();
    expectContinue = head.expectContinue();
    if (head.chunked()) {
      body = new ByteArrayOutputStream();
      state = State.CHUNK_SIZE;
    } else if (head.contentLength() > Api.MAX_BODY) {
      state = State.BROKEN;
      failure = ApiRequest.BodyState.TOO_LARGE;
    } else if (head.contentLength() > 0) {
      remaining = head.contentLength();
      body = new ByteArrayOutputStream((int) remaining);
      state = State.LENGTH_BODY;
    }
    return true;
  }

  private boolean readChunkSize() throws MalformedRequest {
    int lineEnd = indexOf('\n', start);
    if (lineEnd < 0) {
      if (end - start > MAX_CHUNK_LINE) {
        broken("header line too long");
        return true;
      }
      return false;
    }
    String line = new String(buffer, start, lineEnd - start, StandardCharsets.ISO_8859_1).strip();
    start = lineEnd + 1;
    int extension = line.indexOf(';');
    String hex = (extension >= 0 ? line.substring(0, extension) : line).strip();
    long size;
    try {
      size = hex.length() > 15 ? -1 : Long.parseLong(hex, 16);
    } catch (NumberFormatException e) {
      size = -1;
    }
    if (size < 0 || hex.startsWith("+") || hex.startsWith("-")) {
      broken("invalid byte in chunk length");
      return true;
    }
    if (size == 0) {
      trailerBytes = 0;
      state = State.TRAILER;
    } else if (body.size() + size > Api.MAX_BODY) {
      state = State.BROKEN;
      failure = ApiRequest.BodyState.TOO_LARGE;
    } else {
      remaining = size;
      state = State.CHUNK_DATA;
    }
    return true;
  }
}
