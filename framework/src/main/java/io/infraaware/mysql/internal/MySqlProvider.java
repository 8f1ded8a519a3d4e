package io.infraaware.mysql.internal;

import io.infraaware.jdbc.internal.JdbcDataSource;
import io.infraaware.probe.DiagnosisCode;
import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceKind;
import io.infraaware.service.UrlScheme;
import io.infraaware.spi.ClientType;
import io.infraaware.spi.ServiceKindProvider;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * MySQL and MariaDB: {@code jdbc:mysql://} and {@code jdbc:mariadb://host[:3306]/database}. The
 * version comes from the server's greeting; when credentials are configured, the login and the
 * database are checked through a JDBC driver (MariaDB Connector/J or MySQL Connector/J), which
 * {@code DataSource} and {@code Connection} parameters need too.
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class MySqlProvider implements ServiceKindProvider {

  /** The kind. */
  public static final ServiceKind KIND =
      ServiceKind.of(
          "mysql", "MySQL", UrlScheme.of("jdbc:mysql", 3306), UrlScheme.of("jdbc:mariadb", 3306));

  static final String MARIADB_DRIVER = "org.mariadb.jdbc.Driver";
  static final String MARIADB_ARTIFACT = "org.mariadb.jdbc:mariadb-java-client";
  static final String MYSQL_DRIVER = "com.mysql.cj.jdbc.Driver";
  static final String MYSQL_ARTIFACT = "com.mysql:mysql-connector-j";

  /** Creates the provider; the service loader does this. */
  public MySqlProvider() {}

  @Override
  public ServiceKind kind() {
    return KIND;
  }

  @Override
  public ServiceProbe probe() {
    return new MySqlProbe();
  }

  @Override
  public List<ClientType> clientTypes() {
    // either driver serves a jdbc:mysql: URL; the MariaDB one is named when neither is present
    String driver =
        io.infraaware.probe.ClientLibraries.isPresent(MYSQL_DRIVER) ? MYSQL_DRIVER : MARIADB_DRIVER;
    String artifact =
        driver.equals(MYSQL_DRIVER)
            ? MYSQL_ARTIFACT
            : MARIADB_ARTIFACT + " (or " + MYSQL_ARTIFACT + ")";
    return List.of(
        ClientType.of(
            "javax.sql.DataSource",
            driver,
            artifact,
            (endpoint, closeLater) -> JdbcDataSource.of(endpoint, driverFor(endpoint))),
        ClientType.of(
            "java.sql.Connection",
            driver,
            artifact,
            (endpoint, closeLater) -> {
              java.sql.Connection connection =
                  JdbcDataSource.of(endpoint, driverFor(endpoint)).getConnection();
              closeLater.accept(connection);
              return connection;
            }));
  }

  /** The driver class for an endpoint: MariaDB's for jdbc:mariadb:, MySQL's if present. */
  static String driverFor(io.infraaware.service.ServiceEndpoint endpoint) {
    if (!endpoint.scheme().name().equals("jdbc:mariadb")
        && io.infraaware.probe.ClientLibraries.isPresent(MYSQL_DRIVER)) {
      return MYSQL_DRIVER;
    }
    return MARIADB_DRIVER;
  }

  @Override
  public Optional<String> hint(DiagnosisCode code, ServiceDefinition service) {
    if (code == DiagnosisCode.RESOURCE_MISSING) {
      return Optional.of(
          "create the database (CREATE DATABASE), or correct its name in " + service.urlSetting());
    }
    return Optional.empty();
  }
}
