package io.infraaware.sample;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Validates bearer tokens with the auth service, through the auth breaker and the deadline. While
 * the auth service is down, tokens it validated recently are still accepted; unknown ones get a
 * 503, not a 401, because nobody can tell whether they are valid. A rejected token gets 401 with
 * the auth service's reason; a token the auth service accepted before and now rejects for its
 * signature is the mark of a changed signing secret, which health reports.
 */
final class AuthClient implements AutoCloseable {

  /** What a token check concluded. */
  enum Verdict {
    VALID,
    VALID_FROM_CACHE,
    INVALID,
    UNAVAILABLE
  }

  /**
   * A verdict, the user it names, and for an invalid token why (the auth service's reason and
   * message), and until when a valid token is valid.
   */
  record Check(Verdict verdict, String user, String reason, String message, Instant expiresAt) {
    static Check invalid(String reason, String message) {
      return new Check(Verdict.INVALID, null, reason, message, null);
    }
  }

  /** What the auth service said of a token: the user, or why not. */
  private record Answer(String user, String reason, String message) {}

  /**
   * Tokens the auth service accepted before and rejected later for their signature: the signing
   * secret changed under the tokens in use.
   *
   * @param count how many since start
   * @param last when the last one was seen
   */
  record SigningKeyDrift(long count, Instant last) {}

  /**
   * A JWT in compact form: three base64url parts separated by dots (the signature empty for an
   * unsigned token), at most 8 KiB.
   */
  private static final java.util.regex.Pattern COMPACT_JWT =
      java.util.regex.Pattern.compile(
          "[A-Za-z0-9_=-]{1,8192}\\.[A-Za-z0-9_=-]{1,8192}\\.[A-Za-z0-9_=-]{0,8192}");

  /** The share of a request's deadline the token check may take, leaving the rest for its work. */
  private static final double CHECK_SHARE = 0.5;

  private final URI validate;
  private final Guard guard;
  private final RememberedTokens remembered;
  private final ExecutorService httpThreads =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "sample-auth-http");
            thread.setDaemon(true);
            return thread;
          });
  private final HttpClient http;
  private final AtomicLong driftCount = new AtomicLong();
  private final AtomicReference<Instant> driftLast = new AtomicReference<>();

  AuthClient(SampleConfig config, Guard guard) {
    this.validate = URI.create(config.authUrl()).resolve("/auth/validate");
    this.guard = guard;
    this.remembered = new RememberedTokens(config.scaled(config.authTokenMemory()));
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
      return Check.invalid("MISSING", "a bearer token is required");
    }
    String token = authorization.substring(7).trim();
    if (!COMPACT_JWT.matcher(token).matches()) {
      // Not a JWT whatever the auth service says, and not something to put in a request header: a
      // control character made the HTTP client refuse the request, which read as the auth service
      // being unavailable (503, and a failure for its breaker) rather than as a bad token (401).
      return Check.invalid("MALFORMED", "the token is not a JWT");
    }
    Answer answer;
    try {
      answer = guard.call(Breakers.AUTH, deadline.atMost(CHECK_SHARE), () -> ask(token));
    } catch (Exception unavailable) {
      return remembered
          .recall(token)
          .map(
              known ->
                  new Check(Verdict.VALID_FROM_CACHE, known.user(), null, null, known.expiresAt()))
          .orElse(new Check(Verdict.UNAVAILABLE, null, null, null, null));
    }
    if (answer.user() == null) {
      boolean acceptedBefore = remembered.forget(token).isPresent();
      if (acceptedBefore && "SIGNATURE_MISMATCH".equals(answer.reason())) {
        driftCount.incrementAndGet();
        driftLast.set(Instant.now());
      }
      return Check.invalid(answer.reason(), answer.message());
    }
    Instant expiresAt = expiry(token);
    remembered.remember(token, answer.user(), expiresAt);
    return new Check(Verdict.VALID, answer.user(), null, null, expiresAt);
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

  /** Asks the auth service; a rejection with its reason, an exception when it cannot answer. */
  private Answer ask(String token) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(validate)
                .timeout(guard.deadline())
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 401) {
      JsonNode body = readQuietly(response.body());
      return new Answer(
          null,
          body.path("reason").asText("REJECTED"),
          body.path("error").asText("the auth service rejected the token"));
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException("auth service answered " + response.statusCode());
    }
    JsonNode body = Http.JSON.readTree(response.body());
    String user = body.path("user").asText("");
    if (user.isEmpty()) {
      throw new IllegalStateException("auth service accepted a token without naming its user");
    }
    return new Answer(user, null, null);
  }

  private static JsonNode readQuietly(String body) {
    try {
      JsonNode node = Http.JSON.readTree(body);
      return node == null ? Http.JSON.createObjectNode() : node;
    } catch (java.io.IOException e) {
      return Http.JSON.createObjectNode();
    }
  }

  /**
   * When a token the auth service just accepted stops being valid: read, not verified, from its own
   * claims, so a remembered token is never accepted past its expiry, and a WebSocket session does
   * not outlive its token.
   */
  static Instant expiry(String token) {
    try {
      java.util.Date expires = com.auth0.jwt.JWT.decode(token).getExpiresAt();
      return expires == null ? Instant.MAX : expires.toInstant();
    } catch (com.auth0.jwt.exceptions.JWTDecodeException notAJwt) {
      return Instant.MAX;
    }
  }

  /** A cheap check that the auth service answers: its {@code GET /health}. */
  void ping() throws Exception {
    HttpResponse<Void> response =
        http.send(
            HttpRequest.newBuilder(validate.resolve("/health"))
                .timeout(guard.deadline())
                .GET()
                .build(),
            HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("auth service health answered " + response.statusCode());
    }
  }

  /** Where the auth service is, for the network check. */
  java.net.InetSocketAddress address() {
    int port =
        validate.getPort() > 0
            ? validate.getPort()
            : validate.getScheme().equals("https") ? 443 : 80;
    return java.net.InetSocketAddress.createUnresolved(validate.getHost(), port);
  }

  int remembered() {
    return remembered.size();
  }

  /** Signs of a changed signing secret, if any were seen. */
  Optional<SigningKeyDrift> signingKeyDrift() {
    Instant last = driftLast.get();
    return last == null
        ? Optional.empty()
        : Optional.of(new SigningKeyDrift(driftCount.get(), last));
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
    return remembered.memory();
  }
}
