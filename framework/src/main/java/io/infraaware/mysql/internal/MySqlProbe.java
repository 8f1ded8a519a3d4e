package io.infraaware.mysql.internal;

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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads MySQL's (or MariaDB's) server greeting for the version; when credentials are configured,
 * logs in through a JDBC driver (MySQL's authentication plugins are its business) and runs {@code
 * SELECT 1}.
 */
final class MySqlProbe implements ServiceProbe {

  @Override
  public ProbeResult probe(ProbeContext context) throws IOException, SQLException {
    ServiceEndpoint endpoint = context.endpoint();
    String version;
    try (ProbeConnection connection = context.connect()) {
      connection.awaitAnswer(true);
      byte[] first = connection.peek(32);
      int length = connection.readByte() | connection.readByte() << 8 | connection.readByte() << 16;
      int sequence = connection.readByte();
      if (sequence != 0 || length < 2 || length > 1 << 16) {
        throw context.mismatch(first);
      }
      byte[] payload = connection.readExactly(length);
      int marker = payload[0] & 0xff;
      if (marker == 0xff) {
        throw refused(context, payload);
      }
      if (marker != 10) {
        throw context.mismatch(first);
      }
      int end = 1;
      while (end < payload.length && payload[end] != 0) {
        end++;
      }
      version = clean(new String(payload, 1, end - 1, StandardCharsets.UTF_8));
      context.version(version);
    }
    if (endpoint.username().isEmpty() && endpoint.password().isEmpty()) {
      return context.up(version);
    }
    Driver driver = driver(context, endpoint);
    Properties properties = new Properties();
    properties.setProperty("user", endpoint.username().orElse(""));
    properties.setProperty("password", endpoint.password().orElse(""));
    String millis = Long.toString(Math.max(1, context.timeout().toMillis()));
    properties.setProperty("connectTimeout", millis);
    properties.setProperty("socketTimeout", millis);
    JdbcLogin.login(driver, jdbcUrl(endpoint, driver), properties);
    return context.up(version);
  }

  /** MariaDB reports "5.5.5-10.11.6-MariaDB" to old clients: the real version follows. */
  private static String clean(String version) {
    return version.startsWith("5.5.5-") ? version.substring("5.5.5-".length()) : version;
  }

  private static Driver driver(ProbeContext context, ServiceEndpoint endpoint) {
    boolean mariadbUrl = endpoint.scheme().name().equals("jdbc:mariadb");
    if (!mariadbUrl && context.libraryPresent(MySqlProvider.MYSQL_DRIVER)) {
      return JdbcLogin.driver(
          context, MySqlProvider.MYSQL_DRIVER, MySqlProvider.MYSQL_ARTIFACT, "to check the login");
    }
    if (!context.libraryPresent(MySqlProvider.MARIADB_DRIVER)) {
      throw context.missingLibrary(
          MySqlProvider.MARIADB_ARTIFACT
              + (mariadbUrl ? "" : " (or " + MySqlProvider.MYSQL_ARTIFACT + ")"),
          "to check the login");
    }
    return JdbcLogin.driver(
        context,
        MySqlProvider.MARIADB_DRIVER,
        MySqlProvider.MARIADB_ARTIFACT,
        "to check the login");
  }

  /** The URL for the driver: MariaDB's takes {@code jdbc:mariadb:} only. */
  static String jdbcUrl(ServiceEndpoint endpoint, Driver driver) {
    String url = endpoint.url();
    if (driver.getClass().getName().equals(MySqlProvider.MARIADB_DRIVER)
        && url.startsWith("jdbc:mysql:")) {
      return "jdbc:mariadb:" + url.substring("jdbc:mysql:".length());
    }
    return url;
  }

  private static ProbeFailure refused(ProbeContext context, byte[] payload) {
    int code = (payload.length > 2) ? (payload[1] & 0xff) | ((payload[2] & 0xff) << 8) : 0;
    int start = 3;
    if (payload.length > 3 && payload[3] == '#') {
      start = 9;
    }
    String message =
        payload.length > start
            ? new String(payload, start, payload.length - start, StandardCharsets.UTF_8)
            : "";
    String detail =
        context.endpoint().address() + " refused the connection: error " + code + " " + message;
    DiagnosisCode diagnosis;
    switch (code) {
      case 1040: // too many connections
      case 1203: // user has too many connections
        diagnosis = DiagnosisCode.UNHEALTHY;
        break;
      case 1130: // host is not allowed to connect
      case 1045:
        diagnosis = DiagnosisCode.AUTHENTICATION_REJECTED;
        break;
      case 1129: // host is blocked because of many connection errors
        diagnosis = DiagnosisCode.UNHEALTHY;
        break;
      default:
        diagnosis = DiagnosisCode.PROBE_FAILED;
    }
    return new ProbeFailure(diagnosis, context.endpoint().scrub(detail));
  }

  @Override
  public Optional<ProbeFailure> classify(ServiceDefinition service, Exception thrown) {
    if (!(thrown instanceof SQLException)) {
      return Optional.empty();
    }
    SQLException sql = (SQLException) thrown;
    String message = ProbeFailures.message(service, thrown);
    switch (sql.getErrorCode()) {
      case 1045: // access denied
      case 1044: // access denied to the database
      case 1698:
        return Optional.of(new ProbeFailure(DiagnosisCode.AUTHENTICATION_REJECTED, message));
      case 1049: // unknown database
        return Optional.of(new ProbeFailure(DiagnosisCode.RESOURCE_MISSING, message));
      case 1040:
      case 1203:
        return Optional.of(new ProbeFailure(DiagnosisCode.UNHEALTHY, message));
      default:
        break;
    }
    String state = String.valueOf(sql.getSQLState());
    if (state.startsWith("28")) {
      return Optional.of(new ProbeFailure(DiagnosisCode.AUTHENTICATION_REJECTED, message));
    }
    return Optional.of(ProbeFailures.classify(service, thrown));
  }

  @Override
  public boolean recognises(byte[] answer) {
    return answer.length >= 5 && answer[3] == 0 && (answer[4] == 10 || (answer[4] & 0xff) == 0xff);
  }
}
