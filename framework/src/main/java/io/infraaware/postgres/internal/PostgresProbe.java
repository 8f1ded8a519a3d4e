package io.infraaware.postgres.internal;

import io.infraaware.jdbc.internal.JdbcLogin;
import io.infraaware.probe.DiagnosisCode;
import io.infraaware.probe.ProbeConnection;
import io.infraaware.probe.ProbeContext;
import io.infraaware.probe.ProbeFailure;
import io.infraaware.probe.ProbeFailures;
import io.infraaware.probe.ProbeResult;
import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Speaks PostgreSQL's protocol 3.0: {@code SSLRequest} (as {@code sslmode} says), the startup
 * message, and the server's answer: {@code AuthenticationOk} (then {@code SELECT 1}), a request for
 * a password (then a login through the JDBC driver), or an {@code ErrorResponse} for a missing
 * database or role.
 */
final class PostgresProbe implements ServiceProbe {

  private static final byte[] SSL_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};
  private static final String DRIVER = "org.postgresql.Driver";
  static final String ARTIFACT = "org.postgresql:postgresql";

  @Override
  public ProbeResult probe(ProbeContext context) throws IOException, SQLException {
    ServiceEndpoint endpoint = context.endpoint();
    String sslMode = endpoint.queryParameter("sslmode").orElse(defaultSslMode(endpoint));
    Startup startup;
    try (ProbeConnection connection = context.connect()) {
      startup = startup(context, connection, sslMode);
    }
    if (!startup.needsPassword) {
      return context.up(startup.version);
    }
    if (endpoint.password().isEmpty()) {
      throw new ProbeFailure(
          DiagnosisCode.AUTHENTICATION_REJECTED,
          "PostgreSQL at "
              + endpoint.address()
              + " asks user ["
              + user(endpoint)
              + "] for a password ("
              + startup.method
              + ") and none is configured");
    }
    Driver driver =
        JdbcLogin.driver(
            context, DRIVER, ARTIFACT, "to log in with a password (" + startup.method + ")");
    Properties properties = new Properties();
    properties.setProperty("user", user(endpoint));
    properties.setProperty("password", endpoint.password().get());
    // the driver's own timeouts bound the peer; its start-up is outside them
    properties.setProperty("connectTimeout", JdbcLogin.seconds(context.timeout()));
    properties.setProperty("socketTimeout", JdbcLogin.seconds(context.timeout()));
    properties.setProperty(
        "loginTimeout", JdbcLogin.seconds(context.timeout().multipliedBy(3).plusSeconds(20)));
    properties.setProperty("ApplicationName", "infraaware-probe");
    return context.up(JdbcLogin.login(driver, endpoint.url(), properties));
  }

  /** pgjdbc: {@code ssl=true} alone means verify-full; otherwise prefer. */
  private static String defaultSslMode(ServiceEndpoint endpoint) {
    return endpoint.queryParameter("ssl").filter("true"::equalsIgnoreCase).isPresent()
        ? "verify-full"
        : "prefer";
  }

  private record Startup(String version, boolean needsPassword, String method) {}

  private static Startup startup(ProbeContext context, ProbeConnection connection, String sslMode)
      throws IOException {
    ServiceEndpoint endpoint = context.endpoint();
    String mode = sslMode.toLowerCase(Locale.ROOT);
    if (!mode.equals("disable")) {
      connection.send(SSL_REQUEST, "an SSLRequest");
      connection.awaitAnswer(false);
      int answer = connection.readByte();
      byte[] more = connection.peekBuffered(31);
      // a real server sends one byte and waits; 'S' followed by more is another protocol ("SSH-")
      if ((answer != 'S' && answer != 'N' && answer != 'E') || (answer != 'E' && more.length > 0)) {
        throw context.mismatch(concat((byte) answer, more));
      }
      if (answer == 'E') {
        throw error(context, connection);
      }
      if (answer == 'S') {
        connection.startTls(mode.startsWith("verify"));
      } else if (mode.equals("require") || mode.startsWith("verify")) {
        throw new ProbeFailure(
            DiagnosisCode.TLS_FAILURE,
            "PostgreSQL at "
                + endpoint.address()
                + " does not offer TLS, but sslmode="
                + sslMode
                + " requires it");
      }
    }
    connection.send(startupMessage(endpoint), "a startup message");
    if (mode.equals("disable")) {
      connection.awaitAnswer(false);
    }
    String version = null;
    while (true) {
      int type = connection.readByte();
      if (type != 'R'
          && type != 'E'
          && type != 'S'
          && type != 'K'
          && type != 'Z'
          && type != 'N'
          && type != 'v') {
        throw context.mismatch(concat((byte) type, connection.peekBuffered(31)));
      }
      int length = connection.readInt();
      if (length < 4) {
        throw context.mismatch(new byte[] {(byte) type});
      }
      if (type == 'E') {
        throw error(context, connection, length);
      }
      byte[] body = connection.readExactly(length - 4);
      if (type == 'R') {
        int code = readInt(body, 0);
        if (code != 0) {
          return new Startup(null, true, method(code, body));
        }
      } else if (type == 'S') {
        String[] pair = cstrings(body);
        if (pair.length >= 2 && pair[0].equals("server_version")) {
          version = pair[1];
          context.version(version);
        }
      } else if (type == 'Z') {
        query(context, connection);
        return new Startup(version, false, null);
      }
    }
  }

  private static void query(ProbeContext context, ProbeConnection connection) throws IOException {
    byte[] sql = "SELECT 1\0".getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    message.write('Q');
    writeInt(message, sql.length + 4);
    message.write(sql, 0, sql.length);
    connection.send(message.toByteArray(), "SELECT 1");
    while (true) {
      int type = connection.readByte();
      int length = connection.readInt();
      if (type == 'E') {
        throw error(context, connection, length);
      }
      connection.readExactly(length - 4);
      if (type == 'Z') {
        byte[] terminate = {'X', 0, 0, 0, 4};
        connection.send(terminate, "a Terminate");
        return;
      }
    }
  }

  private static byte[] startupMessage(ServiceEndpoint endpoint) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeInt(body, 196608); // protocol 3.0
    cstring(body, "user");
    cstring(body, user(endpoint));
    database(endpoint)
        .ifPresent(
            database -> {
              cstring(body, "database");
              cstring(body, database);
            });
    cstring(body, "application_name");
    cstring(body, "infraaware-probe");
    body.write(0);
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    writeInt(message, body.size() + 4);
    byte[] bytes = body.toByteArray();
    message.write(bytes, 0, bytes.length);
    return message.toByteArray();
  }

  static String user(ServiceEndpoint endpoint) {
    return endpoint.username().orElseGet(() -> System.getProperty("user.name", "postgres"));
  }

  private static Optional<String> database(ServiceEndpoint endpoint) {
    String path = endpoint.path();
    if (path.length() <= 1) {
      return Optional.empty();
    }
    return Optional.of(java.net.URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8));
  }

  private static String method(int code, byte[] body) {
    switch (code) {
      case 3:
        return "password";
      case 5:
        return "md5";
      case 10:
        String[] mechanisms = cstrings(java.util.Arrays.copyOfRange(body, 4, body.length));
        return mechanisms.length > 0 ? mechanisms[0] : "SASL";
      case 7:
        return "GSSAPI";
      case 9:
        return "SSPI";
      case 2:
        return "Kerberos";
      default:
        return "authentication method " + code;
    }
  }

  private static ProbeFailure error(ProbeContext context, ProbeConnection connection)
      throws IOException {
    return error(context, connection, connection.readInt());
  }

  private static ProbeFailure error(ProbeContext context, ProbeConnection connection, int length)
      throws IOException {
    byte[] body = connection.readExactly(Math.max(0, length - 4));
    String code = "";
    String message = "";
    String severity = "";
    int i = 0;
    while (i < body.length && body[i] != 0) {
      char field = (char) body[i++];
      int end = i;
      while (end < body.length && body[end] != 0) {
        end++;
      }
      String value = new String(body, i, end - i, StandardCharsets.UTF_8);
      i = end + 1;
      if (field == 'C') {
        code = value;
      } else if (field == 'M') {
        message = value;
      } else if (field == 'S' || field == 'V') {
        severity = value;
      }
    }
    String detail =
        context
            .endpoint()
            .scrub(
                "PostgreSQL at "
                    + context.endpoint().address()
                    + " refused the connection: "
                    + severity
                    + " "
                    + code
                    + " "
                    + message);
    return new ProbeFailure(diagnosis(code), detail);
  }

  private static DiagnosisCode diagnosis(String sqlState) {
    switch (sqlState) {
      case "28P01":
      case "28000":
        return DiagnosisCode.AUTHENTICATION_REJECTED;
      case "3D000":
        return DiagnosisCode.RESOURCE_MISSING;
      case "57P03":
      case "53300":
      case "53400":
        return DiagnosisCode.UNHEALTHY;
      default:
        return DiagnosisCode.PROBE_FAILED;
    }
  }

  @Override
  public boolean recognises(byte[] answer) {
    return answer[0] == 'E';
  }

  @Override
  public Optional<ProbeFailure> classify(ServiceDefinition service, Exception thrown) {
    if (!(thrown instanceof SQLException)) {
      return Optional.empty();
    }
    String state = String.valueOf(((SQLException) thrown).getSQLState());
    DiagnosisCode code = diagnosis(state);
    if (code == DiagnosisCode.PROBE_FAILED) {
      // connection errors (08001...) carry their cause: let the framework read it
      return Optional.of(ProbeFailures.classify(service, thrown));
    }
    return Optional.of(new ProbeFailure(code, ProbeFailures.message(service, thrown)));
  }

  private static void writeInt(ByteArrayOutputStream out, int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }

  private static void cstring(ByteArrayOutputStream out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);
    out.write(0);
  }

  private static int readInt(byte[] bytes, int at) {
    return ((bytes[at] & 0xff) << 24)
        | ((bytes[at + 1] & 0xff) << 16)
        | ((bytes[at + 2] & 0xff) << 8)
        | (bytes[at + 3] & 0xff);
  }

  private static String[] cstrings(byte[] body) {
    return new String(body, StandardCharsets.UTF_8).split("\0");
  }

  private static byte[] concat(byte first, byte[] rest) {
    byte[] all = new byte[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
