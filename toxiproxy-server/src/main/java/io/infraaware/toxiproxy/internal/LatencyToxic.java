package io.infraaware.toxiproxy.internal;

/**
 * {@code latency}: each chunk waits {@code latency ± jitter} milliseconds from when it was read.
 * Order is kept, so delays pipeline rather than add up; any value saturates (a latency beyond
 * decades holds the data until the toxic is removed).
 *
 * @param latency milliseconds
 * @param jitter milliseconds either way, drawn per chunk
 */
record LatencyToxic(long latency, long jitter) implements ToxicBehaviour {

  @Override
  public void onData(Chunk chunk, ToxicStub stub) {
    long delay = Delays.millis(latency);
    if (jitter > 0) {
      // as Toxiproxy, a whole number of milliseconds in [-jitter, jitter); bounded so that the
      // range cannot overflow
      long bound = Math.min(jitter, Delays.FOREVER / 1_000_000);
      long offset = stub.random().nextLong(2 * bound) - bound;
      delay =
          offset >= 0
              ? Delays.sum(delay, offset * 1_000_000)
              : Math.max(0, delay + offset * 1_000_000);
    }
    chunk.delay(delay);
  }
}
