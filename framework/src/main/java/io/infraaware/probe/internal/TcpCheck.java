package io.infraaware.probe.internal;

import io.infraaware.probe.DiagnosisCode;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.service.ServiceKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Resolves, connects and, where the client speaks first, sends a minimal protocol hello.
 *
 * <p>The hello tells apart what drivers blur: a peer that never answers (hung), one that closes at
 * once (a proxy with a dead upstream) and one that answers in another protocol (a wrong port).
 */
final class TcpCheck {

  // PostgreSQL's SSLRequest, the first thing its own driver sends.
  private static final byte[] POSTGRES_HELLO = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};
  // Line-based servers (Redis, HTTP, SMTP...) wait forever for the end of a line that a binary
  // hello never sends; this second hello tells such a server from a hung one.
  private static final byte[] LINE_HELLO = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
  // HTTP/1.0 without headers: Redis drops connections that send a Host header without a word.
  private static final byte[] HTTP_HELLO =
      "HEAD / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final String RESP_TYPES = "+-:$*%_,#!=(|~>";

  private TcpCheck() {}

  /**
   * Checks the transport and the first bytes of the protocol.
   *
   * @return the failure, or empty when the peer speaks the expected protocol
   */
  static Optional<Failure> check(ServiceDefinition service, Deadline deadline) {
    ServiceEndpoint endpoint = service.endpoint();
    InetAddress address;
    try {
      address = InetAddress.getByName(endpoint.host());
    } catch (UnknownHostException e) {
      return Optional.of(
          new Failure(
              DiagnosisCode.NAME_RESOLUTION_FAILED,
              "host [" + endpoint.host() + "] does not resolve"));
    }
    try (Socket socket = new Socket()) {
      try {
        socket.connect(new InetSocketAddress(address, endpoint.port()), deadline.remainingMillis());
      } catch (ConnectException e) {
        return Optional.of(
            new Failure(
                DiagnosisCode.CONNECTION_REFUSED,
                "connecting to " + endpoint.address() + " was refused"));
      } catch (SocketTimeoutException e) {
        return Optional.of(
            new Failure(
                DiagnosisCode.CONNECT_TIMED_OUT,
                "no TCP connection to " + endpoint.address() + " within the probe timeout"));
      } catch (NoRouteToHostException e) {
        return Optional.of(
            new Failure(DiagnosisCode.CONNECT_TIMED_OUT, "no route to " + endpoint.address()));
      }
      Optional<byte[]> hello = hello(service);
      if (hello.isEmpty()) {
        return Optional.empty();
      }
      boolean binary = service.kind() == ServiceKind.POSTGRES;
      // A live PostgreSQL answers its SSLRequest in milliseconds; half the budget is plenty and
      // leaves the other half to ask a line-based server.
      socket.setSoTimeout(
          binary ? Math.max(1, deadline.remainingMillis() / 2) : deadline.remainingMillis());
      socket.getOutputStream().write(hello.get());
      socket.getOutputStream().flush();
      try {
        return answer(service, socket.getInputStream());
      } catch (SocketTimeoutException e) {
        if (binary) {
          Optional<Failure> lineServer = askLineServer(service, address, deadline);
          if (lineServer.isPresent()) {
            return lineServer;
          }
        }
        return Optional.of(noAnswer(service));
      }
    } catch (SocketTimeoutException e) {
      return Optional.of(noAnswer(service));
    } catch (IOException e) {
      return Optional.of(
          new Failure(
              DiagnosisCode.CONNECTION_CLOSED,
              "connected to " + endpoint.address() + ", then " + e.getMessage()));
    }
  }

  private static Failure noAnswer(ServiceDefinition service) {
    return new Failure(
        DiagnosisCode.NO_HANDSHAKE_ANSWER,
        "connected to "
            + service.endpoint().address()
            + ", but no answer to a "
            + service.kind().displayName()
            + " hello");
  }

  /** Whether a line-based server of another protocol sits on the port: it answers a PING line. */
  private static Optional<Failure> askLineServer(
      ServiceDefinition service, InetAddress address, Deadline deadline) {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(address, service.endpoint().port()), deadline.remainingMillis());
      socket.setSoTimeout(deadline.remainingMillis());
      socket.getOutputStream().write(LINE_HELLO);
      socket.getOutputStream().flush();
      byte[] buffer = new byte[64];
      int read = socket.getInputStream().read(buffer);
      if (read > 0) {
        return Optional.of(mismatch(service, buffer, read));
      }
    } catch (IOException e) {
      // no answer here either: the peer is hung
    }
    return Optional.empty();
  }

  private static Failure mismatch(ServiceDefinition service, byte[] buffer, int read) {
    return new Failure(
        DiagnosisCode.PROTOCOL_MISMATCH,
        service.endpoint().address()
            + " answered "
            + printable(buffer, read)
            + guess(buffer, read)
            + " instead of "
            + service.kind().displayName());
  }

  private static Optional<byte[]> hello(ServiceDefinition service) {
    ServiceEndpoint endpoint = service.endpoint();
    switch (service.kind()) {
      case POSTGRES:
        return Optional.of(POSTGRES_HELLO);
      case REDIS:
        return endpoint.secure()
            ? Optional.empty()
            : Optional.of("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      case HTTP:
      case WEBSOCKET:
        if (endpoint.secure()) {
          return Optional.empty();
        }
        return Optional.of(HTTP_HELLO);
      default:
        return Optional.empty();
    }
  }

  private static Optional<Failure> answer(ServiceDefinition service, InputStream in)
      throws IOException {
    byte[] buffer = new byte[64];
    int wanted =
        service.kind() == io.infraaware.service.ServiceKind.POSTGRES
                || service.kind() == io.infraaware.service.ServiceKind.REDIS
            ? 1
            : 5;
    int read = 0;
    while (read < wanted) {
      int n = in.read(buffer, read, buffer.length - read);
      if (n < 0) {
        break;
      }
      read += n;
    }
    String address = service.endpoint().address();
    if (read == 0) {
      return Optional.of(
          new Failure(
              DiagnosisCode.CONNECTION_CLOSED,
              "connected to "
                  + address
                  + ", which closed the connection without answering a "
                  + service.kind().displayName()
                  + " hello (a proxy whose upstream is down, or a server of another protocol)"));
    }
    if (speaksExpectedProtocol(service, buffer, read)) {
      return Optional.empty();
    }
    return Optional.of(mismatch(service, buffer, read));
  }

  private static boolean speaksExpectedProtocol(ServiceDefinition service, byte[] bytes, int n) {
    switch (service.kind()) {
      case POSTGRES:
        return bytes[0] == 'S' || bytes[0] == 'N' || bytes[0] == 'E';
      case REDIS:
        return RESP_TYPES.indexOf(bytes[0]) >= 0;
      default:
        return n >= 5 && new String(bytes, 0, 5, StandardCharsets.US_ASCII).equals("HTTP/");
    }
  }

  private static String guess(byte[] bytes, int n) {
    String start = new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    if (start.startsWith("HTTP/")) {
      return " (an HTTP server)";
    }
    if (start.startsWith("SSH-")) {
      return " (an SSH server)";
    }
    if (n >= 1 && RESP_TYPES.indexOf(bytes[0]) >= 0) {
      return " (looks like Redis)";
    }
    if (n == 1 && (bytes[0] == 'N' || bytes[0] == 'S')) {
      return " (looks like PostgreSQL)";
    }
    return "";
  }

  private static String printable(byte[] bytes, int n) {
    StringBuilder text = new StringBuilder("\"");
    for (int i = 0; i < Math.min(n, 32); i++) {
      char c = (char) (bytes[i] & 0xff);
      if (c >= 32 && c < 127) {
        text.append(c);
      } else {
        text.append(String.format("\\x%02x", (int) c));
      }
    }
    return text.append(n > 32 ? "...\"" : "\"").toString();
  }
}
