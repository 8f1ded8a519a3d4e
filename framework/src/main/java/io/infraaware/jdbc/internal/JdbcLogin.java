package io.infraaware.jdbc.internal;

import io.infraaware.probe.ProbeContext;
import io.infraaware.probe.ProbeFailure;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.apiguardian.api.API;

/**
 * A login through a JDBC driver, for what a probe cannot do on the wire (SCRAM, MySQL's
 * authentication plugins): connect, {@code SELECT 1}, and the server's version.
 *
 * <p>The driver is loaded by name, so no probe depends on one at compile time; the driver's own
 * timeouts bound the peer (connect, socket reads), and its start-up is not counted as latency.
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class JdbcLogin {

  private JdbcLogin() {}

  /**
   * Loads a driver by class name.
   *
   * @param context the probe's context, for the failure
   * @param driverClass e.g. {@code org.postgresql.Driver}
   * @param artifact what to add when it is missing
   * @param purpose what the driver is needed for, e.g. {@code to log in with a password}
   * @return the driver
   * @throws ProbeFailure when the driver is not on the class path
   */
  public static Driver driver(
      ProbeContext context, String driverClass, String artifact, String purpose) {
    if (!context.libraryPresent(driverClass)) {
      throw context.missingLibrary(artifact, purpose);
    }
    try {
      ClassLoader loader = JdbcLogin.class.getClassLoader();
      Class<?> type;
      try {
        type = Class.forName(driverClass, true, loader);
      } catch (ClassNotFoundException e) {
        type = Class.forName(driverClass, true, Thread.currentThread().getContextClassLoader());
      }
      return (Driver) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw context.missingLibrary(artifact, purpose + " (" + e + ")");
    }
  }

  /**
   * Logs in, runs {@code SELECT 1} and returns the server's version.
   *
   * @param driver the driver
   * @param url the JDBC URL, without user-info
   * @param properties user, password and the driver's timeouts
   * @return the server's version
   * @throws SQLException what the driver throws; the probe's {@code classify} reads it
   */
  public static String login(Driver driver, String url, Properties properties) throws SQLException {
    Connection opened = driver.connect(url, properties);
    if (opened == null) {
      throw new SQLException("the JDBC driver " + driver.getClass().getName() + " refuses the URL");
    }
    try (Connection connection = opened;
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      rows.next();
      return connection.getMetaData().getDatabaseProductVersion();
    }
  }

  /**
   * Whole seconds at least as long as the duration, for drivers whose timeouts are in seconds.
   *
   * @param duration the duration
   * @return the seconds, at least 1
   */
  public static String seconds(java.time.Duration duration) {
    return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1000));
  }
}
