package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The auth service on its own, over HTTP: a valid token names its user; any other gets 401 in JSON
 * with the reason, never a 500 or an HTML page, and tokens without a subject or an expiry are not
 * valid.
 */
class AuthServiceTests {

  private static final String SECRET = "auth-service-tests-secret-of-32-bytes!";
  private final SampleApp auth = SampleApp.auth("127.0.0.1", 0, SECRET);
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void stop() {
    auth.close();
  }

  private HttpResponse<String> validate(String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(auth.uri().resolve("/auth/validate"))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static com.auth0.jwt.JWTCreator.Builder token() {
    return JWT.create()
        .withIssuer(AuthService.ISSUER)
        .withSubject("alice")
        .withExpiresAt(Instant.now().plus(Duration.ofMinutes(5)));
  }

  @Test
  void aValidTokenNamesItsUser() throws Exception {
    HttpResponse<String> response = validate(token().sign(Algorithm.HMAC256(SECRET)));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.JSON.readTree(response.body()).path("user").asText()).isEqualTo("alice");
  }

  @Test
  void aSignedTokenWithoutASubjectIsRejectedWithTheReasonNotA500() throws Exception {
    String withoutSubject =
        JWT.create()
            .withIssuer(AuthService.ISSUER)
            .withExpiresAt(Instant.now().plus(Duration.ofMinutes(5)))
            .sign(Algorithm.HMAC256(SECRET));
    HttpResponse<String> response = validate(withoutSubject);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(Http.JSON.readTree(response.body()).path("reason").asText())
        .isEqualTo("MISSING_CLAIM");
    assertThat(response.body())
        .contains("[sub]")
        .doesNotContain("Exception")
        .doesNotContain("<html");
  }

  @Test
  void aTokenWithoutAnExpiryIsNotValid() throws Exception {
    String forever =
        JWT.create()
            .withIssuer(AuthService.ISSUER)
            .withSubject("alice")
            .sign(Algorithm.HMAC256(SECRET));
    HttpResponse<String> response = validate(forever);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(Http.JSON.readTree(response.body()).path("reason").asText())
        .isEqualTo("MISSING_CLAIM");
    assertThat(response.body()).contains("[exp]");
  }

  @Test
  void eachRejectionNamesItsReason() throws Exception {
    assertThat(reason(token().sign(Algorithm.HMAC256("another-secret-of-at-least-32-bytes!!"))))
        .isEqualTo("SIGNATURE_MISMATCH");
    assertThat(
            reason(
                token()
                    .withExpiresAt(Instant.now().minus(Duration.ofMinutes(1)))
                    .sign(Algorithm.HMAC256(SECRET))))
        .isEqualTo("EXPIRED");
    assertThat(reason(token().withIssuer("elsewhere").sign(Algorithm.HMAC256(SECRET))))
        .isEqualTo("WRONG_ISSUER");
    assertThat(reason(token().sign(Algorithm.HMAC384(SECRET)))).isEqualTo("WRONG_ALGORITHM");
    assertThat(reason("not-a-jwt")).isEqualTo("MALFORMED");
  }

  @Test
  void aTokenNotValidYetIsRejectedAsNotYetValidNotAsMissingAClaim() throws Exception {
    Instant later = Instant.now().plus(Duration.ofMinutes(5));
    HttpResponse<String> notBefore =
        validate(token().withNotBefore(later).sign(Algorithm.HMAC256(SECRET)));
    assertThat(notBefore.statusCode()).isEqualTo(401);
    assertThat(Http.JSON.readTree(notBefore.body()).path("reason").asText())
        .isEqualTo("NOT_YET_VALID");
    assertThat(notBefore.body()).contains("[nbf]");
    assertThat(reason(token().withIssuedAt(later).sign(Algorithm.HMAC256(SECRET))))
        .isEqualTo("NOT_YET_VALID");
  }

  private String reason(String token) throws Exception {
    HttpResponse<String> response = validate(token);
    assertThat(response.statusCode()).isEqualTo(401);
    return Http.JSON.readTree(response.body()).path("reason").asText();
  }

  @Test
  void everyAnswerIsJson() throws Exception {
    HttpResponse<String> missing =
        http.send(
            HttpRequest.newBuilder(URI.create(auth.uri() + "/nowhere")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(Http.JSON.readTree(missing.body()).path("status").asInt()).isEqualTo(404);
  }
}
