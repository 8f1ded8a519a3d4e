package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.chaos.ChildProcess;
import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.service.ServiceEndpoint;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The first request after a cold start, standalone: the jar started as a child process at each time
 * scale the docs recommend serves its very first request (it warms up before it says it is ready,
 * and scaling does not take the deadline below what a loaded machine can keep).
 */
@RequiresService({"postgres", "redis"})
class ColdStartIT {

  private static SampleApp auth;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path work;

  @BeforeAll
  static void startAuth() {
    auth = SampleApp.auth("127.0.0.1", 0, SampleStack.AUTH_SECRET);
  }

  @AfterAll
  static void stopAuth() {
    auth.close();
  }

  @ParameterizedTest(name = "TIME_SCALE={0}")
  @ValueSource(strings = {"1", "0.1", "0.05", "0.02"})
  void theFirstRequestAfterAColdStartIsServed(
      String scale,
      @Service("postgres") ServiceEndpoint postgres,
      @Service("redis") ServiceEndpoint redis)
      throws Exception {
    String room = "cold-" + UUID.randomUUID().toString().substring(0, 8);
    String token = SampleStack.token("alice", java.time.Instant.now().plusSeconds(600));
    long start = System.nanoTime();
    try (ChildProcess backend =
        SampleProcess.start(
            work,
            Map.of(
                "PORT", "0",
                "DATABASE_URL", postgres.url(),
                "DATABASE_USER", postgres.username().orElse("postgres"),
                "REDIS_URL", redis.url(),
                "AUTH_URL", auth.uri().toString(),
                "DB_POOL_SIZE", "4",
                "TIME_SCALE", scale))) {
      Duration ready = Duration.ofNanos(System.nanoTime() - start);
      long sent = System.nanoTime();
      HttpResponse<String> first =
          http.send(
              HttpRequest.newBuilder(
                      SampleProcess.uri(backend).resolve("/api/rooms/" + room + "/messages"))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"first\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Duration took = Duration.ofNanos(System.nanoTime() - sent);
      System.out.printf(
          "[cold start] TIME_SCALE=%s: ready after %d ms, first request %d in %d ms%n",
          scale, ready.toMillis(), first.statusCode(), took.toMillis());
      assertThat(first.statusCode()).as("the first request: %s", first.body()).isEqualTo(201);
      assertThat(Http.JSON.readTree(first.body()).path("degraded").asBoolean()).isFalse();
    }
  }
}
