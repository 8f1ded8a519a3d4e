package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.chaos.ChildProcess;
import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.time.Calibration;
import io.infraaware.time.Noise;
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
 *
 * <p>Answering 202 (stored later, degraded) is the backend's documented contract when its database
 * call misses the request's deadline. On a quiet machine the first request must not need that; on a
 * loaded one it may, and the test accepts it only when the request's own window shows the machine
 * took the time: the run-queue wait of this JVM's and the backend's threads (read from the kernel,
 * see docs/chaos.md) at least half the deadline. A backend that degrades on a machine that was not
 * that noisy is blamed.
 */
@RequiresService({"postgres", "redis"})
class ColdStartIT {

  private static SampleApp auth;
  private static Calibration calibration;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path work;

  @BeforeAll
  static void startAuth() {
    auth = SampleApp.auth("127.0.0.1", 0, SampleStack.AUTH_SECRET);
    calibration = Calibration.start(Calibration.DEFAULT_CEILING);
  }

  @AfterAll
  static void stopAuth() {
    calibration.close();
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
            SampleStack.services(
                postgres,
                redis,
                Map.of(
                    "PORT",
                    "0",
                    "AUTH_URL",
                    auth.uri().toString(),
                    "DB_POOL_SIZE",
                    "4",
                    "TIME_SCALE",
                    scale)))) {
      Duration ready = Duration.ofNanos(System.nanoTime() - start);
      calibration.watch(backend.pid());
      Calibration.Window window = calibration.window();
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
      Noise noise = window.noise();
      calibration.unwatch(backend.pid());
      System.out.printf(
          "[cold start] TIME_SCALE=%s: ready after %d ms, first request %d in %d ms; %s%n",
          scale, ready.toMillis(), first.statusCode(), took.toMillis(), noise.describe());
      boolean degraded = Http.JSON.readTree(first.body()).path("degraded").asBoolean();
      if (first.statusCode() == 202 && degraded) {
        Duration deadline = deadline(scale);
        assertThat(noise.measured())
            .as(
                "the first request degraded (202) because it missed its deadline of %d ms, on a"
                    + " machine whose noise in the request's window does not explain it: %s",
                deadline.toMillis(), noise.describe())
            .isGreaterThanOrEqualTo(deadline.dividedBy(2));
        return;
      }
      assertThat(first.statusCode()).as("the first request: %s", first.body()).isEqualTo(201);
      assertThat(degraded).isFalse();
    }
  }

  /** The backend's request deadline at a time scale: 2 s scaled, at least 200 ms. */
  private static Duration deadline(String scale) {
    return SampleConfig.from(Map.of("TIME_SCALE", scale)).effectiveDeadline();
  }
}
