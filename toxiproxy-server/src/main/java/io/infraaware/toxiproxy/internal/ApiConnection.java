package io.infraaware.toxiproxy.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One client connection to the API, on the API's event loop: it reads requests as their bytes come,
 * answers each complete one in a single write (status line, headers and body together, so that no
 * delayed ACK holds the body back), and times out a client that is too slow to send a request, to
 * read an answer, or that stays idle.
 */
final class ApiConnection {

  private static final System.Logger LOG = System.getLogger(ApiConnection.class.getName());

  /** Go's {@code Date} format; UTC needs no time zone file, so it works out of descriptors too. */
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);

  private static final byte[] CONTINUE =
      "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** After an answer that closes the connection, unread request bytes are read and dropped. */
  private static final long MAX_DRAIN = 16L * Api.MAX_BODY;

  private static final long LINGER = 2_000_000_000L;

  private final SocketChannel channel;
  private final SelectionKey key;
  private final Api api;
  private final ApiServer.Timeouts timeouts;
  private final Consumer<ApiConnection> closed;
  private final RequestParser parser = new RequestParser();
  private ByteBuffer out;
  private boolean closeAfterWrite;
  private boolean draining;
  private long drained;
  private long deadline;

  ApiConnection(
      SocketChannel channel,
      SelectionKey key,
      Api api,
      ApiServer.Timeouts timeouts,
      Consumer<ApiConnection> closed) {
    this.channel = channel;
    this.closed = closed;
    this.key = key;
    this.api = api;
    this.timeouts = timeouts;
    // the first request must arrive within the read timeout, counted from the connection
    this.deadline = System.nanoTime() + timeouts.readNanos();
  }

  /** Whether the connection has outlived its current deadline. */
  boolean expired(long now) {
    return now - deadline >= 0;
  }

  /** Handles the events of the connection's key; closes it on any failure. */
  void ready() {
    try {
      if (key.isValid() && key.isWritable()) {
        write();
      }
      if (key.isValid() && key.isReadable()) {
        read();
      }
    } catch (IOException | RuntimeException e) {
      close();
    }
  }

  private void read() throws IOException {
    if (draining) {
      drain();
      return;
    }
    boolean waiting = !parser.started();
    int read = channel.read(parser.room());
    if (read < 0) {
      close();
      return;
    }
    if (read == 0) {
      return;
    }
    parser.filled(read);
    if (waiting) {
      // a request has begun: it must be complete within the read timeout, however it trickles in
      deadline = System.nanoTime() + timeouts.readNanos();
    }
    process();
  }

  /** Answers every complete request that has arrived, one at a time, in order. */
  private void process() throws IOException {
    while (out == null && !draining && key.isValid()) {
      ApiRequest request;
      try {
        request = parser.next();
      } catch (MalformedRequest e) {
        send(e.response(), true);
        return;
      }
      if (request == null) {
        if (parser.takeContinue()) {
          send(CONTINUE.clone(), false);
        } else if (!parser.started()) {
          deadline = System.nanoTime() + timeouts.idleNanos();
        }
        return;
      }
      boolean close = !parser.keepAlive() || request.bodyTooLarge();
      send(serialize(answer(request), close, parser.http11()), close);
    }
  }

  private ApiResponse answer(ApiRequest request) {
    try {
      return api.handle(request);
    } catch (RuntimeException e) {
      // a bug of ours: the client gets a 500 rather than a dropped connection, and a person a trace
      try {
        LOG.log(System.Logger.Level.ERROR, "API request " + request.method() + " failed", e);
      } catch (RuntimeException | LinkageError logging) {
        e.addSuppressed(logging);
      }
      return ApiResponse.of(
          500,
          List.of(Map.entry("Content-Type", "text/plain; charset=utf-8")),
          Json.error(String.valueOf(e), 500) + "\n");
    }
  }

  /** The whole answer in one buffer: status line, headers (then Date, Content-Length), body. */
  static byte[] serialize(ApiResponse response, boolean close, boolean http11) {
    StringBuilder head = new StringBuilder(256);
    head.append(http11 ? "HTTP/1.1 " : "HTTP/1.0 ")
        .append(response.status())
        .append(' ')
        .append(ApiResponse.reason(response.status()))
        .append("\r\n");
    for (Map.Entry<String, String> header : response.headers()) {
      head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    head.append("Date: ").append(DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
    if (response.status() != 204) {
      head.append("Content-Length: ").append(response.body().length).append("\r\n");
    }
    if (close) {
      head.append("Connection: close\r\n");
    } else if (!http11) {
      head.append("Connection: keep-alive\r\n");
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] bytes = new byte[headBytes.length + response.body().length];
    System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
    System.arraycopy(response.body(), 0, bytes, headBytes.length, response.body().length);
    return bytes;
  }

  private void send(byte[] bytes, boolean close) throws IOException {
    out = ByteBuffer.wrap(bytes);
    closeAfterWrite = close;
    deadline = System.nanoTime() + timeouts.writeNanos();
    flush();
  }

  /** The client can take more of the answer; once it has all, the next request is answered. */
  private void write() throws IOException {
    if (out == null) {
      key.interestOps(SelectionKey.OP_READ);
      return;
    }
    flush();
    if (out == null && !draining) {
      process();
    }
  }

  /** Writes what the answer has left; never reads on (process() loops), so nothing recurses. */
  private void flush() throws IOException {
    channel.write(out);
    if (out.hasRemaining()) {
      // the client reads slowly: wait until it can take more, and read nothing meanwhile
      key.interestOps(SelectionKey.OP_WRITE);
      return;
    }
    out = null;
    if (closeAfterWrite) {
      startDraining();
      return;
    }
    key.interestOps(SelectionKey.OP_READ);
    deadline = System.nanoTime() + (parser.started() ? timeouts.readNanos() : timeouts.idleNanos());
  }

  /**
   * Closes the sending side and reads what the client still sends, for a while: closing with unread
   * bytes would reset the connection, and the client could lose the answer.
   */
  private void startDraining() throws IOException {
    draining = true;
    channel.shutdownOutput();
    key.interestOps(SelectionKey.OP_READ);
    deadline = System.nanoTime() + LINGER;
    drain();
  }

  private void drain() throws IOException {
    ByteBuffer discard = ByteBuffer.allocate(64 * 1024);
    int read;
    while ((read = channel.read(discard)) > 0) {
      drained += read;
      discard.clear();
      if (drained > MAX_DRAIN) {
        close();
        return;
      }
    }
    if (read < 0) {
      close();
    }
  }

  /** Closes the connection; the selector releases its socket on its next select. */
  void close() {
    closed.accept(this);
    key.cancel();
    try {
      channel.close();
    } catch (IOException e) {
      // closing is best effort
    }
  }
}
