package io.infraaware.probe.internal;

import java.nio.charset.StandardCharsets;
import org.apiguardian.api.API;

/** Shows a peer's unexpected bytes in a diagnosis, and guesses what answered. */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class Answers {

  private static final String RESP_TYPES = "+-:$*%_,#!=(|~>";

  private Answers() {}

  /**
   * The first bytes as a quoted, printable string, e.g. {@code "SSH-2.0\x0d\x0a"}.
   *
   * @param bytes the bytes
   * @return the text
   */
  public static String printable(byte[] bytes) {
    StringBuilder text = new StringBuilder("\"");
    for (int i = 0; i < Math.min(bytes.length, 32); i++) {
      char c = (char) (bytes[i] & 0xff);
      if (c >= 32 && c < 127) {
        text.append(c);
      } else {
        text.append(String.format("\\x%02x", (int) c));
      }
    }
    return text.append(bytes.length > 32 ? "...\"" : "\"").toString();
  }

  /**
   * What the bytes look like, e.g. {@code " (an HTTP server)"}, or empty.
   *
   * @param bytes the first bytes a peer sent
   * @return the guess with a leading space, or empty
   */
  public static String guess(byte[] bytes) {
    if (bytes.length == 0) {
      return "";
    }
    String start = new String(bytes, StandardCharsets.ISO_8859_1);
    if (start.startsWith("HTTP/")) {
      return " (an HTTP server)";
    }
    if (start.startsWith("SSH-")) {
      return " (an SSH server)";
    }
    if (start.startsWith("AMQP")) {
      return " (an AMQP broker)";
    }
    if (start.startsWith("INFO {")) {
      return " (looks like NATS)";
    }
    if (start.startsWith("220 ") || start.startsWith("220-")) {
      return " (an SMTP or FTP server)";
    }
    if (bytes.length >= 5 && bytes[3] == 0 && bytes[4] == 10) {
      return " (looks like MySQL or MariaDB)";
    }
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x20 && bytes[1] == 2) {
      return " (looks like an MQTT broker)";
    }
    if (RESP_TYPES.indexOf(bytes[0]) >= 0) {
      return " (looks like Redis)";
    }
    if (bytes.length == 1 && (bytes[0] == 'N' || bytes[0] == 'S')) {
      return " (looks like PostgreSQL)";
    }
    if (bytes[0] == 'E' || bytes[0] == 'R') {
      return " (looks like PostgreSQL)";
    }
    return "";
  }
}
