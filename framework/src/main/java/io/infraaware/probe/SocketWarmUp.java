package io.infraaware.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * One loopback round trip before the first probe, so that the JDK's socket classes are loaded and
 * linked outside every probe's timing: on a cold JVM their first use takes tens of milliseconds,
 * which is the test JVM's time, not the peer's.
 */
final class SocketWarmUp {

  private static final System.Logger LOG = System.getLogger(SocketWarmUp.class.getName());
  private static volatile boolean done;

  private SocketWarmUp() {}

  static void ensure() {
    if (done) {
      return;
    }
    synchronized (SocketWarmUp.class) {
      if (done) {
        return;
      }
      done = true;
      InetAddress loopback = InetAddress.getLoopbackAddress();
      try (ServerSocket server = new ServerSocket(0, 1, loopback);
          Socket client = new Socket()) {
        server.setSoTimeout(2000);
        client.setTcpNoDelay(true);
        client.connect(new InetSocketAddress(loopback, server.getLocalPort()), 2000);
        try (Socket accepted = server.accept()) {
          accepted.setSoTimeout(2000);
          client.setSoTimeout(2000);
          OutputStream out = client.getOutputStream();
          out.write(1);
          out.flush();
          InputStream in = accepted.getInputStream();
          byte[] one = new byte[1];
          if (in.read(one, 0, 1) == 1) {
            accepted.getOutputStream().write(one);
            accepted.getOutputStream().flush();
            client.getInputStream().read(one, 0, 1);
          }
        }
      } catch (IOException e) {
        // a warm-up only: the probes work without it, their first latency a little higher
        LOG.log(System.Logger.Level.DEBUG, "socket warm-up failed: {0}", e.toString());
      }
    }
  }
}
