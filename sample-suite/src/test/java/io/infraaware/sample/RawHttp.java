package io.infraaware.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 written by hand on a socket, so that a test can be as slow, as silent or as wrong as a
 * hostile client: half a head, four bytes of a body, a byte now and then, a head no client library
 * would send.
 */
final class RawHttp implements AutoCloseable {

  /** An answer: its status, headers (names lower case) and body. */
  record Answer(int status, Map<String, String> headers, String body) {}

  private final Socket socket;
  private final ScheduledExecutorService trickle =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "raw-http-trickle");
            thread.setDaemon(true);
            return thread;
          });

  private RawHttp(Socket socket) {
    this.socket = socket;
  }

  /** Connects to where {@code server} listens (loopback), reads waiting at most {@code wait}. */
  static RawHttp connect(URI server, Duration wait) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 5000);
      socket.setSoTimeout((int) wait.toMillis());
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return new RawHttp(socket);
  }

  /** Sends text as it is (ISO-8859-1: every char one byte). */
  RawHttp send(String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  /** Sends one character of {@code text} every {@code every}, again and again, until closed. */
  void trickle(String text, Duration every) {
    int[] next = {0};
    trickle.scheduleAtFixedRate(
        () -> {
          try {
            send(String.valueOf(text.charAt(next[0]++ % text.length())));
          } catch (IOException closed) {
            trickle.shutdown();
          }
        },
        0,
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Reads one answer: the status line, the headers and a body of its Content-Length. */
  Answer read() throws IOException {
    InputStream in = socket.getInputStream();
    String statusLine = line(in);
    if (statusLine == null) {
      throw new IOException("the server closed the connection without an answer");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      headers.put(
          header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    return new Answer(
        Integer.parseInt(statusLine.split(" ")[1]),
        headers,
        new String(body, StandardCharsets.UTF_8));
  }

  /**
   * Whether the server closes the connection within the read wait, reading (and dropping) what it
   * sends meanwhile; false when the wait ran out with the connection still open.
   */
  boolean closedByServer() throws IOException {
    InputStream in = socket.getInputStream();
    try {
      while (in.read() != -1) {
        // an answer before the close: not what this asks
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1; b = in.read()) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    trickle.shutdownNow();
    socket.close();
  }
}
