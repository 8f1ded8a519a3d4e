package io.infraaware.jdbc.internal;

import io.infraaware.service.ServiceEndpoint;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apiguardian.api.API;

/**
 * A {@link DataSource} over a JDBC driver loaded by name, for {@code @Service DataSource}
 * parameters of kinds whose drivers differ (MariaDB's or MySQL's): each connection is new, with the
 * endpoint's credentials and a bounded connect.
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class JdbcDataSource implements DataSource {

  /** How long connecting may take unless the URL says otherwise. */
  static final String CONNECT_TIMEOUT_MILLIS = "10000";

  private final ServiceEndpoint endpoint;
  private final Driver driver;
  private final String url;
  private volatile PrintWriter logWriter;
  private volatile int loginTimeout;

  private JdbcDataSource(ServiceEndpoint endpoint, Driver driver, String url) {
    this.endpoint = endpoint;
    this.driver = driver;
    this.url = url;
  }

  /**
   * A data source for an endpoint through a driver class.
   *
   * @param endpoint the service
   * @param driverClass e.g. {@code org.mariadb.jdbc.Driver}
   * @return the data source
   * @throws ReflectiveOperationException when the driver cannot be made
   */
  public static JdbcDataSource of(ServiceEndpoint endpoint, String driverClass)
      throws ReflectiveOperationException {
    Class<?> type;
    try {
      type = Class.forName(driverClass, true, JdbcDataSource.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      type = Class.forName(driverClass, true, Thread.currentThread().getContextClassLoader());
    }
    Driver driver = (Driver) type.getDeclaredConstructor().newInstance();
    String url = endpoint.url();
    if (driverClass.startsWith("org.mariadb") && url.startsWith("jdbc:mysql:")) {
      url = "jdbc:mariadb:" + url.substring("jdbc:mysql:".length());
    }
    return new JdbcDataSource(endpoint, driver, url);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connect(endpoint.username().orElse(null), endpoint.password().orElse(null));
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return connect(username, password);
  }

  private Connection connect(String username, String password) throws SQLException {
    Properties properties = new Properties();
    if (username != null) {
      properties.setProperty("user", username);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    if (!url.contains("connectTimeout=")) {
      properties.setProperty(
          "connectTimeout",
          loginTimeout > 0 ? Long.toString(loginTimeout * 1000L) : CONNECT_TIMEOUT_MILLIS);
    }
    try {
      Connection connection = driver.connect(url, properties);
      if (connection == null) {
        throw new SQLException("the driver " + driver.getClass().getName() + " refuses the URL");
      }
      return connection;
    } catch (SQLException e) {
      throw new SQLException(
          "Cannot connect to [" + endpoint.maskedUrl() + "]: " + endpoint.scrub(e.getMessage()),
          e.getSQLState(),
          e.getErrorCode());
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no java.util.logging here");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper of " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }

  @Override
  public String toString() {
    return "JdbcDataSource[" + endpoint.maskedUrl() + " via " + driver.getClass().getName() + "]";
  }
}
