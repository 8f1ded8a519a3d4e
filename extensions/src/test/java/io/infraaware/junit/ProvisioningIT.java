package io.infraaware.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.infraaware.proxy.ActiveFault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.testing.LoopbackServer;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Services whose configured URLs point at closed loopback ports, provisioned for the run: embedded
 * PostgreSQL and Redis start, answer the probe, serve {@code @Service} parameters and a proxied
 * fault, and are gone when the launcher's session ends, data directories included.
 */
class ProvisioningIT {

  @Test
  void closedPortsAreReplacedByEmbeddedServersForTheSessionAndStoppedAfterIt(@TempDir Path reports)
      throws IOException {
    Map<String, String> settings = new HashMap<>();
    settings.put("infra.mode", "require");
    settings.put("infra.report.dir", reports.toString());
    settings.put(
        "infra.services.db.url",
        "jdbc:postgresql://127.0.0.1:" + LoopbackServer.closedPort() + "/provisioned_app");
    settings.put("infra.services.db.username", "app");
    settings.put("infra.services.db.provision", "embedded");
    settings.put("infra.services.cache.url", "redis://127.0.0.1:" + LoopbackServer.closedPort());
    settings.put("infra.services.cache.provision", "auto");
    ProvisionedTestCase.db = null;
    ProvisionedTestCase.cache = null;

    // a session of its own, as a Surefire fork or a Gradle test JVM has: what was provisioned
    // lives until it ends
    SummaryGeneratingListener results = new SummaryGeneratingListener();
    try (LauncherSession session = LauncherFactory.openSession()) {
      session
          .getLauncher()
          .execute(
              LauncherDiscoveryRequestBuilder.request()
                  .selectors(selectClass(ProvisionedTestCase.class))
                  .configurationParameters(settings)
                  .build(),
              results);
    }
    assertThat(results.getSummary().getTestsSucceededCount()).isEqualTo(3);
    assertThat(results.getSummary().getTotalFailureCount()).isZero();

    String summary = Files.readString(reports.resolve("infrastructure-summary.json"));
    assertThat(summary)
        .doesNotContain(ProvisionedTestCase.db.password().orElseThrow())
        .doesNotContain(ProvisionedTestCase.cache.password().orElseThrow())
        // the version whose binaries are on the class path: the parent pom's binaries BOM
        .contains("started embedded PostgreSQL 18.")
        .contains("started embedded Redis 6.")
        .contains("nothing answered at 127.0.0.1:");
    // gone with the session: nothing listens where they were, and their data is removed
    for (ServiceEndpoint endpoint :
        new ServiceEndpoint[] {ProvisionedTestCase.db, ProvisionedTestCase.cache}) {
      assertThatThrownBy(
              () -> {
                try (Socket socket = new Socket()) {
                  socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 2000);
                }
              })
          .as(endpoint.toString())
          .isInstanceOf(ConnectException.class);
    }
    Path provisioned = reports.resolve("provisioned");
    if (Files.exists(provisioned)) {
      try (Stream<Path> left = Files.list(provisioned)) {
        assertThat(left).as("data directories left behind").isEmpty();
      }
    }
  }

  @InfrastructureAware
  @RequiresService({"db", "cache"})
  static class ProvisionedTestCase {
    static volatile ServiceEndpoint db;
    static volatile ServiceEndpoint cache;

    @Test
    void theDatabaseIsRealAndHasTheConfiguredNameAndUser(
        @Service("db") DataSource source, @Service("db") ServiceEndpoint endpoint)
        throws SQLException {
      db = endpoint;
      String table = "provisioned_" + UUID.randomUUID().toString().replace("-", "");
      try (Connection connection = source.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE " + table + " (id int)");
        statement.execute("INSERT INTO " + table + " VALUES (42)");
        try (ResultSet rows =
            statement.executeQuery("SELECT id, current_user, current_database() FROM " + table)) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getInt(1)).isEqualTo(42);
          assertThat(rows.getString(2)).isEqualTo("app");
          assertThat(rows.getString(3)).isEqualTo("provisioned_app");
        }
        try (ResultSet rows =
            statement.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getBoolean(1)).as("the tests' role is no superuser").isFalse();
        }
      }
      // password authentication with a random password, handed over in the endpoint and masked
      assertThat(endpoint.password()).get().asString().hasSize(32);
      assertThat(endpoint.toString()).doesNotContain(endpoint.password().get());
      for (String[] login :
          new String[][] {
            {"app", ""}, {"app", "wrong"}, {"postgres", ""}, {"postgres", "postgres"}
          }) {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", login[0]);
        properties.setProperty("password", login[1]);
        assertThatThrownBy(
                () ->
                    new org.postgresql.Driver()
                        .connect(
                            "jdbc:postgresql://127.0.0.1:" + endpoint.port() + "/provisioned_app",
                            properties)
                        .close())
            .as("a login as %s without the password", login[0])
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("password");
      }
    }

    @Test
    void theCacheIsRealRedis(
        @Service("cache") StatefulRedisConnection<String, String> redis,
        @Service("cache") ServiceEndpoint endpoint) {
      cache = endpoint;
      redis.sync().set("provisioned", "yes");
      assertThat(redis.sync().get("provisioned")).isEqualTo("yes");
      assertThat(endpoint.password()).get().asString().hasSize(32);
      // without the password, nothing but a refusal
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 2000);
        socket.setSoTimeout(5000);
        socket
            .getOutputStream()
            .write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] answer = new byte[64];
        int read = socket.getInputStream().read(answer);
        assertThat(
                new String(
                    answer, 0, Math.max(0, read), java.nio.charset.StandardCharsets.US_ASCII))
            .startsWith("-NOAUTH");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Test
    void aProxyPutsFaultsBetweenTheTestAndTheProvisionedDatabase(@Service("db") ServiceProxy proxy)
        throws IOException {
      ServiceEndpoint through = proxy.endpoint();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(through.host(), through.port()), 2000);
      }
      try (ActiveFault outage = proxy.outage()) {
        assertThatThrownBy(
                () -> {
                  try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(through.host(), through.port()), 2000);
                  }
                })
            .isInstanceOf(ConnectException.class);
      }
    }
  }
}
