package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.infraaware.junit.InfrastructureAware;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * JWT configuration drift: the auth service is restarted with another signing secret, so the tokens
 * in use no longer match. Users get 401 with the reason, never 503, and health says what is wrong.
 */
@InfrastructureAware
@RequiresService({"postgres", "redis"})
class SigningKeyDriftIT {

  private static final String OLD_SECRET = "the-signing-secret-before-the-restart!!";
  private static final String NEW_SECRET = "another-signing-secret-after-the-restart";

  private final String messages =
      "/api/rooms/drift-" + UUID.randomUUID().toString().substring(0, 8) + "/messages";
  private SampleApp auth;
  private SampleStack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
    if (auth != null) {
      auth.close();
    }
  }

  private static String token(String secret, String user) {
    return JWT.create()
        .withIssuer(AuthService.ISSUER)
        .withSubject(user)
        .withExpiresAt(Instant.now().plus(Duration.ofHours(1)))
        .sign(Algorithm.HMAC256(secret));
  }

  @Test
  void afterTheSecretChangesUsersGet401WithTheReasonAndHealthSaysWhatIsWrong(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis) {
    auth = SampleApp.auth("127.0.0.1", 0, OLD_SECRET);
    int port = auth.uri().getPort();
    String authUrl = auth.uri().toString();
    stack =
        SampleStack.start(
            postgres,
            redis,
            Map.of("TIME_SCALE", "0.05", "REQUEST_DEADLINE", "10s", "HEALTH_CHECK_INTERVAL", "5s"),
            ignored -> authUrl);
    String before = token(OLD_SECRET, "alice");
    stack.api(before).get(messages).then().statusCode(200).body("degraded", equalTo(false));

    // the auth service comes back on the same address with another secret
    auth.close();
    auth = SampleApp.auth("127.0.0.1", port, NEW_SECRET);

    List<Integer> statuses = new CopyOnWriteArrayList<>();
    await("the old token is refused for its signature")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Response response = stack.api(before).get(messages);
              statuses.add(response.statusCode());
              assertThat(response.statusCode()).isEqualTo(401);
              assertThat(response.jsonPath().getString("reason")).isEqualTo("SIGNATURE_MISMATCH");
              assertThat(response.jsonPath().getString("error"))
                  .contains("signed with another secret");
            });
    assertThat(statuses).as("never 503 for a token the auth service can judge").doesNotContain(503);

    JsonPath authentication = stack.api().get("/health/authentication").jsonPath();
    assertThat(authentication.getString("status")).isEqualTo("DEGRADED");
    assertThat(authentication.getBoolean("signingKeyDrift.now")).isTrue();
    assertThat(authentication.getInt("signingKeyDrift.previouslyValidTokensRejected")).isEqualTo(1);
    assertThat(authentication.getString("signingKeyDrift.problem")).contains("AUTH_SECRET");
    stack.api().get("/health").then().body("dependencies.auth", equalTo("DEGRADED"));
    assertThat(
            stack
                .api()
                .get("/health/infrastructure")
                .jsonPath()
                .getList("pressure.indicator", String.class))
        .contains("SIGNING_KEY_DRIFT");

    // a token of the new secret works, and the drift passes once the stats window has
    stack.api(token(NEW_SECRET, "alice")).get(messages).then().statusCode(200);
    await("health forgets the drift after its window")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> stack.api().get("/health").then().body("dependencies.auth", equalTo("UP")));
  }
}
