package io.infraaware.sample;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.JWTVerifier;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The sample's auth service: issues HS256 JWTs for a user name and validates them. */
final class AuthService {

  private final Algorithm algorithm;
  private final JWTVerifier verifier;
  private final Duration lifetime;

  /**
   * Creates the service.
   *
   * @param lifetime how long a token is valid
   * @param secret the HMAC secret; null for a random one, which makes every token invalid once the
   *     process restarts
   */
  AuthService(Duration lifetime, String secret) {
    if (secret == null) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      this.algorithm = Algorithm.HMAC256(random);
    } else if (secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
      // HS256 wants a key as long as its hash; a short one is guessable
      throw new IllegalArgumentException(
          "Invalid AUTH_SECRET=[****]: expected at least 32 bytes for HS256");
    } else {
      this.algorithm = Algorithm.HMAC256(secret);
    }
    this.verifier = JWT.require(algorithm).withIssuer("infraaware-sample-auth").build();
    this.lifetime = lifetime;
  }

  String issue(String user) {
    Instant now = Instant.now();
    return JWT.create()
        .withIssuer("infraaware-sample-auth")
        .withSubject(user)
        .withIssuedAt(now)
        .withExpiresAt(now.plus(lifetime))
        .sign(algorithm);
  }

  /** The user a valid token names; empty for an invalid or expired one. */
  Optional<String> validate(String token) {
    try {
      return Optional.of(verifier.verify(token).getSubject());
    } catch (JWTVerificationException e) {
      return Optional.empty();
    }
  }
}
