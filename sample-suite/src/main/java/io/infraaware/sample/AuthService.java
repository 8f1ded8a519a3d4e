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

  AuthService(Duration lifetime) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.algorithm = Algorithm.HMAC256(secret);
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
