package io.infraaware.toxiproxy.internal;

/**
 * {@code timeout}: data on the stream is swallowed, as from a hung peer. With a timeout above 0 the
 * connection is closed once that long has passed without data on the stream (each swallowed chunk
 * restarts the clock, as Toxiproxy's timer does); with 0, or a timeout beyond decades, it is held
 * open. Removing it closes the connections it held: the bytes it swallowed are gone.
 *
 * @param timeout milliseconds; 0 holds the connection until the toxic is removed
 */
record TimeoutToxic(long timeout) implements ToxicBehaviour {

  /** When data last came on one connection, and which timer is the live one. */
  private static final class Clock {
    long lastData;
    long armed;
  }

  @Override
  public void onData(Chunk chunk, ToxicStub stub) {
    stub.state(Clock::new).lastData = chunk.now();
    chunk.swallow();
  }

  @Override
  public void onAttach(ToxicStub stub, long now) {
    Clock clock = stub.state(Clock::new);
    clock.lastData = now;
    long token = ++clock.armed;
    arm(stub, clock, token, now);
  }

  private void arm(ToxicStub stub, Clock clock, long token, long now) {
    long after = Delays.millis(timeout);
    if (after == 0) {
      return; // hold until removed
    }
    long at = Delays.after(clock.lastData, after, now);
    if (Delays.never(at, now)) {
      return;
    }
    stub.schedule(
        at,
        () -> {
          if (clock.armed != token || !stub.current()) {
            return; // re-armed by an update, or removed
          }
          long fired = System.nanoTime();
          if (fired - Delays.after(clock.lastData, after, fired) >= 0) {
            stub.close();
          } else {
            arm(stub, clock, token, fired); // data came meanwhile: the clock restarted then
          }
        });
  }

  @Override
  public boolean closesWhenRemoved(ToxicStub stub) {
    return true;
  }
}
