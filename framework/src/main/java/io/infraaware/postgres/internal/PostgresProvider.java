package io.infraaware.postgres.internal;

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
 * PostgreSQL: {@code jdbc:postgresql://[user:password@]host[:5432]/database}. Probed on the wire; a
 * password login, and {@code DataSource} and {@code Connection} parameters, need the JDBC driver
 * ({@code org.postgresql:postgresql}).
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class PostgresProvider implements ServiceKindProvider {

  /** The kind. */
  public static final ServiceKind KIND =
      ServiceKind.of("postgres", "PostgreSQL", UrlScheme.of("jdbc:postgresql", 5432));

  private static final String DRIVER = "org.postgresql.Driver";

  /** Creates the provider; the service loader does this. */
  public PostgresProvider() {}

  @Override
  public ServiceKind kind() {
    return KIND;
  }

  @Override
  public ServiceProbe probe() {
    return new PostgresProbe();
  }

  @Override
  public List<ClientType> clientTypes() {
    return List.of(
        ClientType.of(
            "javax.sql.DataSource",
            DRIVER,
            PostgresProbe.ARTIFACT,
            (endpoint, closeLater) -> PostgresClients.dataSource(endpoint)),
        ClientType.of(
            "java.sql.Connection",
            DRIVER,
            PostgresProbe.ARTIFACT,
            (endpoint, closeLater) -> PostgresClients.connection(endpoint, closeLater)));
  }

  @Override
  public Optional<String> hint(DiagnosisCode code, ServiceDefinition service) {
    if (code == DiagnosisCode.RESOURCE_MISSING) {
      return Optional.of(
          "create the database, or correct the database name in " + service.urlSetting());
    }
    return Optional.empty();
  }
}
