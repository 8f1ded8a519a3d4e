package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The tokens remembered for an auth outage: bounded, forgetful on time, never past expiry. */
class RememberedTokensTests {

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-30T08:00:00Z"));
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };

  @Test
  void neverHoldsMoreThanItsDocumentedTenThousandEvenWhenEveryTokenIsFresh() {
    RememberedTokens tokens = new RememberedTokens(Duration.ofMinutes(10));
    Instant expires = Instant.now().plus(Duration.ofHours(1));
    for (int i = 0; i < RememberedTokens.LIMIT + 500; i++) {
      tokens.remember("token-" + i, "user-" + i, expires);
    }
    assertThat(tokens.size()).isEqualTo(RememberedTokens.LIMIT);
    // the oldest validations went first; the newest is there
    assertThat(tokens.recall("token-0")).isEmpty();
    assertThat(tokens.recall("token-" + (RememberedTokens.LIMIT + 499))).isPresent();
  }

  @Test
  void aTokenValidatedAgainIsKeptAsTheNewest() {
    RememberedTokens tokens = new RememberedTokens(3, Duration.ofMinutes(10), clock);
    Instant expires = now.get().plus(Duration.ofHours(1));
    tokens.remember("a", "alice", expires);
    tokens.remember("b", "bob", expires);
    tokens.remember("a", "alice", expires);
    tokens.remember("c", "carol", expires);
    tokens.remember("d", "dave", expires);
    assertThat(tokens.recall("b")).isEmpty();
    assertThat(tokens.recall("a")).isPresent();
    assertThat(tokens.size()).isEqualTo(3);
  }

  @Test
  void aTokenIsForgottenAfterTheMemoryTimeAndNeverAcceptedPastItsExpiry() {
    RememberedTokens tokens = new RememberedTokens(100, Duration.ofMinutes(10), clock);
    tokens.remember("long", "alice", now.get().plus(Duration.ofHours(1)));
    tokens.remember("short", "bob", now.get().plus(Duration.ofMinutes(1)));
    now.set(now.get().plus(Duration.ofMinutes(2)));
    assertThat(tokens.recall("long")).map(RememberedTokens.Remembered::user).contains("alice");
    assertThat(tokens.recall("short")).as("past its own expiry").isEmpty();
    now.set(now.get().plus(Duration.ofMinutes(9)));
    assertThat(tokens.recall("long")).as("past the memory time").isEmpty();
    tokens.remember("new", "carol", now.get().plus(Duration.ofHours(1)));
    assertThat(tokens.size()).as("stale ones are dropped as new ones come").isEqualTo(1);
  }

  @Test
  void forgettingSaysWhetherTheTokenWasAcceptedBefore() {
    RememberedTokens tokens = new RememberedTokens(100, Duration.ofMinutes(10), clock);
    tokens.remember("known", "alice", now.get().plus(Duration.ofHours(1)));
    assertThat(tokens.forget("known")).isPresent();
    assertThat(tokens.forget("known")).isEmpty();
    assertThat(tokens.forget("stranger")).isEmpty();
  }
}
