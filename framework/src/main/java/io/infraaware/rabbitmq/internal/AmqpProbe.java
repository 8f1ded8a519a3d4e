package io.infraaware.rabbitmq.internal;

import io.infraaware.probe.DiagnosisCode;
import io.infraaware.probe.ProbeConnection;
import io.infraaware.probe.ProbeContext;
import io.infraaware.probe.ProbeFailure;
import io.infraaware.probe.ProbeResult;
import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Speaks AMQP 0-9-1's opening: the protocol header, {@code Connection.Start} (the broker's
 * version), a {@code PLAIN} login, {@code Connection.Tune} and {@code Connection.Open} of the
 * virtual host, then a clean {@code Connection.Close}.
 */
final class AmqpProbe implements ServiceProbe {

  private static final byte[] HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};
  private static final int FRAME_METHOD = 1;
  private static final int FRAME_END = 0xce;
  private static final int CONNECTION = 10;

  @Override
  public ProbeResult probe(ProbeContext context) throws IOException {
    ServiceEndpoint endpoint = context.endpoint();
    try (ProbeConnection connection = context.connectAsTheSchemeSays()) {
      connection.send(HEADER, "the AMQP 0-9-1 protocol header");
      connection.awaitAnswer(false);
      byte[] first = connection.peek(32);
      if (first[0] == 'A') {
        byte[] header = connection.readExactly(8);
        throw new ProbeFailure(
            DiagnosisCode.PROTOCOL_MISMATCH,
            endpoint.address()
                + " speaks AMQP "
                + header[5]
                + "-"
                + header[6]
                + "-"
                + header[7]
                + ", not 0-9-1: is it an AMQP 1.0 broker?");
      }
      if (first[0] != FRAME_METHOD) {
        throw context.mismatch(first);
      }
      ByteBuffer start = method(context, connection, first);
      int classId = start.getShort() & 0xffff;
      int methodId = start.getShort() & 0xffff;
      if (classId != CONNECTION || methodId != 10) {
        throw context.mismatch(first);
      }
      start.get(); // version major
      start.get(); // version minor
      String version = serverVersion(start);
      context.version(version);
      String user = endpoint.username().orElse("guest");
      String password = endpoint.password().orElse(endpoint.username().isPresent() ? "" : "guest");
      connection.send(startOk(user, password), "a PLAIN login (Connection.StartOk)");
      ByteBuffer tune = expect(context, connection, 30, "the login");
      int channelMax = tune.getShort() & 0xffff;
      int frameMax = tune.getInt();
      connection.send(
          frame(
              CONNECTION,
              31,
              out -> {
                out.putShort((short) channelMax);
                out.putInt(frameMax);
                out.putShort((short) 0);
              }),
          "Connection.TuneOk");
      String vhost = virtualHost(endpoint);
      connection.send(
          frame(
              CONNECTION,
              40,
              out -> {
                shortString(out, vhost);
                shortString(out, "");
                out.put((byte) 0);
              }),
          "Connection.Open of virtual host [" + vhost + "]");
      expect(context, connection, 41, "virtual host [" + vhost + "]");
      connection.send(
          frame(
              CONNECTION,
              50,
              out -> {
                out.putShort((short) 200);
                shortString(out, "infraaware probe");
                out.putShort((short) 0);
                out.putShort((short) 0);
              }),
          "Connection.Close");
      return context.up(version);
    }
  }

  /** The vhost as RabbitMQ's clients read it; a bare {@code /} path means the default vhost. */
  static String virtualHost(ServiceEndpoint endpoint) {
    String path = endpoint.path();
    if (path.length() <= 1) {
      return "/";
    }
    return java.net.URLDecoder.decode(
        path.substring(1).replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static ByteBuffer expect(
      ProbeContext context, ProbeConnection connection, int wanted, String what)
      throws IOException {
    ByteBuffer payload = method(context, connection, connection.peek(1));
    int classId = payload.getShort() & 0xffff;
    int methodId = payload.getShort() & 0xffff;
    if (classId == CONNECTION && methodId == 50) {
      int code = payload.getShort() & 0xffff;
      String text = shortString(payload);
      String detail =
          context.endpoint().address()
              + " closed the connection after "
              + what
              + ": "
              + code
              + " "
              + context.endpoint().scrub(text);
      DiagnosisCode diagnosis;
      if (code == 403) {
        diagnosis = DiagnosisCode.AUTHENTICATION_REJECTED;
      } else if (code == 530 || code == 404) {
        diagnosis =
            text.contains("not found") || text.contains("vhost")
                ? DiagnosisCode.RESOURCE_MISSING
                : DiagnosisCode.AUTHENTICATION_REJECTED;
      } else {
        diagnosis = DiagnosisCode.UNHEALTHY;
      }
      throw new ProbeFailure(diagnosis, detail);
    }
    if (classId != CONNECTION || methodId != wanted) {
      throw new ProbeFailure(
          DiagnosisCode.PROBE_FAILED,
          context.endpoint().address()
              + " answered "
              + what
              + " with method "
              + classId
              + "."
              + methodId
              + " instead of "
              + CONNECTION
              + "."
              + wanted);
    }
    return payload;
  }

  private static ByteBuffer method(ProbeContext context, ProbeConnection connection, byte[] first)
      throws IOException {
    int type = connection.readByte();
    connection.readByte();
    connection.readByte(); // channel
    int size = connection.readInt();
    if (type != FRAME_METHOD || size < 4 || size > 1 << 20) {
      throw context.mismatch(first);
    }
    byte[] payload = connection.readExactly(size);
    if (connection.readByte() != FRAME_END) {
      throw context.mismatch(first);
    }
    return ByteBuffer.wrap(payload);
  }

  private static String serverVersion(ByteBuffer start) {
    int tableLength = start.getInt();
    int end = start.position() + tableLength;
    String product = null;
    String version = null;
    while (start.position() < end) {
      String name = shortString(start);
      char type = (char) start.get();
      if (type == 'S') {
        byte[] value = new byte[start.getInt()];
        start.get(value);
        if (name.equals("version")) {
          version = new String(value, StandardCharsets.UTF_8);
        } else if (name.equals("product")) {
          product = new String(value, StandardCharsets.UTF_8);
        }
      } else {
        skip(start, type);
      }
    }
    if (version == null) {
      return null;
    }
    return product == null || product.equalsIgnoreCase("RabbitMQ")
        ? version
        : product + " " + version;
  }

  private static void skip(ByteBuffer in, char type) {
    switch (type) {
      case 't':
      case 'b':
      case 'B':
        in.get();
        break;
      case 's':
      case 'u':
        in.getShort();
        break;
      case 'I':
      case 'i':
      case 'f':
        in.getInt();
        break;
      case 'l':
      case 'd':
      case 'T':
        in.getLong();
        break;
      case 'D':
        in.get();
        in.getInt();
        break;
      case 'V':
        break;
      default: // 'S', 'x', 'A', 'F': a length and bytes
        int length = in.getInt();
        in.position(in.position() + length);
        break;
    }
  }

  private static byte[] startOk(String user, String password) {
    return frame(
        CONNECTION,
        11,
        out -> {
          // client properties: ask the broker to say why a login fails instead of hanging up
          ByteBuffer capabilities = ByteBuffer.allocate(64);
          shortString(capabilities, "authentication_failure_close");
          capabilities.put((byte) 't').put((byte) 1);
          ByteBuffer properties = ByteBuffer.allocate(256);
          shortString(properties, "product");
          properties.put((byte) 'S');
          longString(properties, "infraaware-probe".getBytes(StandardCharsets.UTF_8));
          shortString(properties, "capabilities");
          properties.put((byte) 'F');
          properties.putInt(capabilities.position());
          properties.put(capabilities.array(), 0, capabilities.position());
          out.putInt(properties.position());
          out.put(properties.array(), 0, properties.position());
          shortString(out, "PLAIN");
          longString(out, ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
          shortString(out, "en_US");
        });
  }

  private interface Body {
    void write(ByteBuffer out);
  }

  private static byte[] frame(int classId, int methodId, Body body) {
    ByteBuffer payload = ByteBuffer.allocate(4096);
    payload.putShort((short) classId);
    payload.putShort((short) methodId);
    body.write(payload);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(7);
    header.put((byte) FRAME_METHOD).putShort((short) 0).putInt(payload.position());
    frame.write(header.array(), 0, 7);
    frame.write(payload.array(), 0, payload.position());
    frame.write(FRAME_END);
    return frame.toByteArray();
  }

  private static void shortString(ByteBuffer out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.put((byte) Math.min(255, bytes.length));
    out.put(bytes, 0, Math.min(255, bytes.length));
  }

  private static String shortString(ByteBuffer in) {
    byte[] bytes = new byte[in.get() & 0xff];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void longString(ByteBuffer out, byte[] bytes) {
    out.putInt(bytes.length);
    out.put(bytes);
  }

  @Override
  public boolean recognises(byte[] answer) {
    return answer.length >= 4
        && answer[0] == 'A'
        && answer[1] == 'M'
        && answer[2] == 'Q'
        && answer[3] == 'P';
  }
}
