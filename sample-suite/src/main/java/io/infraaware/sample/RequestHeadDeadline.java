package io.infraaware.sample;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Closes a connection whose request head is not complete within {@code REQUEST_HEAD_TIMEOUT} of its
 * first byte. Grizzly parses heads without holding a worker thread, but its idle timeout starts
 * again with every byte, so a client sending a head a byte at a time held its connection for ever.
 *
 * <p>Two filters around Grizzly's HTTP codec share a clock per connection: the one before the codec
 * starts it when bytes arrive while no request is under way, the one after it stops it when the
 * codec has parsed a head, and starts the wait for the next request once the answer is written. A
 * connection upgraded to WebSocket (101) leaves the clock for good.
 */
final class RequestHeadDeadline implements AddOn {

  /** One connection's clock: whether a request is under way, and the pending close. */
  private static final class Clock {
    boolean inRequest;
    boolean upgraded;
    ScheduledFuture<?> closing;
    long generation;

    synchronized void stop() {
      if (closing != null) {
        closing.cancel(false);
        closing = null;
      }
    }
  }

  private static final Attribute<Clock> CLOCKS =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
          RequestHeadDeadline.class.getName(), Clock::new);

  private final Duration timeout;
  private final ScheduledExecutorService timer;

  /**
   * @param timeout {@code REQUEST_HEAD_TIMEOUT}
   * @param timer where the closes are scheduled; its owner shuts it down
   */
  RequestHeadDeadline(Duration timeout, ScheduledExecutorService timer) {
    this.timeout = timeout;
    this.timer = timer;
  }

  @Override
  public void setup(NetworkListener listener, FilterChainBuilder builder) {
    int codec = builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
    builder.add(codec + 1, new HeadParsed());
    builder.add(codec, new BytesArrived());
  }

  /** Before the codec: bytes while no request is under way start the clock of a head. */
  private final class BytesArrived extends BaseFilter {
    @Override
    public NextAction handleRead(FilterChainContext ctx) {
      Connection<?> connection = ctx.getConnection();
      Clock clock = CLOCKS.get(connection);
      synchronized (clock) {
        if (!clock.inRequest && !clock.upgraded && clock.closing == null) {
          long generation = ++clock.generation;
          clock.closing =
              timer.schedule(
                  () -> expire(connection, clock, generation),
                  timeout.toMillis(),
                  TimeUnit.MILLISECONDS);
        }
      }
      return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) {
      CLOCKS.get(ctx.getConnection()).stop();
      return ctx.getInvokeAction();
    }
  }

  /** After the codec: a parsed head stops the clock; an answer written ends the request. */
  private static final class HeadParsed extends BaseFilter {
    @Override
    public NextAction handleRead(FilterChainContext ctx) {
      if (ctx.getMessage() instanceof HttpContent content && content.getHttpHeader().isRequest()) {
        Clock clock = CLOCKS.get(ctx.getConnection());
        synchronized (clock) {
          clock.inRequest = true;
          clock.stop();
        }
      }
      return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) {
      if (ctx.getMessage() instanceof HttpContent content
          && content.isLast()
          && content.getHttpHeader() instanceof HttpResponsePacket response) {
        Clock clock = CLOCKS.get(ctx.getConnection());
        synchronized (clock) {
          if (response.getStatus() == 101) {
            clock.upgraded = true;
          } else if (response.getStatus() >= 200) {
            clock.inRequest = false;
          }
        }
      }
      return ctx.getInvokeAction();
    }
  }

  private static void expire(Connection<?> connection, Clock clock, long generation) {
    synchronized (clock) {
      if (clock.closing == null || clock.generation != generation) {
        return; // the head came in time (or a later head's clock runs)
      }
      clock.closing = null;
    }
    // nothing was asked yet, so nothing is answered: the connection is closed
    connection.closeSilently();
  }
}
