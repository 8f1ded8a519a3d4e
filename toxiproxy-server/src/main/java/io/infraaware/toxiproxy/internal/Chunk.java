package io.infraaware.toxiproxy.internal;

/**
 * A chunk of data a stream read, and what its toxics decided for it: how much of it passes, how
 * long it waits, in what pieces and at what rate it goes, whether the connection closes after it or
 * the chunk is swallowed. One per direction of a connection, reused for every chunk.
 */
final class Chunk {

  private long now;
  private int length;
  private long delay;
  private BandwidthToxic bandwidth;
  private SlicerToxic slicer;
  private boolean closeAfter;
  private boolean swallowed;

  /** Starts over for a new chunk of {@code bytes} bytes read at {@code readAt}. */
  void reset(long readAt, int bytes) {
    now = readAt;
    length = bytes;
    delay = 0;
    bandwidth = null;
    slicer = null;
    closeAfter = false;
    swallowed = false;
  }

  /** When the chunk was read. */
  long now() {
    return now;
  }

  /** The bytes of the chunk that pass. */
  int length() {
    return length;
  }

  /** Lets only the first {@code bytes} bytes pass, then closes the connection. */
  void cutAfter(int bytes) {
    length = Math.min(length, bytes);
    closeAfter = true;
  }

  /** Delays the chunk by {@code nanos} more; delays of several toxics add up. */
  void delay(long nanos) {
    delay = Delays.sum(delay, nanos);
  }

  /** Paces the chunk at a rate; of two bandwidth toxics the last one sets it. */
  void pace(BandwidthToxic rate) {
    bandwidth = rate;
  }

  /** Cuts the chunk into slices. */
  void slice(SlicerToxic slices) {
    slicer = slices;
  }

  /** Drops the chunk: nothing of it is written. */
  void swallow() {
    swallowed = true;
  }

  long delay() {
    return delay;
  }

  BandwidthToxic bandwidth() {
    return bandwidth;
  }

  SlicerToxic slicer() {
    return slicer;
  }

  boolean closeAfter() {
    return closeAfter;
  }

  boolean swallowed() {
    return swallowed;
  }

  /** Whether the chunk can be written at once, as read: nothing delays, paces or slices it. */
  boolean plain() {
    return delay == 0 && bandwidth == null && slicer == null;
  }
}
