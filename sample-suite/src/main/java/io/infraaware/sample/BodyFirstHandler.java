package io.infraaware.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.grizzly.ReadHandler;
import org.glassfish.grizzly.http.io.NIOInputStream;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has a request's whole body read before the sample's handler serves it, without holding a worker
 * thread while the client sends it, and within {@code REQUEST_BODY_TIMEOUT}. Grizzly's non-blocking
 * input does the reading: the request is suspended (with the body deadline as its timeout) and its
 * body collected as it arrives, so a client that sends a head with {@code Content-Length: 1000} and
 * four bytes costs a connection, not a thread. Before, the handler read the body on its worker
 * thread, and 90 such clients held every worker of the backend (20 every worker of the auth
 * service) until Grizzly's 30 s read timeout, and a client sending a byte now and then held one for
 * ever.
 *
 * <p>A body that does not arrive in time is answered 408 and its connection closed; one over {@link
 * Http#MAX_BODY_BYTES} is answered 413 (by Grizzly for a {@code Content-Length} over it, here for a
 * chunked one).
 */
final class BodyFirstHandler extends HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(BodyFirstHandler.class);

  private final HttpServerHost.Handler handler;
  private final Duration timeout;

  BodyFirstHandler(HttpServerHost.Handler handler, Duration timeout) {
    this.handler = handler;
    this.timeout = timeout;
  }

  @Override
  public void service(Request request, Response response) throws Exception {
    // by its head, not by isExpectContent: Grizzly leaves that set for an upgrade request (h2c)
    if (request.getRequest().getContentLength() <= 0 && !request.getRequest().isChunked()) {
      serve(request, response, new byte[0]);
      return;
    }
    // whichever comes first, the whole body or the deadline, answers; the other does nothing
    AtomicBoolean answered = new AtomicBoolean();
    response.suspend(
        timeout.toMillis(),
        TimeUnit.MILLISECONDS,
        null,
        suspended -> {
          if (answered.compareAndSet(false, true)) {
            answerAndClose(
                suspended,
                408,
                "the request body did not arrive within "
                    + timeout.toMillis()
                    + " ms (REQUEST_BODY_TIMEOUT)");
          }
          // resumed above, or by whoever answered first; Grizzly must not cancel it
          return false;
        });
    NIOInputStream in = request.getNIOInputStream();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    in.notifyAvailable(
        new ReadHandler() {
          @Override
          public void onDataAvailable() throws Exception {
            if (collect(in, body)) {
              in.notifyAvailable(this);
            } else if (answered.compareAndSet(false, true)) {
              answerAndClose(
                  response, 413, "the body is larger than " + Http.MAX_BODY_BYTES + " bytes");
            }
          }

          @Override
          public void onAllDataRead() throws Exception {
            if (!collect(in, body)) {
              if (answered.compareAndSet(false, true)) {
                answerAndClose(
                    response, 413, "the body is larger than " + Http.MAX_BODY_BYTES + " bytes");
              }
            } else if (answered.compareAndSet(false, true)) {
              try {
                serve(request, response, body.toByteArray());
              } finally {
                resume(response);
              }
            }
          }

          @Override
          public void onError(Throwable failure) {
            // the client went away, or sent what is not HTTP: nobody may be there to answer
            if (answered.compareAndSet(false, true)) {
              answerAndClose(response, 400, "the request body could not be read");
            }
          }
        });
  }

  /** Moves what has arrived into {@code body}; false once it is over the limit. */
  private static boolean collect(NIOInputStream in, ByteArrayOutputStream body) throws IOException {
    int ready = in.readyData();
    if (ready > 0) {
      if (body.size() + ready > Http.MAX_BODY_BYTES) {
        return false;
      }
      byte[] chunk = new byte[ready];
      int read = in.read(chunk);
      body.write(chunk, 0, Math.max(0, read));
    }
    return true;
  }

  private void serve(Request request, Response response, byte[] body) {
    try {
      handler.serve(request, response, body);
    } catch (Exception e) {
      // handlers answer their own failures; this is a bug, and the client still gets JSON
      LOG.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
      if (!response.isCommitted()) {
        response.reset();
        send(response, 500, "the server failed; see its log");
      }
    }
  }

  /**
   * An error answer that ends the connection too, once it is written: what is left of the body is
   * not read (Grizzly would wait for it, to skip it, until the idle timeout).
   */
  private static void answerAndClose(Response response, int status, String message) {
    org.glassfish.grizzly.Connection<?> connection =
        response.getRequest().getContext().getConnection();
    try {
      if (!response.isCommitted()) {
        response.setHeader("Connection", "close");
        send(response, status, message);
      }
    } finally {
      resume(response);
      connection.closeSilently();
    }
  }

  /** Resumes a suspended request; one the closing connection cancelled is over already. */
  private static void resume(Response response) {
    if (response.isSuspended()) {
      response.resume();
    }
  }

  private static void send(Response response, int status, String message) {
    try {
      Http.fail(response, new Http.Failure(status, message));
    } catch (IOException e) {
      // the client is gone
    }
  }
}
