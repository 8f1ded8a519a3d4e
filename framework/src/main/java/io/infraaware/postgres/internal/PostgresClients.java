package io.infraaware.postgres.internal;

import io.infraaware.service.ServiceEndpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;
import org.postgresql.ds.PGSimpleDataSource;

/** pgjdbc clients for {@code @Service} parameters; loaded only when the driver is present. */
final class PostgresClients {

  /** How long a test's connection may take to connect and log in. */
  static final int LOGIN_TIMEOUT_SECONDS = 10;

  private PostgresClients() {}

  /**
   * A DataSource whose connecting and login are bounded (pgjdbc waits for a login forever by
   * default, so a hung database would hang the test); queries are not, unless the URL says so.
   */
  static Object dataSource(ServiceEndpoint endpoint) throws SQLException {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(endpoint.url());
    if (endpoint.queryParameter("loginTimeout").isEmpty()) {
      dataSource.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
    }
    endpoint.username().ifPresent(dataSource::setUser);
    endpoint.password().ifPresent(dataSource::setPassword);
    return dataSource;
  }

  static Object connection(ServiceEndpoint endpoint, Consumer<AutoCloseable> closeLater)
      throws SQLException {
    try {
      Connection connection = ((PGSimpleDataSource) dataSource(endpoint)).getConnection();
      closeLater.accept(connection);
      return connection;
    } catch (SQLException e) {
      throw new SQLException(
          "Cannot connect to [" + endpoint.maskedUrl() + "]: " + endpoint.scrub(e.getMessage()),
          e.getSQLState());
    }
  }
}
