package io.infraaware.toxiproxy.internal;

/**
 * What one type of toxic does to the data of a stream: one immutable class per type (the settings
 * of one toxic), as Toxiproxy's {@code toxics.Toxic} implementations. A connection calls it on its
 * event loop; whatever it must remember about one connection lives in that connection's {@link
 * ToxicStub}.
 *
 * <p>A toxic acts on each chunk of data its stream reads ({@link #onData}); most act only there. A
 * few also act when they first meet a connection, when the stream's source closes, or when they are
 * removed from a live connection.
 */
interface ToxicBehaviour {

  /**
   * Acts on a chunk read from this toxic's stream: delays, paces, cuts, swallows or passes it.
   *
   * @param chunk the chunk and what the stream's toxics decided for it so far
   * @param stub this toxic on this connection
   */
  void onData(Chunk chunk, ToxicStub stub);

  /**
   * The toxic meets a connection: the connection starts while it exists, or it was added or updated
   * while the connection lives.
   *
   * @param stub this toxic on this connection
   * @param now the current time
   */
  default void onAttach(ToxicStub stub, long now) {}

  /**
   * How long the close of the stream's source is held back before it is passed on.
   *
   * @return nanoseconds, at most {@link Delays#FOREVER}
   */
  default long closeDelayNanos() {
    return 0;
  }

  /**
   * Whether removing the toxic from a live connection closes it: true for a toxic that swallowed
   * data on it, so that the stream could not resume in step.
   *
   * @param stub this toxic on this connection
   * @return whether to close the connection
   */
  default boolean closesWhenRemoved(ToxicStub stub) {
    return false;
  }
}
