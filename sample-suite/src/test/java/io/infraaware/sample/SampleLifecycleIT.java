package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.service.ServiceEndpoint;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Test;

/** The sample in-process: free ports, a URL, and a stop that leaves no thread and no port. */
@RequiresService({"postgres", "redis"})
class SampleLifecycleIT {

  /** Threads of the test's own libraries and the JDK, started on first use, not by the sample. */
  private static final Set<String> NOT_THE_SAMPLE =
      Set.of("PIC-Cleaner", "DFA-cache-cleaner", "ForkJoinPool.commonPool-worker");

  @Test
  void startsOnFreePortsAndStopsWithoutLeavingThreadsOrPorts(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    List<URI> listened = exerciseAndStop(postgres, redis);
    for (URI uri : listened) {
      assertRefused(uri);
    }
    await("threads of the sample end")
        .atMost(Duration.ofSeconds(15))
        .pollInSameThread()
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              // Java 17's HTTP client (auth calls) ends its selector thread once it is collected
              System.gc();
              assertThat(startedSince(before)).isEmpty();
            });
  }

  @Test
  void startedWhileItsDatabaseIsDownItCreatesItsTableOnceTheDatabaseIsBack(
      @Service("postgres") io.infraaware.proxy.ServiceProxy postgres,
      @Service("redis") ServiceEndpoint redis)
      throws Exception {
    // a schema of its own, so the table really does not exist yet
    String schema = "cold_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    ServiceEndpoint direct = postgres.upstream();
    try (java.sql.Connection admin =
        java.sql.DriverManager.getConnection(
            direct.url(), direct.username().orElse("postgres"), direct.password().orElse(""))) {
      admin.createStatement().execute("CREATE SCHEMA " + schema);
      String url = postgres.endpoint().url() + "?currentSchema=" + schema;
      String room = "cold-" + UUID.randomUUID().toString().substring(0, 8);
      try (io.infraaware.proxy.ActiveFault outage = postgres.outage();
          SampleStack stack =
              SampleStack.start(
                  postgres.endpoint(),
                  redis,
                  Map.of("TIME_SCALE", "0.05", "REQUEST_DEADLINE", "10s", "DATABASE_URL", url))) {
        String token = stack.token("alice");
        stack
            .api(token)
            .contentType(ContentType.JSON)
            .body(Map.of("text", "sent while the database was down"))
            .post("/api/rooms/" + room + "/messages")
            .then()
            .statusCode(202);
        outage.close();
        await("stored once the database is back")
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    stack
                        .api(token)
                        .get("/api/rooms/" + room + "/messages")
                        .then()
                        .body("degraded", org.hamcrest.Matchers.equalTo(false))
                        .body(
                            "messages.text",
                            org.hamcrest.Matchers.contains("sent while the database was down")));
      } finally {
        admin.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  @Test
  void aGracefulStopStoresWhatWaitsInTheOutboxWhenTheDatabaseCanTakeIt(
      @Service("postgres") io.infraaware.proxy.ServiceProxy postgres,
      @Service("redis") ServiceEndpoint redis)
      throws Exception {
    String room = "stop-" + UUID.randomUUID().toString().substring(0, 8);
    // full scale: the outbox is drained once a second, so the stop below comes before a round
    SampleStack stack =
        SampleStack.start(postgres.endpoint(), redis, Map.of("REQUEST_DEADLINE", "1s"));
    try {
      String token = stack.token("alice");
      try (io.infraaware.proxy.ActiveFault outage = postgres.outage()) {
        stack
            .api(token)
            .contentType(ContentType.JSON)
            .body(Map.of("text", "queued before the stop"))
            .post("/api/rooms/" + room + "/messages")
            .then()
            .statusCode(202);
      }
    } finally {
      stack.close();
    }
    ServiceEndpoint direct = postgres.upstream();
    try (java.sql.Connection connection =
            java.sql.DriverManager.getConnection(
                direct.url(), direct.username().orElse("postgres"), direct.password().orElse(""));
        java.sql.PreparedStatement select =
            connection.prepareStatement("SELECT text FROM sample_messages WHERE room = ?")) {
      select.setString(1, room);
      try (java.sql.ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).as("the queued message was stored on the way down").isTrue();
        assertThat(rows.getString(1)).isEqualTo("queued before the stop");
      }
    }
  }

  /** Starts the stack, touches every part (auth, database, cache, WebSocket) and stops it. */
  private static List<URI> exerciseAndStop(ServiceEndpoint postgres, ServiceEndpoint redis)
      throws Exception {
    String room = "life-" + UUID.randomUUID().toString().substring(0, 8);
    try (SampleStack stack =
        SampleStack.start(
            postgres, redis, Map.of("TIME_SCALE", "0.05", "REQUEST_DEADLINE", "10s"))) {
      URI backend = stack.backendUri();
      URI auth = stack.auth.uri();
      assertThat(backend.getHost()).isEqualTo("127.0.0.1");
      assertThat(backend.getPort()).isPositive().isNotEqualTo(auth.getPort());
      String token = stack.token("alice");
      stack
          .api(token)
          .contentType(ContentType.JSON)
          .body(Map.of("text", "hello"))
          .post("/api/rooms/" + room + "/messages")
          .then()
          .statusCode(201);
      stack.api(token).get("/api/rooms/" + room + "/messages").then().statusCode(200);
      ClientManager client = ClientManager.createClient();
      try {
        ChatWebSocketIT.Recorder recorder = new ChatWebSocketIT.Recorder();
        recorder.connect(client, backend, room, token, 0L);
        await().atMost(Duration.ofSeconds(5)).until(() -> recorder.texts().contains("hello"));
      } finally {
        client.shutdown();
      }
      return List.of(backend, auth);
    }
  }

  /** New live threads, each with where it is, so a leak names its owner. */
  private static Set<String> startedSince(Set<Thread> before) {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(entry -> !before.contains(entry.getKey()) && entry.getKey().isAlive())
        .filter(entry -> NOT_THE_SAMPLE.stream().noneMatch(entry.getKey().getName()::startsWith))
        .map(
            entry ->
                entry.getKey().getName()
                    + " at "
                    + Arrays.stream(entry.getValue())
                        .limit(6)
                        .map(StackTraceElement::toString)
                        .collect(Collectors.joining(" < ")))
        .collect(Collectors.toSet());
  }

  private static void assertRefused(URI uri) {
    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", uri.getPort()), 1000);
              }
            })
        .as("nothing listens on %s any more", uri)
        .isInstanceOf(IOException.class);
  }
}
