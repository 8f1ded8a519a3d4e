package io.infraaware.sample;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tokens the auth service validated recently, so they can still be accepted while it is
 * unreachable: at most {@link #LIMIT}, each for its memory time and never past its own expiry. Kept
 * by their SHA-256 digest, so the process holds no usable token; the oldest validation goes first
 * when the map is full.
 */
final class RememberedTokens {

  /** The most tokens remembered at once. */
  static final int LIMIT = 10_000;

  /** A remembered validation. */
  record Remembered(String user, Instant validatedAt, Instant expiresAt) {}

  private final int limit;
  private final Duration memory;
  private final Clock clock;
  // insertion order is validation order: a token validated again is moved to the end
  private final LinkedHashMap<String, Remembered> byDigest = new LinkedHashMap<>();

  RememberedTokens(Duration memory) {
    this(LIMIT, memory, Clock.systemUTC());
  }

  RememberedTokens(int limit, Duration memory, Clock clock) {
    this.limit = limit;
    this.memory = memory;
    this.clock = clock;
  }

  /** Remembers that the auth service just accepted a token. */
  synchronized void remember(String token, String user, Instant expiresAt) {
    Instant now = clock.instant();
    String digest = digest(token);
    byDigest.remove(digest);
    byDigest.put(digest, new Remembered(user, now, expiresAt));
    Iterator<Map.Entry<String, Remembered>> oldest = byDigest.entrySet().iterator();
    while (oldest.hasNext()) {
      Map.Entry<String, Remembered> entry = oldest.next();
      if (byDigest.size() > limit || !entry.getValue().validatedAt().plus(memory).isAfter(now)) {
        oldest.remove();
      } else {
        break;
      }
    }
  }

  /** The user of a token validated within the memory time and not expired since. */
  synchronized Optional<Remembered> recall(String token) {
    Remembered remembered = byDigest.get(digest(token));
    Instant now = clock.instant();
    if (remembered == null
        || !remembered.validatedAt().plus(memory).isAfter(now)
        || !remembered.expiresAt().isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(remembered);
  }

  /**
   * Forgets a token the auth service now rejects.
   *
   * @return what was remembered of it, if anything: a token accepted before and rejected now
   */
  synchronized Optional<Remembered> forget(String token) {
    return Optional.ofNullable(byDigest.remove(digest(token)));
  }

  synchronized int size() {
    return byDigest.size();
  }

  Duration memory() {
    return memory;
  }

  private static String digest(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
