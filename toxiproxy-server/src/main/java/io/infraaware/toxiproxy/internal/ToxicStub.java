package io.infraaware.toxiproxy.internal;

import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * One toxic on one connection (Toxiproxy's {@code ToxicStub}): whether the toxic hits the
 * connection, what it remembers about it, and what it may do to it. Only touched on the
 * connection's event loop.
 */
final class ToxicStub {

  private final Link link;
  private final Toxic toxic;
  private long generation = -1;
  private boolean affects;
  private Object state;

  ToxicStub(Link link, Toxic toxic) {
    this.link = link;
    this.toxic = toxic;
  }

  /**
   * Whether the toxic hits this connection. Toxicity is decided once per connection and toxic, as
   * in Toxiproxy, and again after the toxic is updated (Toxiproxy restarts the toxic on the
   * connection then).
   */
  boolean affects(SplittableRandom random) {
    long current = toxic.generation();
    if (generation != current) {
      generation = current;
      double toxicity = toxic.toxicity();
      affects = toxicity >= 1 || (toxicity > 0 && random.nextDouble() < toxicity);
    }
    return affects;
  }

  /** Whether the toxic hit this connection when it last decided: false before it first did. */
  boolean hit() {
    return affects;
  }

  /**
   * What the toxic remembers about this connection, created on first use; it outlives updates of
   * the toxic, as Toxiproxy keeps a stateful toxic's state then.
   *
   * @param create makes the state; always the same type for one toxic
   * @param <T> the state's type
   * @return the state
   */
  @SuppressWarnings("unchecked")
  <T> T state(Supplier<T> create) {
    if (state == null) {
      state = create.get();
    }
    return (T) state;
  }

  /** The connection's own randomness (jitter, slice sizes). */
  SplittableRandom random() {
    return link.random();
  }

  /** Whether the toxic is still on the connection and the connection open. */
  boolean current() {
    return link.holds(toxic, this);
  }

  /** Runs a task on the connection's loop at a time, unless the connection has closed by then. */
  void schedule(long atNanos, Runnable task) {
    link.schedule(atNanos, task);
  }

  /** Closes the connection (FIN). */
  void close() {
    link.close();
  }

  /** Resets the connection (RST). */
  void reset() {
    link.reset();
  }
}
