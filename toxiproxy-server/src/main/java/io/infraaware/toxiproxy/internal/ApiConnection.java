package io.infraaware.toxiproxy.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One client connection to the API, on the API's event loop: it reads requests as their bytes come,
 * answers each complete one in a single write (status line, headers and body together, so that no
 * delayed ACK holds the body back), and times out a client that is too slow to send a request, to
 * read an answer, or that stays idle.
 */
final class ApiConnection {

  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  /** The last {@code Date} value and its second: one per second is enough, as in Go. */
  private static volatile String date = "";

  private static volatile long dateSecond = Long.MIN_VALUE;

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
      endOfInput();
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
          expectContinue();
        } else if (!parser.started()) {
          deadline = System.nanoTime() + timeouts.idleNanos();
        }
        return;
      }
      if (request.headers().containsKey("expect") && expectationFailed(request)) {
        return;
      }
      boolean close = !parser.keepAlive() || request.bodyState() != ApiRequest.BodyState.WHOLE;
      respond(request, close);
    }
  }

  private void respond(ApiRequest request, boolean close) throws IOException {
    ApiResponse response = answer(request);
    // Go closes without saying so after the 503 of a request its client stopped sending
    boolean announce =
        !(request.bodyState() == ApiRequest.BodyState.CUT_BY_CLIENT && response.status() == 503);
    send(serialize(response, close && announce, parser.http11(), close), close);
  }

  /**
   * The client waits for {@code 100 Continue} before its body: Go sends it when the handler reads
   * the body; a handler that does not answers at once, and the connection closes after it.
   */
  private void expectContinue() throws IOException {
    ApiRequest head = parser.withoutBody(ApiRequest.BodyState.AWAITED);
    ApiResponse early = answer(head);
    if (early == null) {
      send(CONTINUE.clone(), false);
    } else {
      send(serialize(early, true, parser.http11(), true), true);
    }
  }

  /** An {@code Expect} other than {@code 100-continue}: Go's 417, and the connection closes. */
  private boolean expectationFailed(ApiRequest request) throws IOException {
    String expect = request.header("expect");
    if (expect.isEmpty() || RequestHead.hasToken(expect, "100-continue")) {
      return false;
    }
    send(
        serialize(
            ApiResponse.of(417, List.of(Map.entry("Connection", "close")), ""),
            false,
            parser.http11(),
            true),
        true);
    return true;
  }

  /** The client closed its side: Go answers what it can of a request cut short. */
  private void endOfInput() throws IOException {
    if (out == null && !draining && parser.awaitingBody()) {
      respond(parser.withoutBody(ApiRequest.BodyState.CUT_BY_CLIENT), true);
    } else if (out == null && !draining && parser.partialHead()) {
      send(MalformedRequest.badRequest("unexpected EOF").response(), true);
    } else {
      close();
    }
  }

  /**
   * The connection outlived its deadline. Go answers a handler that was reading the body (with a
   * 503) and closes anything else without a word.
   */
  void timedOut() {
    try {
      if (out == null && !draining && parser.awaitingBody()) {
        respond(parser.withoutBody(ApiRequest.BodyState.CUT_BY_TIMEOUT), true);
        return;
      }
    } catch (IOException | RuntimeException e) {
      // closed below
    }
    close();
  }

  private ApiResponse answer(ApiRequest request) {
    try {
      return api.handle(request);
    } catch (RuntimeException e) {
      // a bug of ours: the client gets a 500 rather than a dropped connection, and a person a trace
      try {
        System.getLogger(ApiConnection.class.getName())
            .log(System.Logger.Level.ERROR, "API request " + request.method() + " failed", e);
      } catch (RuntimeException | LinkageError logging) {
        e.addSuppressed(logging);
      }
      return ApiResponse.of(
          500,
          List.of(Map.entry("Content-Type", "text/plain; charset=utf-8")),
          Json.error(String.valueOf(e), 500) + "\n");
    }
  }

  /**
   * Go's {@code Date}, e.g. {@code Mon, 07 Dec 2026 13:02:46 GMT}: written by hand, since the JDK's
   * formatter costs a start-up its locale data, and UTC needs no time zone file, so it works out of
   * descriptors too.
   */
  static String date() {
    long second = Math.floorDiv(System.currentTimeMillis(), 1000);
    if (second != dateSecond) {
      LocalDateTime time = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
      date =
          DAYS[time.getDayOfWeek().ordinal()]
              + ", "
              + two(time.getDayOfMonth())
              + " "
              + MONTHS[time.getMonthValue() - 1]
              + " "
              + time.getYear()
              + " "
              + two(time.getHour())
              + ":"
              + two(time.getMinute())
              + ":"
              + two(time.getSecond())
              + " GMT";
      dateSecond = second;
    }
    return date;
  }

  private static String two(int value) {
    return value < 10 ? "0" + value : Integer.toString(value);
  }

  /** The whole answer in one buffer: status line, headers (then Date, Content-Length), body. */
  static byte[] serialize(ApiResponse response, boolean close, boolean http11) {
    return serialize(response, close, http11, close);
  }

  /**
   * The whole answer in one buffer.
   *
   * @param announceClose whether to say {@code Connection: close} (HTTP/1.1 only, as Go)
   * @param closing whether the connection closes after it (an HTTP/1.0 keep-alive is said only when
   *     it does not)
   */
  static byte[] serialize(
      ApiResponse response, boolean announceClose, boolean http11, boolean closing) {
    StringBuilder head = new StringBuilder(256);
    head.append(http11 ? "HTTP/1.1 " : "HTTP/1.0 ")
        .append(response.status())
        .append(' ')
        .append(ApiResponse.reason(response.status()))
        .append("\r\n");
    for (Map.Entry<String, String> header : response.headers()) {
      head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    head.append("Date: ").append(date()).append("\r\n");
    if (response.status() != 204) {
      head.append("Content-Length: ").append(response.body().length).append("\r\n");
    }
    boolean announced = response.headers().stream().anyMatch(h -> h.getKey().equals("Connection"));
    if (announceClose && http11 && !announced) {
      head.append("Connection: close\r\n");
    } else if (!http11 && !closing) {
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
