package io.infraaware.mqtt.internal;

import io.infraaware.probe.DiagnosisCode;
import io.infraaware.probe.ProbeConnection;
import io.infraaware.probe.ProbeContext;
import io.infraaware.probe.ProbeFailure;
import io.infraaware.probe.ProbeResult;
import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Speaks MQTT 3.1.1's {@code CONNECT}/{@code CONNACK} with the configured credentials and reads the
 * return code; then {@code DISCONNECT}. MQTT tells no server version.
 */
final class MqttProbe implements ServiceProbe {

  @Override
  public ProbeResult probe(ProbeContext context) throws IOException {
    ServiceEndpoint endpoint = context.endpoint();
    try (ProbeConnection connection = context.connectAsTheSchemeSays()) {
      connection.send(connect(endpoint), "an MQTT CONNECT");
      connection.awaitAnswer(false);
      byte[] first = connection.peek(32);
      if ((first[0] & 0xff) != 0x20) {
        throw context.mismatch(first);
      }
      connection.readByte();
      int length = connection.readByte();
      if (length < 2) {
        throw context.mismatch(first);
      }
      byte[] body = connection.readExactly(length);
      int code = body[1] & 0xff;
      if (code == 0) {
        connection.send(new byte[] {(byte) 0xe0, 0}, "DISCONNECT");
        return context.up(null);
      }
      throw refused(context, code);
    }
  }

  private static ProbeFailure refused(ProbeContext context, int code) {
    String address = context.endpoint().address();
    switch (code) {
      case 1:
        return new ProbeFailure(
            DiagnosisCode.PROTOCOL_MISMATCH,
            "the MQTT broker at " + address + " refuses protocol 3.1.1 (CONNACK return code 1)");
      case 2:
        return new ProbeFailure(
            DiagnosisCode.PROBE_FAILED,
            "the MQTT broker at " + address + " rejected the client identifier (return code 2)");
      case 3:
        return new ProbeFailure(
            DiagnosisCode.UNHEALTHY,
            "the MQTT broker at " + address + " says the server is unavailable (return code 3)");
      case 4:
        return new ProbeFailure(
            DiagnosisCode.AUTHENTICATION_REJECTED,
            "the MQTT broker at "
                + address
                + " rejected the user name or password (CONNACK return code 4)");
      case 5:
        return new ProbeFailure(
            DiagnosisCode.AUTHENTICATION_REJECTED,
            "the MQTT broker at "
                + address
                + " says the client is not authorised (CONNACK return code 5)"
                + (context.endpoint().username().isEmpty()
                    ? "; no credentials are configured"
                    : ""));
      default:
        return new ProbeFailure(
            DiagnosisCode.PROBE_FAILED,
            "the MQTT broker at " + address + " refused with return code " + code);
    }
  }

  private static byte[] connect(ServiceEndpoint endpoint) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    string(body, "MQTT".getBytes(StandardCharsets.UTF_8));
    body.write(4); // protocol level 3.1.1
    int flags = 0x02; // clean session
    boolean user = endpoint.username().isPresent();
    boolean password = endpoint.password().isPresent() && user;
    if (user) {
      flags |= 0x80;
    }
    if (password) {
      flags |= 0x40;
    }
    body.write(flags);
    body.write(0);
    body.write(30); // keep-alive seconds
    string(
        body,
        ("infraaware-probe-" + Long.toHexString(ThreadLocalRandom.current().nextLong()))
            .getBytes(StandardCharsets.UTF_8));
    if (user) {
      string(body, endpoint.username().get().getBytes(StandardCharsets.UTF_8));
    }
    if (password) {
      string(body, endpoint.password().get().getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    packet.write(0x10);
    int remaining = body.size();
    do {
      int digit = remaining % 128;
      remaining /= 128;
      packet.write(remaining > 0 ? digit | 0x80 : digit);
    } while (remaining > 0);
    byte[] bytes = body.toByteArray();
    packet.write(bytes, 0, bytes.length);
    return packet.toByteArray();
  }

  private static void string(ByteArrayOutputStream out, byte[] bytes) {
    out.write(bytes.length >>> 8);
    out.write(bytes.length);
    out.write(bytes, 0, bytes.length);
  }

  @Override
  public boolean recognises(byte[] answer) {
    return (answer[0] & 0xff) == 0x20;
  }
}
