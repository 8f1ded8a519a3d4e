package io.infraaware.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A fake Kafka broker on 127.0.0.1: it reads Kafka's framing and answers ApiVersions (v0 format)
 * and Metadata (v4 format), advertising the address it is given; enough for the probe and the proxy
 * check, nothing more.
 */
public final class FakeKafka {

  private FakeKafka() {}

  /** A broker that answers ApiVersions with {@code error} and Metadata advertising host:port. */
  public static LoopbackServer broker(short error, String advertisedHost, int advertisedPort) {
    return LoopbackServer.serving(socket -> serve(socket, error, advertisedHost, advertisedPort));
  }

  /** A broker that advertises the address it listens on. */
  public static LoopbackServer broker() {
    int[] port = new int[1];
    LoopbackServer server =
        LoopbackServer.serving(socket -> serve(socket, (short) 0, "127.0.0.1", port[0]));
    port[0] = server.port();
    return server;
  }

  private static void serve(Socket socket, short error, String host, int port) throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    while (true) {
      int size = in.readInt();
      byte[] request = new byte[size];
      in.readFully(request);
      DataInputStream header = new DataInputStream(new java.io.ByteArrayInputStream(request));
      short key = header.readShort();
      header.readShort();
      int correlation = header.readInt();
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      DataOutputStream response = new DataOutputStream(body);
      response.writeInt(correlation);
      if (key == 18) {
        response.writeShort(error);
        response.writeInt(3);
        for (int[] api : new int[][] {{0, 3, 13}, {3, 0, 13}, {18, 0, 5}}) {
          response.writeShort(api[0]);
          response.writeShort(api[1]);
          response.writeShort(api[2]);
        }
      } else if (key == 3) {
        response.writeInt(0); // throttle
        response.writeInt(1);
        response.writeInt(1); // node id
        byte[] hostBytes = host.getBytes(StandardCharsets.UTF_8);
        response.writeShort(hostBytes.length);
        response.write(hostBytes);
        response.writeInt(port);
        response.writeShort(-1); // rack
        response.writeShort(-1); // cluster id
        response.writeInt(1); // controller
        response.writeInt(0); // topics
      } else {
        return;
      }
      out.writeInt(body.size());
      body.writeTo(out);
      out.flush();
    }
  }
}
