package io.infraaware.kafka.internal;

import io.infraaware.probe.DiagnosisCode;
import io.infraaware.probe.ProbeConnection;
import io.infraaware.probe.ProbeContext;
import io.infraaware.probe.ProbeFailure;
import io.infraaware.probe.ProbeResult;
import io.infraaware.probe.ServiceProbe;
import java.io.IOException;

/**
 * Speaks Kafka's {@code ApiVersions} v0, the first request every Kafka client sends: a broker
 * answers with the versions of each API it supports (or, should it no longer read v0, with error 35
 * and the same list). Up only on such an answer: the correlation id sent back, and a list that
 * holds ApiVersions itself. Kafka tells no server version in it.
 */
final class KafkaProbe implements ServiceProbe {

  @Override
  public ProbeResult probe(ProbeContext context) throws IOException {
    try (ProbeConnection connection = context.connect()) {
      connection.send(KafkaWire.apiVersions(), "an ApiVersions request");
      connection.awaitAnswer(false);
      byte[] first = connection.peek(64);
      if (first.length >= 4 && !plausibleSize(first)) {
        throw context.mismatch(first);
      }
      int size = connection.readInt();
      if (size < 10 || size > 1024 * 1024) {
        throw context.mismatch(first);
      }
      byte[] body = connection.readExactly(size);
      java.nio.ByteBuffer response = java.nio.ByteBuffer.wrap(body);
      if (response.getInt() != KafkaWire.PROBE_CORRELATION) {
        throw context.mismatch(first);
      }
      short error = response.getShort();
      int count = response.getInt();
      if (count < 0 || count > 1000 || response.remaining() < 6L * count) {
        throw context.mismatch(first);
      }
      boolean listsApiVersions = false;
      for (int i = 0; i < count; i++) {
        short key = response.getShort();
        short min = response.getShort();
        short max = response.getShort();
        if (key == KafkaWire.API_VERSIONS && min >= 0 && max >= min) {
          listsApiVersions = true;
        }
      }
      if (error != 0 && error != KafkaWire.UNSUPPORTED_VERSION) {
        throw new ProbeFailure(
            DiagnosisCode.PROBE_FAILED,
            context.endpoint().address()
                + " answered the ApiVersions request with Kafka error code "
                + error);
      }
      if (!listsApiVersions) {
        throw new ProbeFailure(
            DiagnosisCode.PROTOCOL_MISMATCH,
            context.endpoint().address()
                + " answered in Kafka's framing, but its ApiVersions response lists no"
                + " ApiVersions API: not a Kafka broker");
      }
      return context.up(null);
    }
  }

  /** A Kafka response starts with its size (small) and our correlation id. */
  private static boolean plausibleSize(byte[] first) {
    int size =
        ((first[0] & 0xff) << 24)
            | ((first[1] & 0xff) << 16)
            | ((first[2] & 0xff) << 8)
            | (first[3] & 0xff);
    if (size < 10 || size > 1024 * 1024) {
      return false;
    }
    if (first.length >= 8) {
      int correlation =
          ((first[4] & 0xff) << 24)
              | ((first[5] & 0xff) << 16)
              | ((first[6] & 0xff) << 8)
              | (first[7] & 0xff);
      return correlation == KafkaWire.PROBE_CORRELATION;
    }
    return true;
  }
}
