package io.infraaware.toxiproxy.internal;

/**
 * {@code bandwidth}: data goes at {@code rate} KB/s (1 KB = 1000 bytes, as Toxiproxy counts), in
 * pieces of at most 100 ms worth, each written after its own transmission time.
 *
 * @param rate KB/s; 0 lets data through unpaced
 */
record BandwidthToxic(long rate) implements ToxicBehaviour {

  @Override
  public void onData(Chunk chunk, ToxicStub stub) {
    if (rate > 0) {
      chunk.pace(this);
    }
  }

  /** The size of the next piece of {@code remaining} bytes: at most 100 ms worth. */
  int pieceSize(int remaining) {
    long hundredMillis = rate >= Integer.MAX_VALUE / 100 ? Integer.MAX_VALUE : rate * 100;
    return (int) Math.max(1, Math.min(remaining, hundredMillis));
  }

  /** How long {@code bytes} bytes take at the rate. */
  long transmissionNanos(int bytes) {
    return bytes * 1_000_000L / rate;
  }
}
