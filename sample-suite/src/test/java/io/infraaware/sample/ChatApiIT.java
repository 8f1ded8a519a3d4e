package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.junit.TestProxies;
import io.infraaware.proxy.ActiveFault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sample's HTTP API against the machine's real PostgreSQL and Redis. */
@RequiresService({"postgres", "redis"})
class ChatApiIT {

  /** Scaled like the end-to-end scenarios: a 10 s deadline becomes 0.5 s. */
  private static final Map<String, String> SETTINGS =
      Map.of("TIME_SCALE", "0.05", "REQUEST_DEADLINE", "10s");

  private final String room = "room-" + UUID.randomUUID().toString().substring(0, 8);
  private final String messages = "/api/rooms/" + room + "/messages";
  private SampleStack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void messagesRoundTripWithATokenAndHealthTellsTheTimings(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis) {
    stack = SampleStack.start(postgres, redis, SETTINGS);
    String token = stack.token("alice");
    stack
        .api(token)
        .contentType(ContentType.JSON)
        .body(Map.of("text", "hello"))
        .post(messages)
        .then()
        .statusCode(201)
        .body("message.id", greaterThan(0))
        .body("message.author", equalTo("alice"))
        .body("degraded", equalTo(false));
    stack
        .api(token)
        .get(messages)
        .then()
        .statusCode(200)
        .body("messages.text", hasItems("hello"))
        .body("degraded", equalTo(false));
    stack.api().get(messages).then().statusCode(401);
    stack
        .api(token)
        .contentType(ContentType.JSON)
        .body(Map.of("txt", "x"))
        .post(messages)
        .then()
        .statusCode(400)
        .body("error", equalTo("field [text] must be a non-empty string"));
    stack
        .api()
        .get("/health")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("dependencies.database", equalTo("UP"));
    stack
        .api()
        .get("/health/infrastructure")
        .then()
        .statusCode(200)
        .body("database.status", equalTo("UP"))
        .body("database.pool.size", equalTo(4))
        .body("database.connectTimeout.configuredMillis", equalTo(600_000))
        .body("database.connectTimeout.effectiveMillis", equalTo(30_000))
        .body("database.maxLifetime.effectiveMillis", equalTo(45_000))
        .body("redis.commandTimeout.effectiveMillis", equalTo(100))
        .body("auth.tokenMemory.effectiveMillis", equalTo(30_000))
        .body("requestDeadline.configuredMillis", equalTo(10_000))
        .body("requestDeadline.effectiveMillis", equalTo(500))
        .body("timeScale", equalTo(0.05f));
    stack
        .api()
        .get("/health/circuit-breakers")
        .then()
        .statusCode(200)
        .body("database.state", equalTo("CLOSED"))
        .body("database.transitions", org.hamcrest.Matchers.empty())
        .body("auth.config.successesToClose", equalTo(2))
        .body("redis.config.waitInOpen.effectiveMillis", equalTo(1500));
    stack
        .api()
        .get("/health/resilience")
        .then()
        .body("mode", equalTo("NORMAL"))
        .body("outboxSize", equalTo(0))
        .body("degradedDependencies", org.hamcrest.Matchers.empty());
    stack
        .api()
        .get("/health/authentication")
        .then()
        .body("status", equalTo("UP"))
        .body("rememberedTokens", greaterThan(0));
  }

  @Test
  void whileAuthIsDownRecentTokensAreAcceptedAndUnknownOnesGet503(
      @Service("postgres") ServiceEndpoint postgres,
      @Service("redis") ServiceEndpoint redis,
      TestProxies proxies) {
    stack = SampleStack.start(postgres, redis, SETTINGS, proxies);
    String known = stack.token("alice");
    String unknown = stack.token("bob");
    stack.api(known).get(messages).then().statusCode(200);
    try (ActiveFault outage = stack.authProxy().outage()) {
      stack.api(known).get(messages).then().statusCode(200).body("degraded", equalTo(true));
      stack.api(unknown).get(messages).then().statusCode(503);
      assertThat(outage.manifested()).isTrue();
    }
    // The outage opened the auth breaker: until it lets a trial call through, nobody can tell a
    // forged token from a good one, so the answer is 503; after that, 401.
    Awaitility.await("auth recovers")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> stack.api("not-a-token").get(messages).then().statusCode(401));
  }

  @Test
  void whileRedisIsDownReadsComeFromTheDatabase(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceProxy redis) {
    stack = SampleStack.start(postgres, redis.endpoint(), SETTINGS);
    String token = stack.token("alice");
    stack
        .api(token)
        .contentType(ContentType.JSON)
        .body(Map.of("text", "kept"))
        .post(messages)
        .then()
        .statusCode(201);
    // steady state: Redis answers (and the system uses it through the proxy)
    stack
        .api(token)
        .get("/api/rooms/" + room + "/presence")
        .then()
        .statusCode(200)
        .body("degraded", equalTo(false));
    try (ActiveFault outage = redis.outage()) {
      stack
          .api(token)
          .get(messages)
          .then()
          .statusCode(200)
          .body("messages.text", hasItems("kept"))
          .body("degraded", equalTo(false));
      // presence lives only in Redis: the one answer that must say degraded
      stack
          .api(token)
          .get("/api/rooms/" + room + "/presence")
          .then()
          .statusCode(200)
          .body("users", org.hamcrest.Matchers.empty())
          .body("degraded", equalTo(true));
      stack
          .api(token)
          .contentType(ContentType.JSON)
          .body(Map.of("text", "also kept"))
          .post(messages)
          .then()
          .statusCode(201);
      assertThat(outage.manifested()).isTrue();
    }
  }

  @Test
  void aMessageThePostgresCannotStoreIsRefusedNotQueued(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis) {
    stack = SampleStack.start(postgres, redis, SETTINGS);
    String token = stack.token("alice");
    stack
        .api(token)
        .contentType(ContentType.JSON)
        .body(Map.of("text", "before\u0000after"))
        .post(messages)
        .then()
        .statusCode(400)
        .body("error", equalTo("field [text] must not contain the NUL character"));
    stack.api().get("/health/resilience").then().body("outboxSize", equalTo(0));
    // and the writes after it are not held up behind it
    stack
        .api(token)
        .contentType(ContentType.JSON)
        .body(Map.of("text", "next"))
        .post(messages)
        .then()
        .statusCode(201);
  }

  @Test
  void whenNeitherTheDatabaseNorTheCacheCanServeHealthIsDownWith503(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceProxy redis) {
    stack = SampleStack.start(postgres.endpoint(), redis.endpoint(), SETTINGS);
    String token = stack.token("alice");
    stack.api(token).get(messages).then().statusCode(200);
    try (ActiveFault databaseDown = postgres.outage();
        ActiveFault cacheDown = redis.outage()) {
      // health reads the breakers, which learn from the traffic: keep users reading
      Awaitility.await("both breakers open")
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                stack
                    .api(token)
                    .get(messages)
                    .then()
                    .statusCode(200)
                    .body("degraded", equalTo(true));
                stack
                    .api()
                    .get("/health")
                    .then()
                    .statusCode(503)
                    .body("status", equalTo("DOWN"))
                    .body("dependencies.database", equalTo("DOWN"))
                    .body("dependencies.redis", equalTo("DOWN"));
              });
    }
    Awaitility.await("back up")
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              stack.api(token).get(messages);
              stack.api().get("/health").then().statusCode(200).body("status", equalTo("UP"));
            });
  }
}
