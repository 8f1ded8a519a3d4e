package io.infraaware.sample;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Validates bearer tokens with the auth service, through the auth breaker and the deadline. While
 * the auth service is down, tokens it validated recently are still accepted; unknown ones get a
 * 503, not a 401, because nobody can tell whether they are valid.
 */
final class AuthClient implements AutoCloseable {

  /** What a token check concluded. */
  enum Verdict {
    VALID,
    VALID_FROM_CACHE,
    INVALID,
    UNAVAILABLE
  }

  /** A verdict and the user it names. */
  record Check(Verdict verdict, String user) {}

  private record Accepted(String user, Instant at, Instant expiresAt) {}

  /** The share of a request's deadline the token check may take, leaving the rest for its work. */
  private static final double CHECK_SHARE = 0.5;

  /** Beyond this many remembered tokens, expired ones are dropped. */
  private static final int REMEMBERED_LIMIT = 10_000;

  private final URI validate;
  private final Guard guard;
  private final Duration remember;
  private final ExecutorService httpThreads =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "sample-auth-http");
            thread.setDaemon(true);
            return thread;
          });
  private final HttpClient http;
  private final Map<String, Accepted> recent = new ConcurrentHashMap<>();

  AuthClient(SampleConfig config, Guard guard) {
    this.validate = URI.create(config.authUrl()).resolve("/auth/validate");
    this.guard = guard;
    this.remember = config.scaled(config.authTokenMemory());
    // HTTP/1.1 outright: the JDK client's default h2c upgrade costs a round of negotiation, and
    // some HTTP/1.1 servers mishandle it on requests with a body
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(guard.deadline())
            .executor(httpThreads)
            .build();
  }

  Check check(String authorization, Deadline deadline) {
    if (authorization == null
        || !authorization.startsWith("Bearer ")
        || authorization.length() <= 7) {
      return new Check(Verdict.INVALID, null);
    }
    String token = authorization.substring(7).trim();
    Optional<String> user;
    try {
      user = guard.call(Breakers.AUTH, deadline.atMost(CHECK_SHARE), () -> ask(token));
    } catch (Exception unavailable) {
      Accepted accepted = recent.get(token);
      Instant now = Instant.now();
      if (accepted != null
          && accepted.at().plus(remember).isAfter(now)
          && accepted.expiresAt().isAfter(now)) {
        return new Check(Verdict.VALID_FROM_CACHE, accepted.user());
      }
      return new Check(Verdict.UNAVAILABLE, null);
    }
    if (user.isEmpty()) {
      recent.remove(token);
      return new Check(Verdict.INVALID, null);
    }
    if (recent.size() >= REMEMBERED_LIMIT) {
      Instant oldest = Instant.now().minus(remember);
      recent.values().removeIf(accepted -> accepted.at().isBefore(oldest));
    }
    recent.put(token, new Accepted(user.get(), Instant.now(), expiry(token)));
    return new Check(Verdict.VALID, user.get());
  }

  /**
   * Opens the connection to the auth service and loads the HTTP client before the first user needs
   * it, so a cold start does not eat a request's deadline. Best effort, outside the breaker: the
   * auth service may well be down at start.
   */
  void warmUp() {
    try {
      http.send(
          HttpRequest.newBuilder(validate).timeout(guard.deadline()).GET().build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (java.io.IOException e) {
      // down or slow: the breaker will learn it from real calls
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks the auth service; empty for a rejected token, an exception when it cannot answer. */
  private Optional<String> ask(String token) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(validate)
                .timeout(guard.deadline())
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 401) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException("auth service answered " + response.statusCode());
    }
    JsonNode body = Http.JSON.readTree(response.body());
    return Optional.of(body.path("user").asText());
  }

  /**
   * When a token the auth service just accepted stops being valid: read, not verified, from its own
   * claims, so a remembered token is never accepted past its expiry.
   */
  private static Instant expiry(String token) {
    try {
      java.util.Date expires = com.auth0.jwt.JWT.decode(token).getExpiresAt();
      return expires == null ? Instant.MAX : expires.toInstant();
    } catch (com.auth0.jwt.exceptions.JWTDecodeException notAJwt) {
      return Instant.MAX;
    }
  }

  int remembered() {
    return recent.size();
  }

  /**
   * Stops the client's threads. (Java 17's HTTP client has no close(); its selector thread ends
   * once the client is collected.)
   */
  @Override
  public void close() {
    httpThreads.shutdownNow();
  }

  /** How long a validated token is accepted while the auth service cannot answer. */
  Duration memory() {
    return remember;
  }
}
