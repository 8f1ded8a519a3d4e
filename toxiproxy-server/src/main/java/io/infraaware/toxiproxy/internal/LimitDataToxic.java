package io.infraaware.toxiproxy.internal;

/**
 * {@code limit_data}: the connection is closed once {@code bytes} bytes have passed on the stream.
 *
 * @param bytes the bytes let through
 */
record LimitDataToxic(long bytes) implements ToxicBehaviour {

  /** The bytes let through on one connection so far; kept when the toxic is updated. */
  private static final class Passed {
    long bytes;
  }

  @Override
  public void onData(Chunk chunk, ToxicStub stub) {
    Passed passed = stub.state(Passed::new);
    long allowed = Math.max(0, bytes - passed.bytes);
    if (chunk.length() >= allowed) {
      chunk.cutAfter((int) allowed);
    }
    passed.bytes += chunk.length();
  }
}
