package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.infraaware.chaos.InProcess;
import io.infraaware.chaos.Injection;
import io.infraaware.chaos.Outcome;
import io.infraaware.chaos.Scenario;
import io.infraaware.chaos.ScenarioContext;
import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.service.ServiceEndpoint;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * JWT configuration drift, one of the seeds' real outages: the auth service is restarted with
 * another signing secret, so the tokens in use no longer match. Users get 401 with the reason,
 * never 503, and health says what is wrong; once the secret is put back, tokens work again and
 * health forgets the drift.
 */
@RequiresService({"postgres", "redis"})
class SigningKeyDriftScenarioIT {

  private static final String SECRET = "the-signing-secret-before-the-restart!!";
  private static final String OTHER_SECRET = "another-signing-secret-after-the-restart";

  private final String messages =
      "/api/rooms/drift-" + UUID.randomUUID().toString().substring(0, 8) + "/messages";

  private static String token(String secret, String user) {
    return JWT.create()
        .withIssuer(AuthService.ISSUER)
        .withSubject(user)
        .withExpiresAt(Instant.now().plus(Duration.ofHours(1)))
        .sign(Algorithm.HMAC256(secret));
  }

  /**
   * The drift as a fault: the auth service restarted on its address with {@code OTHER_SECRET};
   * healed by restarting it with the secret the backend's users hold.
   */
  private static Injection restartedWithAnotherSecret(
      InProcess<SampleApp> auth, AtomicReference<String> secret) {
    return Injection.of(
        "restart [auth] with another signing secret",
        ctx -> {
          restartWith(ctx, auth, secret, OTHER_SECRET);
          return () -> restartWith(ctx, auth, secret, SECRET);
        });
  }

  private static void restartWith(
      ScenarioContext ctx,
      InProcess<SampleApp> auth,
      AtomicReference<String> secret,
      String value) {
    ctx.timeline().note(auth.name(), auth.stop());
    secret.set(value);
    ctx.timeline().note(auth.name(), auth.start());
  }

  @Test
  void afterTheSecretChangesUsersGet401WithTheReasonAndHealthSaysWhatIsWrong(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis) {
    AtomicReference<String> secret = new AtomicReference<>(SECRET);
    AtomicInteger port = new AtomicInteger();
    try (InProcess<SampleApp> auth =
            InProcess.started(
                "auth",
                () -> {
                  // the same address after a restart: the backend knows only that one
                  SampleApp started = SampleApp.auth("127.0.0.1", port.get(), secret.get());
                  port.set(started.uri().getPort());
                  return started;
                });
        SampleStack stack =
            SampleStack.start(
                postgres,
                redis,
                Map.of(
                    "TIME_SCALE", "0.05",
                    "REQUEST_DEADLINE", "10s",
                    "HEALTH_CHECK_INTERVAL", "5s"),
                ignored -> auth.current().uri().toString())) {
      String token = token(SECRET, "alice");
      List<Integer> statuses = new CopyOnWriteArrayList<>();
      Scenario.named("e2e: JWT drift (auth restarted with another signing secret)")
          .steadyStateReturnsWithin(Duration.ofSeconds(30))
          .recoverWithin(Duration.ofSeconds(30))
          .steadyState(
              "a user's token is accepted",
              ctx ->
                  stack
                      .api(token)
                      .get(messages)
                      .then()
                      .statusCode(200)
                      .body("degraded", equalTo(false)))
          .inject(restartedWithAnotherSecret(auth, secret))
          .hold(
              "the user gets 401 with the reason, never 503",
              ctx ->
                  await("the token is refused for its signature")
                      .atMost(Duration.ofSeconds(20))
                      .untilAsserted(
                          () -> {
                            Response response = stack.api(token).get(messages);
                            statuses.add(response.statusCode());
                            ctx.timeline()
                                .request(
                                    "GET messages",
                                    response.statusCode() == 200 ? Outcome.OK : Outcome.ERROR,
                                    Duration.ofMillis(response.getTime()),
                                    Integer.toString(response.statusCode()));
                            assertThat(response.statusCode()).isEqualTo(401);
                            assertThat(response.jsonPath().getString("reason"))
                                .isEqualTo("SIGNATURE_MISMATCH");
                            assertThat(response.jsonPath().getString("error"))
                                .contains("signed with another secret");
                          }))
          .hold(
              "health says the signing key drifted, and what to do",
              ctx -> {
                assertThat(statuses)
                    .as("never 503 for a token the auth service can judge")
                    .doesNotContain(503);
                JsonPath authentication = stack.api().get("/health/authentication").jsonPath();
                assertThat(authentication.getString("status")).isEqualTo("DEGRADED");
                assertThat(authentication.getBoolean("signingKeyDrift.now")).isTrue();
                assertThat(authentication.getInt("signingKeyDrift.previouslyValidTokensRejected"))
                    .isEqualTo(1);
                assertThat(authentication.getString("signingKeyDrift.problem"))
                    .contains("AUTH_SECRET");
                stack.api().get("/health").then().body("dependencies.auth", equalTo("DEGRADED"));
                assertThat(
                        stack
                            .api()
                            .get("/health/infrastructure")
                            .jsonPath()
                            .getList("pressure.indicator", String.class))
                    .contains("SIGNING_KEY_DRIFT");
              })
          .hold(
              "a token of the new secret works",
              ctx -> stack.api(token(OTHER_SECRET, "alice")).get(messages).then().statusCode(200))
          .recover(
              "with the secret put back, health forgets the drift after its window",
              ctx -> stack.api().get("/health").then().body("dependencies.auth", equalTo("UP")))
          .runWithin(Duration.ofSeconds(120));
    }
  }
}
