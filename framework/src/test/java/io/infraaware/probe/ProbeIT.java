package io.infraaware.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.testing.MachineServices;
import io.infraaware.testing.TestServices;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Probes against the machine's real services (PostgreSQL, Redis, MariaDB, RabbitMQ, NATS,
 * Mosquitto) and the misconfigurations people make with them.
 */
class ProbeIT {

  private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String REDIS = "redis://127.0.0.1:6379";
  private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/test";

  private final Map<String, String> settings = new HashMap<>(Map.of("infra.probe.timeout", "3s"));

  private ProbeResult probe(String url) {
    settings.put("infra.services.svc.url", url);
    return TestServices.probe(settings, "svc");
  }

  /** The machine's service a URL names, by its port: skipped (or failed in CI) if it is down. */
  private static void machine(String url) {
    java.util.regex.Matcher port = java.util.regex.Pattern.compile(":(\\d+)(/|$)").matcher(url);
    int number = port.find() ? Integer.parseInt(port.group(1)) : -1;
    String name =
        Map.of(
                5432,
                "PostgreSQL",
                6379,
                "Redis",
                3306,
                "MariaDB",
                5672,
                "RabbitMQ",
                4222,
                "NATS",
                1883,
                "Mosquitto")
            .getOrDefault(number, "the service");
    MachineServices.require(name, number);
  }

  @ParameterizedTest
  @CsvSource({
    "jdbc:postgresql://127.0.0.1:5432/test, postgres",
    "redis://127.0.0.1:6379, ",
    "jdbc:mariadb://127.0.0.1:3306/test, root",
    "jdbc:mysql://127.0.0.1:3306/test, root",
    "amqp://guest:guest@127.0.0.1:5672, ",
    "nats://127.0.0.1:4222, ",
    "mqtt://127.0.0.1:1883, "
  })
  void eachLocalServiceIsUpWithItsVersionAndAFewMillisecondsOfLatency(String url, String user) {
    machine(url);
    if (user != null) {
      settings.put("infra.services.svc.username", user);
    }
    ProbeResult result = probe(url);
    assertThat(result.status()).as(result.describe()).isEqualTo(ServiceStatus.UP);
    if (!url.startsWith("mqtt")) {
      // MQTT's handshake tells no version
      assertThat(result.version()).hasValueSatisfying(v -> assertThat(v).matches("\\d+\\.\\d+.*"));
    }
  }

  @Test
  void onABusyMachineHealthyServicesStayUpAndAHungOneIsStillHung() throws Exception {
    for (int port : new int[] {5432, 6379, 3306, 5672, 4222, 1883}) {
      machine("tcp://127.0.0.1:" + port);
    }
    // as many spinning threads as cores, and more: the probes compete for the CPU, and client
    // start-up (none here: the probes speak on the wire) would be slow
    int spinners = Runtime.getRuntime().availableProcessors() * 2;
    java.util.concurrent.atomic.AtomicBoolean spin =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    List<Thread> load = new ArrayList<>();
    for (int i = 0; i < spinners; i++) {
      Thread thread =
          new Thread(
              () -> {
                long n = 0;
                while (spin.get()) {
                  n++;
                }
                assertThat(n).isNotNegative();
              });
      thread.setDaemon(true);
      thread.start();
      load.add(thread);
    }
    try (io.infraaware.testing.LoopbackServer hung =
        io.infraaware.testing.LoopbackServer.silent()) {
      Map<String, String> busy = new HashMap<>(Map.of("infra.probe.timeout", "500ms"));
      busy.put("infra.services.pg.url", POSTGRES);
      busy.put("infra.services.pg.username", "postgres");
      busy.put("infra.services.redis.url", REDIS);
      busy.put("infra.services.maria.url", MARIADB);
      busy.put("infra.services.maria.username", "root");
      busy.put("infra.services.rabbit.url", "amqp://guest:guest@127.0.0.1:5672");
      busy.put("infra.services.nats.url", "nats://127.0.0.1:4222");
      busy.put("infra.services.mqtt.url", "mqtt://127.0.0.1:1883");
      busy.put("infra.services.hung.url", "redis://127.0.0.1:" + hung.port());
      io.infraaware.config.InfraConfig config = TestServices.config(busy);
      io.infraaware.service.internal.ServiceCatalog catalog =
          TestServices.PROVIDERS.catalog(config);
      try (ProbeCache cache = TestServices.PROVIDERS.probeCache(config)) {
        List<ProbeResult> results =
            cache.probeAll(
                java.util.stream.Stream.of("pg", "redis", "maria", "rabbit", "nats", "mqtt")
                    .map(catalog::definition)
                    .toList());
        assertThat(results)
            .allSatisfy(r -> assertThat(r.status()).as(r.describe()).isEqualTo(ServiceStatus.UP));
        ProbeResult stuck = cache.probe(catalog.definition("hung"));
        assertThat(stuck.diagnosis().orElseThrow().code())
            .isEqualTo(DiagnosisCode.NO_HANDSHAKE_ANSWER);
      }
    } finally {
      spin.set(false);
      for (Thread thread : load) {
        thread.join();
      }
    }
  }

  @Test
  void postgresCredentialsInTheUrlReachTheServer() {
    machine("jdbc:postgresql://127.0.0.1:5432/test");
    ProbeResult result = probe("jdbc:postgresql://postgres:anything@127.0.0.1:5432/test");
    assertThat(result.status()).as(result.describe()).isEqualTo(ServiceStatus.UP);
    assertThat(result.describe()).doesNotContain("anything");
  }

  @Test
  void aMissingPostgresDatabaseIsAMisconfigurationNamingTheUrl() {
    machine("jdbc:postgresql://127.0.0.1:5432/test");
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
  void aMissingPostgresRoleIsRejected() {
    machine("jdbc:postgresql://127.0.0.1:5432/test");
    settings.put("infra.services.svc.username", "no_such_role_" + suffix());
    ProbeResult result = probe(POSTGRES);
    assertThat(result.diagnosis().orElseThrow().code())
        .isEqualTo(DiagnosisCode.AUTHENTICATION_REJECTED);
  }

  @Test
  void aRoleNameEqualToALongPasswordIsPrintedNowhereNotEvenAsThePrefixPostgresqlEchoes() {
    machine("jdbc:postgresql://127.0.0.1:5432/test");
    // PostgreSQL cuts the role name at 63 bytes in its "role ... does not exist"
    String secret =
        "Sx7-" + suffix() + "-Qv9Zk3Wm8Rt2Lp6Yh1Nd5Gc4Jb0Xf7Tq2Ws8Ke3Mu6Pa9Vz1Ry4Bn7Cd2Ef";
    settings.put("infra.services.svc.username", secret);
    settings.put("infra.services.svc.password", secret);
    ProbeResult result = probe(POSTGRES);
    io.infraaware.run.internal.RunSummary summary = new io.infraaware.run.internal.RunSummary();
    summary.recordProbe(result);
    String printed = result.describe() + result.diagnosis().orElseThrow() + summary.toJson();
    assertThat(result.diagnosis().orElseThrow().code())
        .isEqualTo(DiagnosisCode.AUTHENTICATION_REJECTED);
    for (int i = 0; i + 4 <= secret.length(); i++) {
      assertThat(printed).doesNotContain(secret.substring(i, i + 4));
    }
  }

  @Test
  void postgresPointedAtRedisIsAProtocolMismatch() {
    machine("redis://127.0.0.1:6379");
    ProbeResult result = probe("jdbc:postgresql://127.0.0.1:6379/test");
    assertThat(result.status()).isEqualTo(ServiceStatus.MISCONFIGURED);
    assertThat(result.diagnosis().orElseThrow().code()).isEqualTo(DiagnosisCode.PROTOCOL_MISMATCH);
    assertThat(result.diagnosis().orElseThrow().detail())
        .contains("(looks like Redis) instead of PostgreSQL");
  }

  @Test
  void aRedisDatabaseIndexThatDoesNotExistIsMissing() {
    machine("redis://127.0.0.1:6379");
    ProbeResult result = probe(REDIS + "/999");
    assertThat(result.status()).isEqualTo(ServiceStatus.MISCONFIGURED);
    assertThat(result.diagnosis().orElseThrow().code()).isEqualTo(DiagnosisCode.RESOURCE_MISSING);
  }

  @Test
  void aWrongRedisPasswordIsRejectedAndNeverShown() {
    machine("redis://127.0.0.1:6379");
    // The machine's Redis lets the default user in with any password; an ACL user of our own
    // has a password to get wrong. It is removed again whatever happens.
    String user = "infraaware-probe-it-" + suffix();
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
        ProbeResult right = probe("redis://" + user + ":right-s3cret@127.0.0.1:6379");
        assertThat(right.status()).as(right.describe()).isEqualTo(ServiceStatus.UP);
      } finally {
        connection.sync().aclDeluser(user);
      }
    } finally {
      admin.shutdown();
    }
  }

  @Test
  void redisPointedAtPostgresIsClosedOnWithoutAnAnswer() {
    machine("jdbc:postgresql://127.0.0.1:5432/test");
    ProbeResult result = probe("redis://127.0.0.1:5432");
    assertThat(result.diagnosis().orElseThrow().code()).isEqualTo(DiagnosisCode.CONNECTION_CLOSED);
  }

  @Test
  void httpPointedAtRedisIsNotMistakenForAHealthyService() {
    machine("redis://127.0.0.1:6379");
    ProbeResult result = probe("http://127.0.0.1:6379");
    assertThat(result.status()).isEqualTo(ServiceStatus.MISCONFIGURED);
    assertThat(result.diagnosis().orElseThrow().code()).isEqualTo(DiagnosisCode.PROTOCOL_MISMATCH);
  }

  @Test
  void aMissingMariaDbDatabaseIsAMisconfiguration() {
    machine("jdbc:mariadb://127.0.0.1:3306/test");
    settings.put("infra.services.svc.username", "root");
    ProbeResult result = probe("jdbc:mariadb://127.0.0.1:3306/no_such_database_" + suffix());
    assertThat(result.status()).as(result.describe()).isEqualTo(ServiceStatus.MISCONFIGURED);
    assertThat(result.diagnosis().orElseThrow().code()).isEqualTo(DiagnosisCode.RESOURCE_MISSING);
    assertThat(result.version()).isPresent();
  }

  @Test
  void aWrongMariaDbPasswordIsRejectedAndNeverShown() throws Exception {
    machine("jdbc:mariadb://127.0.0.1:3306/test");
    // a user of our own, with a password to get wrong; dropped whatever happens
    String user = "ia_probe_" + suffix();
    try (Connection admin = DriverManager.getConnection(MARIADB, "root", "");
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'right-s3cret'");
      statement.execute("CREATE USER '" + user + "'@'localhost' IDENTIFIED BY 'right-s3cret'");
      try {
        settings.put("infra.services.svc.username", user);
        settings.put("infra.services.svc.password", "wr0ng-s3cret");
        ProbeResult result = probe(MARIADB);
        assertThat(result.diagnosis().orElseThrow().code())
            .as(result.describe())
            .isEqualTo(DiagnosisCode.AUTHENTICATION_REJECTED);
        assertThat(result.describe()).doesNotContain("wr0ng-s3cret");
      } finally {
        statement.execute("DROP USER IF EXISTS '" + user + "'@'%'");
        statement.execute("DROP USER IF EXISTS '" + user + "'@'localhost'");
      }
    }
  }

  @Test
  void mariaDbPointedAtPostgresIsNotCalledHung() {
    machine("redis://127.0.0.1:6379");
    ProbeResult result = probe("jdbc:mariadb://127.0.0.1:6379/test");
    assertThat(result.diagnosis().orElseThrow().code()).isEqualTo(DiagnosisCode.PROTOCOL_MISMATCH);
  }

  @Test
  void aWrongRabbitMqPasswordIsRejectedAndNeverShown() {
    machine("amqp://127.0.0.1:5672");
    ProbeResult result = probe("amqp://guest:wr0ng-s3cret@127.0.0.1:5672");
    assertThat(result.diagnosis().orElseThrow().code())
        .as(result.describe())
        .isEqualTo(DiagnosisCode.AUTHENTICATION_REJECTED);
    assertThat(result.describe()).doesNotContain("wr0ng-s3cret").contains("403");
    assertThat(result.version()).isPresent();
  }

  @Test
  void aMissingRabbitMqVirtualHostIsMissing() {
    machine("amqp://127.0.0.1:5672");
    ProbeResult result = probe("amqp://guest:guest@127.0.0.1:5672/no-such-vhost-" + suffix());
    assertThat(result.diagnosis().orElseThrow().code())
        .as(result.describe())
        .isEqualTo(DiagnosisCode.RESOURCE_MISSING);
    assertThat(result.diagnosis().orElseThrow().hint()).contains("rabbitmqctl add_vhost");
  }

  @Test
  void rabbitMqPointedAtNatsIsAProtocolMismatch() {
    machine("nats://127.0.0.1:4222");
    ProbeResult result = probe("amqp://127.0.0.1:4222");
    assertThat(result.diagnosis().orElseThrow().code()).isEqualTo(DiagnosisCode.PROTOCOL_MISMATCH);
    assertThat(result.diagnosis().orElseThrow().detail()).contains("(looks like NATS)");
  }

  @Test
  void natsPointedAtMosquittoIsNotCalledHung() {
    machine("mqtt://127.0.0.1:1883");
    ProbeResult result = probe("nats://127.0.0.1:1883");
    assertThat(result.diagnosis().orElseThrow().code())
        .isIn(DiagnosisCode.PROTOCOL_MISMATCH, DiagnosisCode.CONNECTION_CLOSED);
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

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
