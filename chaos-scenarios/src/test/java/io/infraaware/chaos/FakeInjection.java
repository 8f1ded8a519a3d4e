package io.infraaware.chaos;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** An injection that records being applied and removed, and whose effect a test switches on. */
final class FakeInjection implements Injection {

  final AtomicInteger applied = new AtomicInteger();
  final AtomicInteger removed = new AtomicInteger();
  final AtomicBoolean hitsTarget = new AtomicBoolean(true);
  private final boolean refusesWhenInterrupted;

  FakeInjection() {
    this(false);
  }

  /**
   * An injection whose removal fails on an interrupted thread, as an HTTP call to Toxiproxy does.
   */
  FakeInjection(boolean refusesWhenInterrupted) {
    this.refusesWhenInterrupted = refusesWhenInterrupted;
  }

  @Override
  public String describe() {
    return "fake outage";
  }

  @Override
  public Applied apply(ScenarioContext context) {
    applied.incrementAndGet();
    return new Applied() {
      private final AtomicBoolean open = new AtomicBoolean(true);

      @Override
      public boolean manifested() {
        return hitsTarget.get();
      }

      @Override
      public String missedBecause() {
        return "no traffic crossed the fake proxy";
      }

      @Override
      public void close() {
        if (refusesWhenInterrupted && Thread.currentThread().isInterrupted()) {
          throw new IllegalStateException("interrupted: the fault stays");
        }
        if (open.compareAndSet(true, false)) {
          removed.incrementAndGet();
        }
      }
    };
  }

  boolean isOn() {
    return applied.get() > removed.get();
  }
}
