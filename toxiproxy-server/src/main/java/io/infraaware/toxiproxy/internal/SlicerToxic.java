package io.infraaware.toxiproxy.internal;

import java.util.SplittableRandom;

/**
 * {@code slicer}: each chunk is cut into slices of {@code average_size ± size_variation} bytes,
 * {@code delay} microseconds apart. The slices are cut one after another rather than by Toxiproxy's
 * recursive bisection: the same average size and spread.
 *
 * @param averageSize bytes
 * @param sizeVariation bytes either way
 * @param delay microseconds between slices
 */
record SlicerToxic(long averageSize, long sizeVariation, long delay) implements ToxicBehaviour {

  @Override
  public void onData(Chunk chunk, ToxicStub stub) {
    chunk.slice(this);
  }

  /** The size of the next slice of {@code remaining} bytes. */
  int sliceSize(int remaining, SplittableRandom random) {
    // every chunk is at most a read buffer: sizes beyond that cut nothing, and bounding them here
    // keeps the arithmetic from overflowing
    long average = Math.max(1, Math.min(averageSize, Integer.MAX_VALUE));
    long variation = Math.min(sizeVariation, Integer.MAX_VALUE);
    long size = average + (variation > 0 ? random.nextLong(2 * variation + 1) - variation : 0);
    return (int) Math.max(1, Math.min(remaining, size));
  }

  /** The pause after each slice. */
  long gapNanos() {
    return Delays.micros(delay);
  }
}
