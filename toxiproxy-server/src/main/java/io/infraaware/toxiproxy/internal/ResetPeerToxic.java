package io.infraaware.toxiproxy.internal;

/**
 * {@code reset_peer}: the first data on the stream (swallowed, as all that follows) starts a
 * countdown of {@code timeout} milliseconds; then both connections are reset (TCP RST). An idle
 * connection is left alone. Once triggered it goes off even if the toxic is removed meanwhile, as
 * in Toxiproxy.
 *
 * @param timeout milliseconds from the first data to the reset
 */
record ResetPeerToxic(long timeout) implements ToxicBehaviour {

  /** Whether the countdown runs on one connection. */
  private static final class Trigger {
    boolean pulled;
  }

  @Override
  public void onData(Chunk chunk, ToxicStub stub) {
    chunk.swallow(); // a reset does not deliver what is in flight
    Trigger trigger = stub.state(Trigger::new);
    if (trigger.pulled) {
      return;
    }
    trigger.pulled = true;
    long after = Delays.millis(timeout);
    if (after == 0) {
      stub.reset();
      return;
    }
    long at = Delays.after(chunk.now(), after, chunk.now());
    if (!Delays.never(at, chunk.now())) {
      stub.schedule(at, stub::reset);
    }
  }
}
