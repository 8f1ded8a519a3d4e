package io.infraaware.kafka.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The few Kafka requests InfraAware speaks itself, without {@code kafka-clients}: {@code
 * ApiVersions} v0 (the probe) and {@code Metadata} v4 (which addresses the broker tells its
 * clients). Both use request header v1 and response header v0, which every broker since 1.0 reads.
 */
final class KafkaWire {

  static final short API_VERSIONS = 18;
  static final short METADATA = 3;
  static final String CLIENT_ID = "infraaware-probe";

  /** Correlation ids without a 0x0a byte, so that a line-based server never sees a line end. */
  static final int PROBE_CORRELATION = 0x49414b31;

  static final int METADATA_CORRELATION = 0x49414b32;

  /** Error code UNSUPPORTED_VERSION: still a Kafka broker, one that lists what it supports. */
  static final short UNSUPPORTED_VERSION = 35;

  private KafkaWire() {}

  /** A request: size, header v1 (key, version, correlation id, client id), body. */
  static byte[] request(short apiKey, short version, int correlation, byte[] body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      byte[] client = CLIENT_ID.getBytes(StandardCharsets.UTF_8);
      out.writeInt(2 + 2 + 4 + 2 + client.length + body.length);
      out.writeShort(apiKey);
      out.writeShort(version);
      out.writeInt(correlation);
      out.writeShort(client.length);
      out.write(client);
      out.write(body);
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
    return bytes.toByteArray();
  }

  /** ApiVersions v0: an empty body. */
  static byte[] apiVersions() {
    return request(API_VERSIONS, (short) 0, PROBE_CORRELATION, new byte[0]);
  }

  /** Metadata v4 for no topic (an empty array), without creating topics: only the brokers. */
  static byte[] metadata() {
    return request(METADATA, (short) 4, METADATA_CORRELATION, new byte[] {0, 0, 0, 0, 0});
  }

  /** A broker as the Metadata response lists it: where clients connect to. */
  record Broker(int nodeId, String host, int port) {
    String address() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /**
   * Asks {@code host:port} for its Metadata and returns the brokers it advertises.
   *
   * @throws IOException when the connection fails, or the answer is not a Metadata v4 response
   */
  static List<Broker> brokers(String host, int port, Duration timeout) throws IOException {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), millis);
      socket.setSoTimeout(millis);
      OutputStream out = socket.getOutputStream();
      out.write(metadata());
      out.flush();
      InputStream raw = socket.getInputStream();
      DataInputStream in = new DataInputStream(raw);
      int size = in.readInt();
      if (size < 16 || size > 16 * 1024 * 1024) {
        throw new IOException("announced a response of " + size + " bytes to a Metadata request");
      }
      byte[] body = new byte[size];
      in.readFully(body);
      DataInputStream response = new DataInputStream(new java.io.ByteArrayInputStream(body));
      int correlation = response.readInt();
      if (correlation != METADATA_CORRELATION) {
        throw new IOException("answered a Metadata request with another correlation id");
      }
      response.readInt(); // throttle_time_ms
      int count = response.readInt();
      if (count < 0 || count > 10_000) {
        throw new IOException("listed " + count + " brokers");
      }
      List<Broker> brokers = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int nodeId = response.readInt();
        String brokerHost = string(response);
        int brokerPort = response.readInt();
        string(response); // rack
        brokers.add(new Broker(nodeId, brokerHost, brokerPort));
      }
      return brokers;
    }
  }

  private static String string(DataInputStream in) throws IOException {
    short length = in.readShort();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
