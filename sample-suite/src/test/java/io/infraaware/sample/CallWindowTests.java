package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-dependency call window: counts by outcome, and forgets what slid out of it. */
class CallWindowTests {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final CallWindow window = new CallWindow(Duration.ofSeconds(10), nanos::get);

  @Test
  void countsAttemptsByOutcomeWithTheSuccessRate() {
    for (int i = 0; i < 6; i++) {
      window.record(CallWindow.Outcome.SUCCESS);
    }
    window.record(CallWindow.Outcome.FAILURE);
    window.record(CallWindow.Outcome.TIMEOUT);
    window.record(CallWindow.Outcome.REJECTED);
    window.record(CallWindow.Outcome.RETRIES_EXHAUSTED);
    CallWindow.Snapshot snapshot = window.snapshot();
    assertThat(snapshot.attempts()).isEqualTo(8);
    assertThat(snapshot.successRate()).isEqualTo(0.75);
    assertThat(snapshot.timeouts()).isEqualTo(1);
    assertThat(snapshot.failures()).isEqualTo(2);
    assertThat(snapshot.rejected()).isEqualTo(1);
    assertThat(snapshot.retriesExhausted()).isEqualTo(1);
  }

  @Test
  void whatSlidOutOfTheWindowIsForgotten() {
    window.record(CallWindow.Outcome.FAILURE);
    nanos.addAndGet(Duration.ofSeconds(6).toNanos());
    window.record(CallWindow.Outcome.SUCCESS);
    assertThat(window.snapshot().attempts()).isEqualTo(2);
    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(window.snapshot().attempts()).isEqualTo(1);
    assertThat(window.snapshot().successRate()).isEqualTo(1.0);
    nanos.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(window.snapshot().successRate()).as("no attempt in the window").isEqualTo(-1.0);
  }
}
