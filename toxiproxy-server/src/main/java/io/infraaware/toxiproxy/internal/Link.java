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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection through a proxy and its connection to the upstream, driven by an event
 * loop. Each direction reads chunks, runs them through the toxics of its stream (which decide when
 * and in what pieces they may be written) and writes them in order.
 */
final class Link {

  private static final int HIGH_WATER = 1024 * 1024;

  private final ToxicProxy proxy;
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
  private final Map<Toxic, ToxicStub> stubs = new HashMap<>();

  private final AtomicBoolean open = new AtomicBoolean(true);
  private final Direction toUpstream;
  private final Direction toClient;
  private SelectionKey clientKey;
  private SelectionKey upstreamKey;

  /** A piece of data and when it may be written. */
  private static final class Piece {
    final ByteBuffer data;
    long releaseAt;
    final boolean closeAfter;
    final long readAt;

    Piece(ByteBuffer data, long releaseAt, boolean closeAfter, long readAt) {
      this.data = data;
      this.releaseAt = releaseAt;
      this.closeAfter = closeAfter;
      this.readAt = readAt;
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
    boolean flushPending; // a flush timer is set, for flushAt
    long flushAt;
    final Chunk chunk = new Chunk();

    Direction(boolean upstreamBound) {
      this.upstreamBound = upstreamBound;
      this.lastRelease = System.nanoTime();
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
      ToxicProxy proxy,
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

  /** Registers both channels with the loop and lets the proxy's toxics meet the connection. */
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
          long now = System.nanoTime();
          for (Toxic toxic : proxy.toxicsSnapshot()) {
            attach(toxic, now);
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

  /** This toxic on this connection, made when they first meet. */
  private ToxicStub stub(Toxic toxic) {
    ToxicStub stub = stubs.get(toxic);
    if (stub == null) {
      stub = new ToxicStub(this, toxic);
      stubs.put(toxic, stub);
    }
    return stub;
  }

  SplittableRandom random() {
    return random;
  }

  /** Whether the connection is open and {@code stub} is still its stub for {@code toxic}. */
  boolean holds(Toxic toxic, ToxicStub stub) {
    return open.get() && stubs.get(toxic) == stub;
  }

  /** On the loop: runs a task at a time unless the connection has closed by then. */
  void schedule(long atNanos, Runnable task) {
    loop.schedule(
        atNanos,
        () -> {
          if (open.get()) {
            task.run();
          }
        });
  }

  /** A toxic was added or updated: it meets this connection (again). */
  void toxicChanged(Toxic toxic) {
    loop.execute(() -> attach(toxic, System.nanoTime()));
  }

  private void attach(Toxic toxic, long now) {
    if (!open.get()) {
      return;
    }
    ToxicStub stub = stub(toxic);
    if (stub.affects(random)) {
      toxic.behaviour().onAttach(stub, now);
    }
  }

  /**
   * A toxic was removed. Data it holds back goes now; a connection a toxic swallowed data of (a
   * timeout) is closed, as Toxiproxy's cleanup does: the stream cannot resume in step.
   */
  void toxicRemoved(Toxic toxic) {
    // Only what the toxic could have held back goes at once: data of its direction read before
    // it was removed. Data read since met the toxics that remain, and keeps their delays.
    long removedAt = System.nanoTime();
    loop.execute(
        () -> {
          ToxicStub stub = stubs.remove(toxic);
          if (stub != null && stub.hit() && toxic.behaviour().closesWhenRemoved(stub)) {
            close();
          } else {
            releaseDelayed(toxic.isUpstream() ? toUpstream : toClient, removedAt);
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
    Chunk chunk = direction.chunk;
    chunk.reset(now, read);
    for (Toxic toxic : proxy.toxicsSnapshot()) {
      if (toxic.isUpstream() != direction.upstreamBound) {
        continue;
      }
      ToxicStub stub = stub(toxic);
      if (stub.affects(random)) {
        toxic.behaviour().onData(chunk, stub);
        if (chunk.swallowed()) {
          return;
        }
      }
    }
    int length = chunk.length();
    boolean closeAfter = chunk.closeAfter();
    if (chunk.plain() && direction.queue.isEmpty()) {
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
    long release = Delays.later(direction.lastRelease, Delays.after(now, chunk.delay(), now));
    if (!data.hasRemaining() && closeAfter) {
      enqueue(direction, data, release, true);
    }
    BandwidthToxic bandwidth = chunk.bandwidth();
    SlicerToxic slicer = chunk.slicer();
    while (data.hasRemaining()) {
      int size = data.remaining();
      long gap = 0;
      if (slicer != null) {
        size = slicer.sliceSize(size, random);
        gap = slicer.gapNanos();
      }
      if (bandwidth != null) {
        size = bandwidth.pieceSize(size);
        // as Toxiproxy's bandwidth toxic, a piece waits for its own transmission time before it is
        // written
        release = Delays.after(release, bandwidth.transmissionNanos(size), now);
      }
      ByteBuffer piece = data.slice();
      piece.limit(size);
      data.position(data.position() + size);
      boolean last = !data.hasRemaining();
      enqueue(direction, piece, release, last && closeAfter);
      // a slicer's pause comes after each slice
      release = Delays.after(release, gap, now);
    }
    // The next chunk waits for this one's transmission time (bandwidth) and slice gaps: without
    // this, a chunk that fits in one piece would go out unthrottled.
    direction.lastRelease = Delays.later(direction.lastRelease, release);
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
    direction.queue.add(new Piece(data, releaseAt, closeAfter, System.nanoTime()));
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
      if (piece.releaseAt - now > 0) {
        // A pending timer for a later time (set before a toxic was removed and the data released
        // early) must not hold this piece back: schedule an earlier one; the later one finds
        // nothing due and does no harm. A piece held (practically) forever waits for its toxic to
        // go: no timer.
        if (!Delays.never(piece.releaseAt, now)
            && (!direction.flushPending || piece.releaseAt - direction.flushAt < 0)) {
          long at = piece.releaseAt;
          direction.flushPending = true;
          direction.flushAt = at;
          loop.schedule(
              at,
              () -> {
                if (direction.flushPending && direction.flushAt == at) {
                  direction.flushPending = false;
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
      if (toxic.isUpstream() == direction.upstreamBound && stub(toxic).affects(random)) {
        delay = Delays.sum(delay, toxic.behaviour().closeDelayNanos());
      }
    }
    long now = System.nanoTime();
    if (delay == 0) {
      close();
    } else if (!Delays.never(now + delay, now)) {
      loop.schedule(now + delay, this::close);
    }
  }

  /** On the loop: lets data that toxics are holding back go now, also bytes already delayed. */
  private void releaseDelayed(Direction direction, long readBefore) {
    long now = System.nanoTime();
    long latest = now;
    for (Piece piece : direction.queue) {
      if (piece.readAt - readBefore <= 0) {
        if (piece.releaseAt - now > 0) {
          piece.releaseAt = now;
        }
      } else if (piece.releaseAt - latest > 0) {
        latest = piece.releaseAt;
      }
    }
    if (direction.lastRelease - latest > 0) {
      direction.lastRelease = latest;
    }
    try {
      flush(direction);
    } catch (IOException | RuntimeException e) {
      close();
    }
  }

  /** Closes both connections (a normal close: FIN). Idempotent; safe from any thread. */
  void close() {
    if (open.compareAndSet(true, false)) {
      ToxicProxy.closeQuietly(client);
      ToxicProxy.closeQuietly(upstream);
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
