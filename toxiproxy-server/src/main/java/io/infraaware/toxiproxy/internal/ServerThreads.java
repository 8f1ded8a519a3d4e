package io.infraaware.toxiproxy.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;

/**
 * The server's threads: its event loops and the pool that accepts and connects, stopped together,
 * with the (seedable) randomness its connections draw from.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ServerThreads implements AutoCloseable {

  private final ExecutorService threads;
  private final Long seed;
  private final int loopCount;
  private EventLoop[] loops;
  private final AtomicInteger nextLoop = new AtomicInteger();

  /**
   * Creates the threads and loops.
   *
   * @param seed seeds jitter, toxicity and slicer sizes; null for a random seed
   */
  public ServerThreads(Long seed) {
    AtomicInteger count = new AtomicInteger();
    // Accept loops and upstream connects; idle threads go soon, so none outlive their work long.
    this.threads =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            1,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            task -> {
              Thread thread = new Thread(task, "toxiproxy-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.seed = seed;
    // One loop per core: on a small machine, more threads than cores only add switches.
    this.loopCount =
        Integer.getInteger(
            "infraaware.toxiproxy.loops",
            Math.max(1, java.lang.Runtime.getRuntime().availableProcessors()));
  }

  /**
   * The event loop for a new connection, round robin; the loops start with the first connection, so
   * a server that only answers its API runs no loop threads.
   */
  EventLoop nextLoop() {
    EventLoop[] started = loops();
    return started[Math.floorMod(nextLoop.getAndIncrement(), started.length)];
  }

  private synchronized EventLoop[] loops() {
    if (loops == null) {
      EventLoop[] made = new EventLoop[loopCount];
      for (int i = 0; i < made.length; i++) {
        made[i] = new EventLoop("toxiproxy-loop-" + i);
      }
      loops = made;
    }
    return loops;
  }

  ExecutorService pool() {
    return threads;
  }

  /**
   * The randomness of one connection: from the seed, the proxy's name and the connection's number
   * on that proxy, so that a seeded run replays connection by connection, however they interleave.
   *
   * @param proxy the proxy's name
   * @param connection the connection's number on that proxy, from 0 in accept order
   * @return a generator for that connection alone
   */
  SplittableRandom randomFor(String proxy, long connection) {
    if (seed == null) {
      return new SplittableRandom();
    }
    long perProxy = new SplittableRandom(seed).nextLong() ^ proxy.hashCode();
    long perConnection = new SplittableRandom(perProxy).nextLong() + connection;
    return new SplittableRandom(new SplittableRandom(perConnection).nextLong());
  }

  @Override
  public void close() {
    EventLoop[] started;
    synchronized (this) {
      started = loops == null ? new EventLoop[0] : loops;
      loops = new EventLoop[0];
    }
    for (EventLoop loop : started) {
      loop.close();
    }
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
