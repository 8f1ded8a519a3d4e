package io.infraaware.probe;

import io.infraaware.probe.internal.Answers;
import io.infraaware.probe.internal.Hints;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceEndpoint;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * What a {@link ServiceProbe} gets: the service, its timeout, connections that time the peer, and
 * the results and failures it may report.
 *
 * <pre>{@code
 * try (ProbeConnection connection = context.connect()) {
 *   connection.send("PING\r\n", "a PING");
 *   String reply = connection.readLine();
 *   if (!reply.equals("+PONG")) {
 *     throw context.mismatch(reply);
 *   }
 *   return context.up(null);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class ProbeContext {

  private static final byte[] LINE_HELLO =
      "PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final ServiceDefinition service;
  private final Hints hints;
  private final List<ProbeConnection> connections = new ArrayList<>();
  private volatile String version;

  private final ServiceProbe probe;

  ProbeContext(ServiceDefinition service, Hints hints, ServiceProbe probe) {
    this.service = service;
    this.hints = hints;
    this.probe = probe;
  }

  /**
   * The service to probe.
   *
   * @return the service
   */
  public ServiceDefinition service() {
    return service;
  }

  /**
   * The service's endpoint: host, port, credentials.
   *
   * @return the endpoint
   */
  public ServiceEndpoint endpoint() {
    return service.endpoint();
  }

  /**
   * How long the peer may stay silent in one exchange.
   *
   * @return the probe timeout
   */
  public Duration timeout() {
    return service.probeTimeout();
  }

  /**
   * Resolves the host and connects, trying each of its addresses; the connect is bounded by the
   * timeout and counts as latency.
   *
   * @return the connection; the framework closes it after the probe too
   * @throws ProbeFailure when the name does not resolve, the connection is refused or times out
   * @throws IOException when the socket cannot be made
   */
  public ProbeConnection connect() throws IOException {
    ServiceEndpoint endpoint = service.endpoint();
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(endpoint.host());
    } catch (UnknownHostException e) {
      throw new ProbeFailure(
          DiagnosisCode.NAME_RESOLUTION_FAILED, "host [" + endpoint.host() + "] does not resolve");
    }
    long started = System.nanoTime();
    long budget = timeout().toNanos();
    ProbeFailure last = null;
    for (InetAddress address : addresses) {
      long left = budget - (System.nanoTime() - started);
      if (left <= 0) {
        break;
      }
      Socket socket = new Socket();
      try {
        socket.setTcpNoDelay(true);
        socket.connect(
            new InetSocketAddress(address, endpoint.port()),
            (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
        ProbeConnection connection = new ProbeConnection(this, socket, System.nanoTime() - started);
        connections.add(connection);
        return connection;
      } catch (ConnectException e) {
        closeQuietly(socket);
        last =
            new ProbeFailure(
                DiagnosisCode.CONNECTION_REFUSED,
                "connecting to " + endpoint.address() + " was refused");
      } catch (SocketTimeoutException e) {
        closeQuietly(socket);
        last = connectTimedOut();
      } catch (NoRouteToHostException e) {
        closeQuietly(socket);
        last =
            new ProbeFailure(DiagnosisCode.CONNECT_TIMED_OUT, "no route to " + endpoint.address());
      } catch (IOException | RuntimeException e) {
        closeQuietly(socket);
        throw e;
      }
    }
    throw last != null ? last : connectTimedOut();
  }

  /**
   * Connects, and starts TLS at once (verifying the certificate and host name) when the URL's
   * scheme means TLS: {@code rediss}, {@code https}, {@code wss}, {@code amqps}, {@code mqtts}.
   * Protocols that negotiate TLS inside their own exchange (PostgreSQL, NATS) use {@link
   * #connect()} and {@link ProbeConnection#startTls(boolean)}.
   *
   * @return the connection
   * @throws ProbeFailure as {@link #connect()} does
   * @throws IOException when the socket or the TLS handshake fails
   */
  public ProbeConnection connectAsTheSchemeSays() throws IOException {
    ProbeConnection connection = connect();
    if (service.endpoint().secure()) {
      connection.startTls(true);
    }
    return connection;
  }

  private ProbeFailure connectTimedOut() {
    return new ProbeFailure(
        DiagnosisCode.CONNECT_TIMED_OUT,
        "no TCP connection to " + service.endpoint().address() + " within the probe timeout");
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // a socket that never connected
    }
  }

  /**
   * Records the server version learnt so far, so that a later failure (a rejected login) still
   * shows it.
   *
   * @param learned the version, or null
   */
  public void version(String learned) {
    this.version = learned;
  }

  String version() {
    return version;
  }

  /**
   * The result for a service that answered its protocol.
   *
   * @param version the server's version, or null when the protocol does not tell
   * @return the result
   */
  public ProbeResult up(String version) {
    return ProbeResult.up(service, latency(), version);
  }

  /**
   * The result for a service that answered but says it is degraded: tests run.
   *
   * @param version the server's version, or null
   * @param detail what it said
   * @return the result
   */
  public ProbeResult degraded(String version, String detail) {
    return ProbeResult.diagnosed(
        service,
        latency(),
        version,
        new Diagnosis(DiagnosisCode.DEGRADED, detail, hints.fix(DiagnosisCode.DEGRADED, service)));
  }

  /**
   * A failure for a peer that answered in another protocol: a misconfigured port.
   *
   * @param answer the first bytes it sent
   * @return the failure, to throw
   */
  public ProbeFailure mismatch(byte[] answer) {
    return new ProbeFailure(
        DiagnosisCode.PROTOCOL_MISMATCH,
        service.endpoint().address()
            + " answered "
            + Answers.printable(answer)
            + Answers.guess(answer)
            + " instead of "
            + service.kind().displayName());
  }

  /**
   * A failure for a peer that answered in another protocol.
   *
   * @param answer the line it sent
   * @return the failure, to throw
   */
  public ProbeFailure mismatch(String answer) {
    return mismatch(answer.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Whether a client library's class can be loaded, without loading it for good.
   *
   * @param className e.g. {@code org.postgresql.Driver}
   * @return true when present
   */
  public boolean libraryPresent(String className) {
    return ClientLibraries.isPresent(className);
  }

  /**
   * A failure for a check that needs a client library the test class path lacks; it fails in every
   * mode.
   *
   * @param artifact what to add, e.g. {@code org.postgresql:postgresql}
   * @param purpose what it is needed for, e.g. {@code to check the login}
   * @return the failure, to throw
   */
  public ProbeFailure missingLibrary(String artifact, String purpose) {
    return new ProbeFailure(
        DiagnosisCode.CLIENT_LIBRARY_MISSING,
        "InfraAware needs "
            + artifact
            + " "
            + purpose
            + " of ["
            + service.name()
            + "], and it is not on the test class path",
        "add " + artifact + " to your test dependencies");
  }

  /**
   * How long the network and the peer took in all this probe's connections.
   *
   * @return the latency
   */
  public Duration latency() {
    Duration total = Duration.ZERO;
    for (ProbeConnection connection : connections) {
      total = total.plus(connection.latency());
    }
    return total;
  }

  /**
   * Asks the peer a line of text on a second connection, to tell a server of another protocol from
   * a hung one: an answer the probe does not recognise is a protocol mismatch.
   */
  void secondOpinion(Duration budget, boolean closeMeansAnotherProtocol) throws ProbeFailure {
    byte[] answer;
    boolean closed = false;
    try (ProbeConnection side = connect()) {
      side.send(LINE_HELLO, "a line of text");
      answer = side.peekWithin(budget);
    } catch (ProbeFailure e) {
      answer = new byte[0];
      closed = e.code() == DiagnosisCode.CONNECTION_CLOSED;
    } catch (IOException e) {
      answer = new byte[0];
      closed = true;
    }
    if (answer.length > 0 && !probe.recognises(answer)) {
      throw mismatch(answer);
    }
    if (closed && closeMeansAnotherProtocol) {
      throw new ProbeFailure(
          DiagnosisCode.PROTOCOL_MISMATCH,
          service.endpoint().address()
              + " sent no "
              + service.kind().displayName()
              + " greeting, and closed a connection that sent it a line of text: a server of"
              + " another protocol, one that waits for its client to speak first");
    }
  }

  /**
   * After a peer closed a connection without a word: asks it a line of text on a new connection,
   * and turns the failure into a protocol mismatch when it answers in another protocol.
   */
  ProbeFailure secondOpinionOnClose(ProbeFailure closed) {
    try {
      secondOpinion(timeout(), false);
    } catch (ProbeFailure mismatch) {
      return mismatch.code() == DiagnosisCode.PROTOCOL_MISMATCH ? mismatch : closed;
    }
    return closed;
  }

  boolean anyAnswer() {
    for (ProbeConnection connection : connections) {
      if (connection.answered()) {
        return true;
      }
    }
    return false;
  }

  Hints hints() {
    return hints;
  }

  void closeConnections() {
    for (ProbeConnection connection : connections) {
      connection.close();
    }
  }
}
