package io.infraaware.toxiproxy.internal;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection through a proxy and its connection to the upstream, driven by an event
 * loop. Each direction reads chunks, runs them through the toxics of its stream (which decide when
 * and in what pieces they may be written) and writes them in order.
 */
final class Link {

  private static final int HIGH_WATER = 1024 * 1024;

  private final Proxy proxy;
  private final EventLoop loop;
  private final SocketChannel client;
  private final SocketChannel upstream;

  /**
   * This connection's own randomness (toxicity, jitter, slice sizes): seeded from the server's
   * seed, the proxy and the connection's number, so a seeded run replays even when connections
   * interleave. Only touched on the loop thread.
   */
  private final SplittableRandom random;

  /** Per toxic: only touched on the loop thread. */
  private final Map<Toxic, ToxicState> states = new HashMap<>();

  private final AtomicBoolean open = new AtomicBoolean(true);
  private final Direction toUpstream;
  private final Direction toClient;
  private SelectionKey clientKey;
  private SelectionKey upstreamKey;

  /** What one toxic does to this connection, and what it has done so far. */
  private static final class ToxicState {
    long generation = -1;
    boolean affects;
    long passed; // limit_data: bytes let through
    long lastData; // timeout: when it last swallowed data (its timer restarts then, as Toxiproxy's)
    long armed; // timeout: the latest timer; older ones are stale
    boolean triggered; // reset_peer: data came, the reset is on its way
  }

  /** A piece of data and when it may be written. */
  private static final class Piece {
    final ByteBuffer data;
    long releaseAt;
    final boolean closeAfter;

    Piece(ByteBuffer data, long releaseAt, boolean closeAfter) {
      this.data = data;
      this.releaseAt = releaseAt;
      this.closeAfter = closeAfter;
    }
  }

  /** One way through the link. */
  private final class Direction {
    final boolean upstreamBound;
    final ArrayDeque<Piece> queue = new ArrayDeque<>();
    long queued;
    long lastRelease;
    boolean eof;
    boolean readPaused;
    long flushAt; // when the pending flush timer fires; 0 when none is pending

    Direction(boolean upstreamBound) {
      this.upstreamBound = upstreamBound;
    }

    SocketChannel source() {
      return upstreamBound ? client : upstream;
    }

    SocketChannel target() {
      return upstreamBound ? upstream : client;
    }

    SelectionKey sourceKey() {
      return upstreamBound ? clientKey : upstreamKey;
    }

    SelectionKey targetKey() {
      return upstreamBound ? upstreamKey : clientKey;
    }
  }

  Link(
      Proxy proxy,
      EventLoop loop,
      SocketChannel client,
      SocketChannel upstream,
      SplittableRandom random) {
    this.proxy = proxy;
    this.loop = loop;
    this.client = client;
    this.upstream = upstream;
    this.random = random;
    this.toUpstream = new Direction(true);
    this.toClient = new Direction(false);
  }

  /** Registers both channels with the loop and arms the timeout toxics. */
  void start() {
    loop.execute(
        () -> {
          try {
            client.configureBlocking(false);
            upstream.configureBlocking(false);
            clientKey =
                client.register(
                    loop.selector(), SelectionKey.OP_READ, (EventLoop.Handler) this::clientReady);
            upstreamKey =
                upstream.register(
                    loop.selector(), SelectionKey.OP_READ, (EventLoop.Handler) this::upstreamReady);
          } catch (IOException | RuntimeException e) {
            close();
            return;
          }
          if (!open.get()) {
            close();
            return;
          }
          for (Toxic toxic : proxy.toxicsSnapshot()) {
            arm(toxic);
          }
        });
  }

  private void clientReady(SelectionKey key) {
    ready(key, toUpstream, toClient);
  }

  private void upstreamReady(SelectionKey key) {
    ready(key, toClient, toUpstream);
  }

  private void ready(SelectionKey key, Direction readsHere, Direction writesHere) {
    try {
      if (key.isValid() && key.isWritable()) {
        flush(writesHere);
      }
      if (key.isValid() && key.isReadable()) {
        read(readsHere);
      }
    } catch (IOException | RuntimeException e) {
      // a failing connection is closed here, so that neither its sockets nor its entry in the
      // proxy's connections outlive it
      close();
    }
  }

  /**
   * Toxicity is decided per connection and toxic, as in Toxiproxy: once, and again after the toxic
   * is updated (Toxiproxy restarts the toxic on the connection then).
   */
  private ToxicState state(Toxic toxic) {
    ToxicState state = states.computeIfAbsent(toxic, t -> new ToxicState());
    long generation = toxic.generation();
    if (state.generation != generation) {
      state.generation = generation;
      double toxicity = toxic.toxicity();
      state.affects = toxicity >= 1 || (toxicity > 0 && random.nextDouble() < toxicity);
    }
    return state;
  }

  private boolean affects(Toxic toxic) {
    return state(toxic).affects;
  }

  /** A toxic was added or updated: a timeout starts (again) counting from now. */
  void toxicChanged(Toxic toxic) {
    loop.execute(() -> arm(toxic));
  }

  /** On the loop: starts a timeout toxic's timer; the other toxics act on data as it comes. */
  void arm(Toxic toxic) {
    if (!open.get() || toxic.type() != ToxicType.TIMEOUT) {
      return;
    }
    ToxicState state = state(toxic);
    if (!state.affects) {
      return;
    }
    state.lastData = System.nanoTime();
    long token = ++state.armed;
    scheduleTimeout(toxic, state, token);
  }

  private void scheduleTimeout(Toxic toxic, ToxicState state, long token) {
    long timeout = TimeUnit.MILLISECONDS.toNanos(toxic.attribute("timeout"));
    if (timeout == 0) {
      return; // hold until removed
    }
    loop.schedule(
        state.lastData + timeout,
        () -> {
          if (!open.get() || state.armed != token || states.get(toxic) != state) {
            return;
          }
          if (System.nanoTime() - (state.lastData + timeout) >= 0) {
            close();
          } else {
            scheduleTimeout(toxic, state, token);
          }
        });
  }

  /**
   * A toxic was removed. Data it holds back goes now; a connection a timeout toxic was holding is
   * closed, as Toxiproxy's cleanup does: bytes it swallowed are gone, so the stream cannot resume.
   */
  void toxicRemoved(Toxic toxic) {
    loop.execute(
        () -> {
          ToxicState state = states.remove(toxic);
          if (toxic.type() == ToxicType.TIMEOUT && state != null && state.affects) {
            close();
          } else {
            releaseDelayed();
          }
        });
  }

  private void read(Direction direction) throws IOException {
    ByteBuffer buffer = loop.readBuffer();
    buffer.clear();
    int read = direction.source().read(buffer);
    if (read < 0) {
      direction.eof = true;
      direction
          .sourceKey()
          .interestOps(direction.sourceKey().interestOps() & ~SelectionKey.OP_READ);
      finishIfDrained(direction);
      return;
    }
    if (read == 0) {
      return;
    }
    (direction.upstreamBound ? proxy.receivedUpstream : proxy.receivedDownstream).add(read);
    buffer.flip();
    long now = System.nanoTime();
    long latency = 0;
    long rate = 0;
    Toxic slicer = null;
    int length = read;
    boolean closeAfter = false;
    for (Toxic toxic : proxy.toxicsSnapshot()) {
      if (toxic.isUpstream() != direction.upstreamBound || !affects(toxic)) {
        continue;
      }
      ToxicState state = state(toxic);
      switch (toxic.type()) {
        case TIMEOUT:
          state.lastData = now;
          return; // swallowed: a hung peer
        case RESET_PEER:
          trigger(toxic, state);
          return; // swallowed: a reset does not deliver what is in flight
        case LATENCY:
          long jitter = toxic.attribute("jitter");
          latency +=
              toxic.attribute("latency") + (jitter > 0 ? random.nextLong(2 * jitter) - jitter : 0);
          break;
        case BANDWIDTH:
          rate = toxic.attribute("rate");
          break;
        case SLICER:
          slicer = toxic;
          break;
        case LIMIT_DATA:
          long allowed = Math.max(0, toxic.attribute("bytes") - state.passed);
          if (length >= allowed) {
            length = (int) allowed;
            closeAfter = true;
          }
          state.passed += length;
          break;
        default:
          break;
      }
    }
    if (latency == 0 && rate == 0 && slicer == null && direction.queue.isEmpty()) {
      // the common case: write at once from the loop's buffer, queue only what does not fit
      buffer.limit(length);
      int written = direction.target().write(buffer);
      (direction.upstreamBound ? proxy.sentUpstream : proxy.sentDownstream).add(written);
      if (!buffer.hasRemaining()) {
        if (closeAfter) {
          close();
        }
        return;
      }
      enqueue(direction, copy(buffer, buffer.remaining()), now, closeAfter);
      flush(direction);
      return;
    }
    buffer.limit(length);
    ByteBuffer data = copy(buffer, length);
    long release =
        Math.max(direction.lastRelease, now + TimeUnit.MILLISECONDS.toNanos(Math.max(0, latency)));
    if (!data.hasRemaining() && closeAfter) {
      enqueue(direction, data, release, true);
    }
    while (data.hasRemaining()) {
      int size = data.remaining();
      long gap = 0;
      if (slicer != null) {
        long average = Math.max(1, slicer.attribute("average_size"));
        long variation = slicer.attribute("size_variation");
        size =
            (int)
                Math.max(
                    1,
                    Math.min(
                        size,
                        average
                            + (variation > 0
                                ? random.nextLong(2 * variation + 1) - variation
                                : 0)));
        gap = TimeUnit.MICROSECONDS.toNanos(slicer.attribute("delay"));
      }
      if (rate > 0) {
        // KB/s as Toxiproxy counts it: 1000 bytes; at most 100 ms worth per piece
        size = (int) Math.max(1, Math.min(size, rate * 100));
      }
      ByteBuffer piece = data.slice();
      piece.limit(size);
      data.position(data.position() + size);
      boolean last = !data.hasRemaining();
      // as Toxiproxy's bandwidth toxic, a piece waits for its own transmission time before it is
      // written; a slicer's pause comes after each slice
      release += rate > 0 ? size * 1_000_000L / rate : 0;
      enqueue(direction, piece, release, last && closeAfter);
      release += gap;
    }
    // The next chunk waits for this one's transmission time (bandwidth) and slice gaps: without
    // this, a chunk that fits in one piece would go out unthrottled.
    direction.lastRelease = Math.max(direction.lastRelease, release);
    flush(direction);
  }

  private static ByteBuffer copy(ByteBuffer source, int length) {
    ByteBuffer copy = ByteBuffer.allocate(length);
    ByteBuffer view = source.slice();
    view.limit(length);
    copy.put(view);
    copy.flip();
    return copy;
  }

  private void enqueue(Direction direction, ByteBuffer data, long releaseAt, boolean closeAfter) {
    direction.queue.add(new Piece(data, releaseAt, closeAfter));
    direction.lastRelease = releaseAt;
    direction.queued += data.remaining();
    if (direction.queued > HIGH_WATER && !direction.readPaused) {
      direction.readPaused = true;
      direction
          .sourceKey()
          .interestOps(direction.sourceKey().interestOps() & ~SelectionKey.OP_READ);
    }
  }

  private void flush(Direction direction) throws IOException {
    if (!open.get()) {
      return;
    }
    long now = System.nanoTime();
    while (!direction.queue.isEmpty()) {
      Piece piece = direction.queue.peek();
      if (piece.releaseAt > now) {
        // A pending timer for a later time (set before a toxic was removed and the data released
        // early) must not hold this piece back: schedule an earlier one; the later one finds
        // nothing due and does no harm.
        if (direction.flushAt == 0 || piece.releaseAt < direction.flushAt) {
          long at = piece.releaseAt;
          direction.flushAt = at;
          loop.schedule(
              at,
              () -> {
                if (direction.flushAt == at) {
                  direction.flushAt = 0;
                }
                try {
                  flush(direction);
                } catch (IOException | RuntimeException e) {
                  close();
                }
              });
        }
        return;
      }
      int before = piece.data.remaining();
      int written = direction.target().write(piece.data);
      direction.queued -= written;
      (direction.upstreamBound ? proxy.sentUpstream : proxy.sentDownstream).add(written);
      if (piece.data.hasRemaining() && before > 0) {
        direction
            .targetKey()
            .interestOps(direction.targetKey().interestOps() | SelectionKey.OP_WRITE);
        return;
      }
      direction.queue.poll();
      if (piece.closeAfter) {
        close();
        return;
      }
    }
    direction.targetKey().interestOps(direction.targetKey().interestOps() & ~SelectionKey.OP_WRITE);
    if (direction.readPaused && !direction.eof) {
      direction.readPaused = false;
      direction.sourceKey().interestOps(direction.sourceKey().interestOps() | SelectionKey.OP_READ);
    }
    finishIfDrained(direction);
  }

  /** After the source's EOF and the last queued byte, close the link, later with slow_close. */
  private void finishIfDrained(Direction direction) {
    if (!direction.eof || !direction.queue.isEmpty()) {
      return;
    }
    long delay = 0;
    for (Toxic toxic : proxy.toxicsSnapshot()) {
      if (toxic.type() == ToxicType.SLOW_CLOSE
          && toxic.isUpstream() == direction.upstreamBound
          && affects(toxic)) {
        delay += toxic.attribute("delay");
      }
    }
    if (delay == 0) {
      close();
    } else {
      loop.schedule(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay), this::close);
    }
  }

  /** On the loop: lets data that toxics are holding back go now, also bytes already delayed. */
  private void releaseDelayed() {
    long now = System.nanoTime();
    for (Direction direction : new Direction[] {toUpstream, toClient}) {
      for (Piece piece : direction.queue) {
        piece.releaseAt = Math.min(piece.releaseAt, now);
      }
      direction.lastRelease = Math.min(direction.lastRelease, now);
      try {
        flush(direction);
      } catch (IOException | RuntimeException e) {
        close();
      }
    }
  }

  /** reset_peer: the first data on its stream starts the countdown to the reset. */
  private void trigger(Toxic toxic, ToxicState state) {
    if (state.triggered) {
      return;
    }
    state.triggered = true;
    long after = TimeUnit.MILLISECONDS.toNanos(toxic.attribute("timeout"));
    if (after == 0) {
      reset();
    } else {
      // Once triggered it goes off even if the toxic is removed meanwhile, as in Toxiproxy: the
      // data it swallowed is lost either way.
      loop.schedule(System.nanoTime() + after, this::reset);
    }
  }

  /** Closes both connections (a normal close: FIN). Idempotent; safe from any thread. */
  void close() {
    if (open.compareAndSet(true, false)) {
      Proxy.closeQuietly(client);
      Proxy.closeQuietly(upstream);
      proxy.forget(this);
      // A registered channel's socket is released when the selector next deregisters it.
      loop.selector().wakeup();
    }
  }

  /** Resets both connections (TCP RST): closing with a zero linger discards and resets. */
  void reset() {
    for (SocketChannel channel : new SocketChannel[] {client, upstream}) {
      try {
        channel.setOption(StandardSocketOptions.SO_LINGER, 0);
      } catch (IOException e) {
        // already closed: nothing to reset
      }
    }
    close();
  }
}
