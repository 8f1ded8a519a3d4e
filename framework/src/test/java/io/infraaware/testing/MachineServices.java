package io.infraaware.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's services that the framework's own integration tests talk to directly (they test the
 * probes, so they cannot lean on the extension): a test whose service is not running is skipped
 * with a reason, and fails instead when {@code infra.mode=require}, as CI runs.
 */
public final class MachineServices {

  private MachineServices() {}

  /** Skips (or, in require mode, fails) unless something listens on 127.0.0.1:{@code port}. */
  public static void require(String service, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
    } catch (IOException e) {
      String reason =
          service + " is not running on 127.0.0.1:" + port + " (" + e.getMessage() + ")";
      if (requireMode()) {
        Assertions.fail(reason + " [failing instead of skipping: infra.mode=require]");
      }
      Assumptions.abort(reason);
    }
  }

  private static boolean requireMode() {
    String mode =
        Optional.ofNullable(System.getProperty("infra.mode"))
            .orElseGet(() -> Optional.ofNullable(System.getenv("INFRA_MODE")).orElse("skip"));
    return mode.trim().toLowerCase(Locale.ROOT).equals("require");
  }
}
