package io.infraaware.probe;

import io.infraaware.config.internal.Durations;
import io.infraaware.service.ServiceDefinition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apiguardian.api.API;

/**
 * A probe's TCP connection to a service, which times the peer rather than the test JVM.
 *
 * <p>Each {@link #send} opens an exchange; the reads that follow wait for the peer at most the
 * probe timeout in all (the peer's silence), and only that waiting counts as latency. A read that
 * runs out of time throws a {@link ProbeFailure} with {@link DiagnosisCode#NO_HANDSHAKE_ANSWER}
 * naming what was sent; a peer that closes throws one with {@link DiagnosisCode#CONNECTION_CLOSED}.
 *
 * @since 0.1.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class ProbeConnection implements AutoCloseable {

  private static final int MAX_LINE = 64 * 1024;

  private final ProbeContext context;
  private final ServiceDefinition service;
  private final Duration timeout;
  private long received;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final byte[] buffer = new byte[8192];
  private int position;
  private int limit;
  private long waitedNanos;
  private long latencyNanos;
  private String sent;

  ProbeConnection(ProbeContext context, Socket socket, long connectNanos) throws IOException {
    this.context = context;
    this.service = context.service();
    this.timeout = service.probeTimeout();
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.latencyNanos = connectNanos;
    this.sent = null;
  }

  /**
   * Sends bytes and starts an exchange: the peer has the probe timeout to answer.
   *
   * @param bytes what to send
   * @param what what it is, for diagnoses, e.g. {@code "a PING"}
   * @throws IOException when the connection breaks
   */
  public void send(byte[] bytes, String what) throws IOException {
    out.write(bytes);
    out.flush();
    sent = what;
    waitedNanos = 0;
  }

  /**
   * Sends text (UTF-8) and starts an exchange.
   *
   * @param text what to send
   * @param what what it is, for diagnoses
   * @throws IOException when the connection breaks
   */
  public void send(String text, String what) throws IOException {
    send(text.getBytes(StandardCharsets.UTF_8), what);
  }

  /**
   * Waits for the first byte of an answer, telling a hung peer from a server of another protocol
   * that waits for something else: after half the timeout in silence, a second connection sends
   * that server a line of text ({@code PING\r\n}), which line-based servers (Redis, SMTP) answer.
   * An answer that the probe does not {@linkplain ServiceProbe#recognises recognise} is a protocol
   * mismatch; otherwise the rest of the timeout is waited here.
   *
   * @param serverSpeaksFirst whether this protocol's server greets first (MySQL, NATS): then a peer
   *     that closes the second connection without a word is a server of another protocol too
   * @throws IOException when the connection breaks
   * @throws ProbeFailure when the peer stays silent, closes, or speaks another protocol
   */
  public void awaitAnswer(boolean serverSpeaksFirst) throws IOException {
    if (position < limit) {
      return;
    }
    long started = System.nanoTime();
    long half = timeout.toNanos() / 2;
    if (fill(half, false)) {
      return;
    }
    long left = timeout.toNanos() - (System.nanoTime() - started);
    context.secondOpinion(Duration.ofNanos(Math.max(1_000_000, left)), serverSpeaksFirst);
    // the second opinion's time was silence on this connection too
    waitedNanos = System.nanoTime() - started;
    fill(Math.max(1_000_000, timeout.toNanos() - waitedNanos), true);
  }

  /**
   * Waits at most {@code budget} for bytes and returns what came, without consuming it.
   *
   * @param budget how long to wait
   * @return the bytes, none when the peer stayed silent
   * @throws IOException when the connection breaks
   * @throws ProbeFailure when the peer closes
   */
  public byte[] peekWithin(Duration budget) throws IOException {
    if (position == limit) {
      fill(budget.toNanos(), false);
    }
    return peekBuffered(64);
  }

  /**
   * Whether the peer has sent anything on this connection yet.
   *
   * @return true once a byte arrived
   */
  public boolean answered() {
    return received > 0;
  }

  /**
   * Reads one byte.
   *
   * @return the byte, 0 to 255
   * @throws IOException when the connection breaks
   * @throws ProbeFailure when the peer stays silent or closes
   */
  public int readByte() throws IOException {
    require(1);
    return buffer[position++] & 0xff;
  }

  /**
   * Reads a big-endian 32-bit integer.
   *
   * @return the integer
   * @throws IOException when the connection breaks
   */
  public int readInt() throws IOException {
    return (readByte() << 24) | (readByte() << 16) | (readByte() << 8) | readByte();
  }

  /**
   * Reads exactly {@code length} bytes.
   *
   * @param length how many
   * @return the bytes
   * @throws IOException when the connection breaks
   */
  public byte[] readExactly(int length) throws IOException {
    if (length < 0 || length > 16 * 1024 * 1024) {
      throw new ProbeFailure(
          DiagnosisCode.PROTOCOL_MISMATCH,
          service.endpoint().address()
              + " announced "
              + length
              + " bytes, which no "
              + service.kind().displayName()
              + " server sends here");
    }
    byte[] bytes = new byte[length];
    int copied = 0;
    while (copied < length) {
      require(1);
      int chunk = Math.min(length - copied, limit - position);
      System.arraycopy(buffer, position, bytes, copied, chunk);
      position += chunk;
      copied += chunk;
    }
    return bytes;
  }

  /**
   * Reads a line ending in LF (a CR before it is dropped), as UTF-8.
   *
   * @return the line without its end
   * @throws IOException when the connection breaks
   */
  public String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = readByte();
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
          length--;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
      }
      if (line.size() >= MAX_LINE) {
        throw new ProbeFailure(
            DiagnosisCode.PROTOCOL_MISMATCH,
            service.endpoint().address() + " sent a line longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
    }
  }

  /**
   * The bytes already received and not yet read, without waiting: to show a peer's unexpected
   * answer in a diagnosis.
   *
   * @param max at most this many
   * @return the bytes, possibly none
   */
  public byte[] peekBuffered(int max) {
    int n = Math.min(max, limit - position);
    byte[] bytes = new byte[n];
    System.arraycopy(buffer, position, bytes, 0, n);
    return bytes;
  }

  /**
   * Waits until at least one byte is buffered, then returns what is buffered without consuming it.
   *
   * @param max at most this many
   * @return the bytes, at least one
   * @throws IOException when the connection breaks
   */
  public byte[] peek(int max) throws IOException {
    require(1);
    return peekBuffered(max);
  }

  /**
   * Turns the connection into TLS (the scheme says TLS, or the protocol negotiated it), with the
   * JDK's default trust and host name verification, or none for protocols whose own clients verify
   * nothing by default (PostgreSQL's {@code sslmode=prefer}).
   *
   * @param verify whether to verify the certificate and host name
   * @throws IOException when the handshake fails
   */
  public void startTls(boolean verify) throws IOException {
    SSLSocketFactory factory = verify ? defaultFactory() : TrustAll.FACTORY;
    String host = service.endpoint().host();
    SSLSocket tls = (SSLSocket) factory.createSocket(socket, host, socket.getPort(), true);
    if (verify) {
      SSLParameters parameters = tls.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      tls.setSSLParameters(parameters);
    }
    long started = System.nanoTime();
    tls.setSoTimeout(Math.max(1, (int) timeout.toMillis()));
    try {
      tls.startHandshake();
    } catch (SocketTimeoutException e) {
      throw silent("a TLS handshake");
    } finally {
      latencyNanos += System.nanoTime() - started;
    }
    socket = tls;
    in = tls.getInputStream();
    out = tls.getOutputStream();
    position = 0;
    limit = 0;
  }

  private static SSLSocketFactory defaultFactory() throws IOException {
    try {
      return SSLContext.getDefault().getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IOException("The JDK's default TLS context is not usable: " + e.getMessage(), e);
    }
  }

  /**
   * How long the network and the peer took so far: connecting, and waiting for answers.
   *
   * @return the latency
   */
  public Duration latency() {
    return Duration.ofNanos(latencyNanos);
  }

  private void require(int bytes) throws IOException {
    while (limit - position < bytes) {
      if (position > 0 && position == limit) {
        position = 0;
        limit = 0;
      }
      fill(timeout.toNanos() - waitedNanos, true);
    }
  }

  /** Reads what the peer sends within {@code budgetNanos}; false when nothing came in time. */
  private boolean fill(long budgetNanos, boolean failOnSilence) throws IOException {
    if (limit == buffer.length) {
      System.arraycopy(buffer, position, buffer, 0, limit - position);
      limit -= position;
      position = 0;
    }
    if (budgetNanos <= 0) {
      if (failOnSilence) {
        throw silent(sent);
      }
      return false;
    }
    socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, budgetNanos / 1_000_000)));
    long started = System.nanoTime();
    int n;
    try {
      n = in.read(buffer, limit, buffer.length - limit);
    } catch (SocketTimeoutException e) {
      n = 0;
    } finally {
      long waited = System.nanoTime() - started;
      waitedNanos += waited;
      latencyNanos += waited;
    }
    if (n < 0) {
      throw closed();
    }
    if (n == 0) {
      if (failOnSilence) {
        throw silent(sent);
      }
      return false;
    }
    limit += n;
    received += n;
    return true;
  }

  private ProbeFailure silent(String what) {
    String address = service.endpoint().address();
    return new ProbeFailure(
        DiagnosisCode.NO_HANDSHAKE_ANSWER,
        "connected to "
            + address
            + (what == null
                ? ", but it sent no " + service.kind().displayName() + " greeting"
                : " and sent " + what + ", but no answer came")
            + " within "
            + Durations.format(timeout));
  }

  private ProbeFailure closed() {
    String address = service.endpoint().address();
    String answered =
        sent == null
            ? "before sending a " + service.kind().displayName() + " greeting"
            : "without answering " + sent;
    return new ProbeFailure(
        DiagnosisCode.CONNECTION_CLOSED,
        "connected to "
            + address
            + ", which closed the connection "
            + answered
            + " (a proxy whose upstream is down, or a server of another protocol)");
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a probe's socket: nothing the run could do about it
    }
  }

  /** Trusts every certificate: for protocols whose own clients verify nothing by default. */
  private static final class TrustAll implements X509TrustManager {
    static final SSLSocketFactory FACTORY = factory();

    private static SSLSocketFactory factory() {
      try {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAll()}, null);
        return context.getSocketFactory();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("The JDK has no TLS", e);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // a probe is never a server
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // sslmode=prefer and require: encrypted, not authenticated, as libpq does
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
