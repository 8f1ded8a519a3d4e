package io.infraaware.toxiproxy.internal;

/**
 * {@code slow_close}: when the stream's source closes, the close is passed on {@code delay}
 * milliseconds later.
 *
 * @param delay milliseconds
 */
record SlowCloseToxic(long delay) implements ToxicBehaviour {

  @Override
  public void onData(Chunk chunk, ToxicStub stub) {
    // data passes unchanged; only the close waits
  }

  @Override
  public long closeDelayNanos() {
    return Delays.millis(delay);
  }
}
