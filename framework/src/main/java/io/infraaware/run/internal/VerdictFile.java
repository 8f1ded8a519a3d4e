package io.infraaware.run.internal;

import io.infraaware.probe.Diagnosis;
import io.infraaware.probe.DiagnosisCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A probe's verdict as one JVM of a build leaves it for the others: the JDK's data streams, which a
 * fresh JVM reads and writes without loading anything, since every fork pays for what it loads
 * before its first verdict.
 */
final class VerdictFile {

  private static final String FORMAT = "infraaware-verdict-1";

  private VerdictFile() {}

  static byte[] write(String key, Figures.Service service) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(FORMAT);
      out.writeUTF(key);
      out.writeLong(service.probedAt());
      out.writeUTF(service.name());
      out.writeUTF(service.kind());
      out.writeUTF(service.endpoint());
      out.writeUTF(service.status());
      out.writeLong(service.latencyMillis());
      optional(out, service.version());
      optional(out, service.note());
      optional(out, service.description());
      Diagnosis diagnosis = service.diagnosis();
      out.writeBoolean(diagnosis != null);
      if (diagnosis != null) {
        out.writeUTF(diagnosis.code().name());
        out.writeUTF(diagnosis.detail());
        out.writeUTF(diagnosis.hint());
      }
    }
    return bytes.toByteArray();
  }

  /**
   * The verdict in a file, if it is of this key and younger than the lifetime.
   *
   * @return the verdict, or empty when there is none to reuse (absent, old, another key,
   *     unreadable)
   */
  static Optional<Figures.Service> read(Path file, String key, Duration lifetime) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException none) {
      return Optional.empty();
    } catch (IOException unreadable) {
      return Optional.empty();
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (!FORMAT.equals(in.readUTF()) || !key.equals(in.readUTF())) {
        return Optional.empty();
      }
      long probedAt = in.readLong();
      long age = System.currentTimeMillis() - probedAt;
      if (age < 0 || age >= lifetime.toMillis()) {
        return Optional.empty();
      }
      String name = in.readUTF();
      String kind = in.readUTF();
      String endpoint = in.readUTF();
      String status = in.readUTF();
      long latency = in.readLong();
      String version = optional(in);
      String note = optional(in);
      String description = optional(in);
      Diagnosis diagnosis =
          in.readBoolean()
              ? new Diagnosis(DiagnosisCode.valueOf(in.readUTF()), in.readUTF(), in.readUTF())
              : null;
      return Optional.of(
          new Figures.Service(
              name,
              kind,
              endpoint,
              status,
              latency,
              version,
              note,
              diagnosis,
              description,
              probedAt,
              1,
              0,
              0,
              0,
              java.util.List.of()));
    } catch (IOException | IllegalArgumentException unreadable) {
      return Optional.empty();
    }
  }

  private static void optional(DataOutputStream out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeUTF(value);
    }
  }

  private static String optional(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
