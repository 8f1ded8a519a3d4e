package io.infraaware.sample;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.JWTVerifier;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

/**
 * The sample's auth service: issues HS256 JWTs for a user name and validates them. A valid token is
 * signed with this service's secret, names its issuer, a subject ({@code sub}) and an expiry
 * ({@code exp}) that has not passed; anything else is rejected with the reason.
 */
final class AuthService {

  static final String ISSUER = "infraaware-sample-auth";

  /** Why a token was rejected: what a client, and an operator, can act on. */
  enum Rejection {
    /** Not a JWT at all. */
    MALFORMED("the token is not a JWT"),
    /** Signed with another key: issued by another auth service, or the secret changed. */
    SIGNATURE_MISMATCH(
        "the token's signature does not match this auth service's key: it was signed with another"
            + " secret (the auth service's AUTH_SECRET changed, or the token comes from elsewhere)"),
    /** Another algorithm than HS256. */
    WRONG_ALGORITHM("the token is not signed with HS256"),
    /** Past its {@code exp}. */
    EXPIRED("the token expired"),
    /** Not valid yet: its {@code nbf} (not before) or {@code iat} (issued at) is in the future. */
    NOT_YET_VALID("the token is not valid yet"),
    /** Without {@code sub}, {@code exp} or {@code iss}. */
    MISSING_CLAIM("the token lacks a required claim"),
    /** Another issuer. */
    WRONG_ISSUER("the token was issued by another issuer");

    private final String description;

    Rejection(String description) {
      this.description = description;
    }

    String description() {
      return description;
    }
  }

  /** A validation's outcome: the user, or why not. */
  record Validation(String user, Rejection rejection, String detail) {
    boolean valid() {
      return user != null;
    }
  }

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
    // a token without sub names nobody, one without exp would be valid for ever
    this.verifier =
        JWT.require(algorithm)
            .withIssuer(ISSUER)
            .withClaimPresence("sub")
            .withClaimPresence("exp")
            .build();
    this.lifetime = lifetime;
  }

  String issue(String user) {
    Instant now = Instant.now();
    return JWT.create()
        .withIssuer(ISSUER)
        .withSubject(user)
        .withIssuedAt(now)
        .withExpiresAt(now.plus(lifetime))
        .sign(algorithm);
  }

  /** The user a valid token names, or why it is not valid. */
  Validation validate(String token) {
    try {
      String user = verifier.verify(token).getSubject();
      if (user == null || user.isBlank()) {
        return new Validation(null, Rejection.MISSING_CLAIM, "sub");
      }
      return new Validation(user, null, null);
    } catch (MissingClaimException e) {
      return new Validation(null, Rejection.MISSING_CLAIM, e.getClaimName());
    } catch (TokenExpiredException e) {
      return new Validation(null, Rejection.EXPIRED, null);
    } catch (SignatureVerificationException e) {
      return new Validation(null, Rejection.SIGNATURE_MISMATCH, null);
    } catch (AlgorithmMismatchException e) {
      return new Validation(null, Rejection.WRONG_ALGORITHM, null);
    } catch (IncorrectClaimException e) {
      // the verifier checks iss (required here), and nbf and iat whenever a token has them
      return new Validation(
          null,
          e.getClaimName().equals("iss") ? Rejection.WRONG_ISSUER : Rejection.NOT_YET_VALID,
          e.getClaimName());
    } catch (JWTDecodeException e) {
      return new Validation(null, Rejection.MALFORMED, null);
    } catch (JWTVerificationException e) {
      return new Validation(null, Rejection.MALFORMED, null);
    }
  }
}
