package io.infraaware.proxy;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Which way a fault acts, in Toxiproxy's words.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public enum Direction {
  /** From the client (the system under test) to the service. */
  UPSTREAM,
  /** From the service back to the client: Toxiproxy's default. */
  DOWNSTREAM;

  /**
   * The name on Toxiproxy's API.
   *
   * @return {@code upstream} or {@code downstream}
   */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
