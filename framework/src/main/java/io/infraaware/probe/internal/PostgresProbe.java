package io.infraaware.probe.internal;

import io.infraaware.probe.DiagnosisCode;
import io.infraaware.service.ServiceDefinition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/** Probes PostgreSQL through its JDBC driver: connect, {@code SELECT 1}, server version. */
public final class PostgresProbe extends ProtocolProbe {

  private final org.postgresql.Driver driver = new org.postgresql.Driver();

  /**
   * Creates the probe.
   *
   * @param hints the fix hints
   */
  public PostgresProbe(Hints hints) {
    super(hints);
  }

  @Override
  Answer handshake(ServiceDefinition service, Deadline deadline) throws SQLException {
    Properties properties = new Properties();
    service.endpoint().username().ifPresent(user -> properties.setProperty("user", user));
    service
        .endpoint()
        .password()
        .ifPresent(password -> properties.setProperty("password", password));
    String seconds = Integer.toString(deadline.remainingSeconds());
    properties.setProperty("connectTimeout", seconds);
    properties.setProperty("socketTimeout", seconds);
    properties.setProperty("loginTimeout", seconds);
    properties.setProperty("ApplicationName", "infraaware-probe");
    Connection opened = driver.connect(service.endpoint().url(), properties);
    if (opened == null) {
      // the driver's way of saying the URL is not one of its own
      throw new SQLException(
          "the PostgreSQL driver does not accept the URL " + service.endpoint().maskedUrl());
    }
    try (Connection connection = opened;
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      rows.next();
      return Answer.up(connection.getMetaData().getDatabaseProductVersion());
    }
  }

  @Override
  Optional<Failure> classify(ServiceDefinition service, Exception thrown) {
    if (!(thrown instanceof SQLException)) {
      return Optional.empty();
    }
    String state = String.valueOf(((SQLException) thrown).getSQLState());
    String message = Failures.message(service, thrown);
    switch (state) {
      case "28P01":
      case "28000":
        return Optional.of(new Failure(DiagnosisCode.AUTHENTICATION_REJECTED, message));
      case "3D000":
        return Optional.of(new Failure(DiagnosisCode.RESOURCE_MISSING, message));
      case "57P03":
      case "53300":
        return Optional.of(new Failure(DiagnosisCode.UNHEALTHY, message));
      default:
        return Optional.empty();
    }
  }
}
