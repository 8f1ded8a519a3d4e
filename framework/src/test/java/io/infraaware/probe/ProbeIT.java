package io.infraaware.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.config.ConfigSource;
import io.infraaware.config.InfraConfig;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Probes against the machine's real PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379), and the
 * misconfigurations people make with them.
 */
class ProbeIT {

  private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String REDIS = "redis://127.0.0.1:6379";

  private final Map<String, String> settings = new HashMap<>(Map.of("infra.probe.timeout", "3s"));
  private ProbeCache cache;

  @AfterEach
  void close() {
    if (cache != null) {
      cache.close();
    }
  }

  private ProbeResult probe(String url) {
    settings.put("infra.services.svc.url", url);
    InfraConfig config = InfraConfig.from(ConfigSource.of(settings));
    cache = ProbeCache.create(config);
    return cache.probe(config.service("svc"));
  }

  @Test
  void postgresIsUpWithItsVersion() {
    settings.put("infra.services.svc.username", "postgres");
    ProbeResult result = probe(POSTGRES);
    assertThat(result.status()).as(result.describe()).isEqualTo(ServiceStatus.UP);
    assertThat(result.version()).hasValueSatisfying(v -> assertThat(v).matches("\\d+\\.\\d+.*"));
  }

  @Test
  void postgresCredentialsInTheUrlReachTheDriver() {
    // pgjdbc reads no user-info: without taking it apart, the login would be as the OS user
    ProbeResult result = probe("jdbc:postgresql://postgres:anything@127.0.0.1:5432/test");
    assertThat(result.status()).as(result.describe()).isEqualTo(ServiceStatus.UP);
    assertThat(result.describe()).doesNotContain("anything");
  }

  @Test
  void aMissingDatabaseIsAMisconfigurationNamingTheUrl() {
    settings.put("infra.services.svc.username", "postgres");
    ProbeResult result = probe("jdbc:postgresql://127.0.0.1:5432/no_such_database");
    assertThat(result.status()).isEqualTo(ServiceStatus.MISCONFIGURED);
    Diagnosis diagnosis = result.diagnosis().orElseThrow();
    assertThat(diagnosis.code()).isEqualTo(DiagnosisCode.RESOURCE_MISSING);
    assertThat(diagnosis.detail()).contains("\"no_such_database\" does not exist");
    assertThat(diagnosis.hint())
        .isEqualTo(
            "create the database, or correct the database name in"
                + " infra.services.svc.url=[jdbc:postgresql://127.0.0.1:5432/no_such_database]");
  }

  @Test
  void postgresPointedAtRedisIsAProtocolMismatch() {
    ProbeResult result = probe("jdbc:postgresql://127.0.0.1:6379/test");
    assertThat(result.status()).isEqualTo(ServiceStatus.MISCONFIGURED);
    assertThat(result.diagnosis().orElseThrow().code()).isEqualTo(DiagnosisCode.PROTOCOL_MISMATCH);
    assertThat(result.diagnosis().orElseThrow().detail())
        .contains("(looks like Redis) instead of PostgreSQL");
  }

  @Test
  void redisIsUpWithItsVersion() {
    ProbeResult result = probe(REDIS);
    assertThat(result.status()).as(result.describe()).isEqualTo(ServiceStatus.UP);
    assertThat(result.version()).hasValueSatisfying(v -> assertThat(v).matches("\\d+\\.\\d+.*"));
  }

  @Test
  void aRedisDatabaseIndexThatDoesNotExistIsMissing() {
    ProbeResult result = probe(REDIS + "/999");
    assertThat(result.status()).isEqualTo(ServiceStatus.MISCONFIGURED);
    assertThat(result.diagnosis().orElseThrow().code()).isEqualTo(DiagnosisCode.RESOURCE_MISSING);
  }

  @Test
  void aWrongRedisPasswordIsRejectedAndNeverShown() {
    // The machine's Redis lets the default user in with any password; an ACL user of our own
    // has a password to get wrong. It is removed again whatever happens.
    String user = "infraaware-probe-it";
    RedisClient admin = RedisClient.create(REDIS);
    try (StatefulRedisConnection<String, String> connection = admin.connect()) {
      connection
          .sync()
          .aclSetuser(
              user,
              AclSetuserArgs.Builder.on().addPassword("right-s3cret").allCommands().allKeys());
      try {
        ProbeResult result = probe("redis://" + user + ":wr0ng-s3cret@127.0.0.1:6379");
        assertThat(result.status()).as(result.describe()).isEqualTo(ServiceStatus.MISCONFIGURED);
        assertThat(result.diagnosis().orElseThrow().code())
            .isEqualTo(DiagnosisCode.AUTHENTICATION_REJECTED);
        assertThat(result.describe())
            .doesNotContain("wr0ng-s3cret")
            .contains("redis://****@127.0.0.1:6379")
            .contains("check infra.services.svc.username and infra.services.svc.password");
      } finally {
        connection.sync().aclDeluser(user);
      }
    } finally {
      admin.shutdown();
    }
  }

  @Test
  void redisPointedAtPostgresIsClosedOnWithoutAnAnswer() {
    ProbeResult result = probe("redis://127.0.0.1:5432");
    assertThat(result.diagnosis().orElseThrow().code()).isEqualTo(DiagnosisCode.CONNECTION_CLOSED);
  }

  @Test
  void httpPointedAtRedisIsNotMistakenForAHealthyService() {
    ProbeResult result = probe("http://127.0.0.1:6379");
    assertThat(result.status()).isEqualTo(ServiceStatus.MISCONFIGURED);
    assertThat(result.diagnosis().orElseThrow().code()).isEqualTo(DiagnosisCode.PROTOCOL_MISMATCH);
  }

  @Test
  void aFullAcceptBacklogMakesTheConnectTimeOut() throws IOException {
    // Linux drops SYNs once a listener's accept queue is full: a connect timeout on loopback.
    try (ServerSocket neverAccepts = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), neverAccepts.getLocalPort());
      List<Socket> fillers = new ArrayList<>();
      try {
        for (int i = 0; i < 16; i++) {
          Socket filler = new Socket();
          fillers.add(filler);
          try {
            filler.connect(address, 200);
          } catch (SocketTimeoutException full) {
            break;
          }
        }
        settings.put("infra.probe.timeout", "500ms");
        ProbeResult result = probe("tcp://127.0.0.1:" + neverAccepts.getLocalPort());
        assertThat(result.diagnosis().orElseThrow().code())
            .isEqualTo(DiagnosisCode.CONNECT_TIMED_OUT);
      } finally {
        for (Socket filler : fillers) {
          filler.close();
        }
      }
    }
  }
}
