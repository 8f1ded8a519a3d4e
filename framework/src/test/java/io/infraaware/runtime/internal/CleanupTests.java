package io.infraaware.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CleanupTests {

  private final List<String> undone = new ArrayList<>();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void everyStepRunsAndTheFirstFailureCarriesTheOthers() {
    IllegalStateException first = new IllegalStateException("toxic stays");
    AssertionError second = new AssertionError("proxy stays disabled");
    assertThatThrownBy(
            () ->
                Cleanup.runAll(
                    () -> undone.add("a"),
                    () -> {
                      throw first;
                    },
                    () -> undone.add("b"),
                    () -> {
                      throw second;
                    },
                    () -> undone.add("c")))
        .isSameAs(first)
        .hasSuppressedException(second);
    assertThat(undone).containsExactly("a", "b", "c");
  }

  @Test
  void aCheckedFailureIsWrappedSayingTheCleanUpFailed() {
    assertThatThrownBy(
            () ->
                Cleanup.forEach(
                    List.of("db", "cache"),
                    name -> {
                      throw new IOException(name + " did not answer");
                    }))
        .isInstanceOf(Cleanup.CleanupException.class)
        .hasMessage("Clean-up failed: java.io.IOException: db did not answer")
        .satisfies(e -> assertThat(e.getCause().getSuppressed()).hasSize(1));
  }

  @Test
  void stepsRunWithTheInterruptSetAsideAndItIsRestoredAfter() {
    Thread.currentThread().interrupt();
    Cleanup cleanup = Cleanup.begin();
    cleanup.run(() -> undone.add("interrupted while undoing: " + Thread.interrupted()));
    assertThat(cleanup.finish()).isEmpty();
    assertThat(undone).containsExactly("interrupted while undoing: false");
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void anInterruptedStepIsAFailureAndLeavesTheThreadInterrupted() {
    Cleanup cleanup = Cleanup.begin();
    cleanup.run(
        () -> {
          throw new InterruptedException("timeout");
        });
    cleanup.run(() -> undone.add("next"));
    assertThat(cleanup.finish()).get().isInstanceOf(InterruptedException.class);
    assertThat(undone).containsExactly("next");
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void aStepThatRestoresAnInterruptDoesNotLeaveTheNextStepsToRunInterrupted() {
    Cleanup cleanup = Cleanup.begin();
    cleanup.run(
        () -> {
          // as code does that catches an InterruptedException, restores the flag and rethrows
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while the child process ended");
        });
    cleanup.run(
        () -> undone.add("next ran interrupted: " + Thread.currentThread().isInterrupted()));
    assertThat(cleanup.finish()).get().isInstanceOf(IllegalStateException.class);
    assertThat(undone).containsExactly("next ran interrupted: false");
    assertThat(Thread.currentThread().isInterrupted()).as("restored at the end").isTrue();
  }

  @Test
  void anOutOfMemoryErrorStopsTheCleanUpAtOnceWithTheInterruptRestored() {
    Thread.currentThread().interrupt();
    OutOfMemoryError fatal = new OutOfMemoryError("heap");
    assertThatThrownBy(
            () ->
                Cleanup.runAll(
                    () -> {
                      throw fatal;
                    },
                    () -> undone.add("never")))
        .isSameAs(fatal);
    assertThat(undone).isEmpty();
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThatThrownBy(() -> Cleanup.rethrowIfUnrecoverable(fatal)).isSameAs(fatal);
    Cleanup.rethrowIfUnrecoverable(new StackOverflowError("a test's own failure"));
  }
}
