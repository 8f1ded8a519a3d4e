package io.infraaware.websocket.internal;

import io.infraaware.http.internal.HttpAnswer;
import io.infraaware.probe.DiagnosisCode;
import io.infraaware.probe.ProbeConnection;
import io.infraaware.probe.ProbeContext;
import io.infraaware.probe.ProbeFailure;
import io.infraaware.probe.ProbeResult;
import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Speaks the WebSocket opening handshake (RFC 6455): an HTTP upgrade request, a {@code 101} answer
 * whose {@code Sec-WebSocket-Accept} matches the key, then a normal close.
 */
final class WebSocketProbe implements ServiceProbe {

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public ProbeResult probe(ProbeContext context) throws IOException {
    ServiceEndpoint endpoint = context.endpoint();
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    try (ProbeConnection connection = context.connectAsTheSchemeSays()) {
      String target = endpoint.pathAndQuery().isEmpty() ? "/" : endpoint.pathAndQuery();
      int fragment = target.indexOf('#');
      connection.send(
          HttpAnswer.request(
              endpoint,
              fragment < 0 ? target : target.substring(0, fragment),
              "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                  + key
                  + "\r\nSec-WebSocket-Version: 13\r\n"),
          "a WebSocket upgrade request");
      HttpAnswer answer = HttpAnswer.read(context, connection, false);
      String detail =
          "the WebSocket handshake with " + endpoint.maskedUrl() + " got HTTP " + answer.status();
      int status = answer.status();
      if (status == 101) {
        String accept = answer.header("Sec-WebSocket-Accept").orElse("");
        if (!accept.equals(accept(key))) {
          throw new ProbeFailure(
              DiagnosisCode.PROTOCOL_MISMATCH,
              detail + " with a Sec-WebSocket-Accept that does not match the key");
        }
        connection.send(closeFrame(), "a close frame");
        return context.up(answer.header("Server").orElse(null));
      }
      if (status == 401 || status == 403) {
        throw new ProbeFailure(DiagnosisCode.AUTHENTICATION_REJECTED, detail);
      }
      if (status == 404 || status == 410) {
        throw new ProbeFailure(DiagnosisCode.RESOURCE_MISSING, detail);
      }
      if (status >= 500) {
        throw new ProbeFailure(DiagnosisCode.UNHEALTHY, detail);
      }
      throw new ProbeFailure(
          DiagnosisCode.PROTOCOL_MISMATCH, detail + " instead of switching to WebSocket (101)");
    }
  }

  private static String accept(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1")
              .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK has no SHA-1", e);
    }
  }

  /** A masked close frame with status 1000, as a client must send it. */
  private static byte[] closeFrame() {
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    byte[] payload = {0x03, (byte) 0xe8};
    return new byte[] {
      (byte) 0x88,
      (byte) 0x82,
      mask[0],
      mask[1],
      mask[2],
      mask[3],
      (byte) (payload[0] ^ mask[0]),
      (byte) (payload[1] ^ mask[1])
    };
  }

  @Override
  public boolean recognises(byte[] answer) {
    return new String(answer, StandardCharsets.ISO_8859_1).startsWith("HTTP/");
  }
}
