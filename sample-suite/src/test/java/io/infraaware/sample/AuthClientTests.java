package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backend's token check against a real auth service (in-process, no database): a token that
 * cannot be a JWT is refused as such, 401 {@code MALFORMED}, not taken for the auth service being
 * down (503), and is never held against the auth service's breaker.
 */
class AuthClientTests {

  private final SampleApp authService = SampleApp.auth(0);
  private final SampleConfig config =
      SampleConfig.from(Map.of("AUTH_URL", authService.uri().toString()));
  private final Breakers breakers = new Breakers(config);
  private final Guard guard = SampleApp.guard(config, breakers);
  private final AuthClient auth = new AuthClient(config, guard);

  @AfterEach
  void close() {
    auth.close();
    guard.close();
    authService.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0\u0001.c2ln",
        "abc\u0007def",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln\u001b[2J",
        "a b.c d.e f"
      })
  void aTokenWithAControlCharacterIsMalformedNotAnUnavailableAuthService(String token) {
    AuthClient.Check check = auth.check("Bearer " + token, guard.newDeadline());
    assertThat(check.verdict()).isEqualTo(AuthClient.Verdict.INVALID);
    assertThat(check.reason()).isEqualTo("MALFORMED");
    assertThat(breakers.get(Breakers.AUTH).getMetrics().getNumberOfFailedCalls()).isZero();
  }
}
