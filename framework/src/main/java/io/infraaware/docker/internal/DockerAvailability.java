package io.infraaware.docker.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apiguardian.api.API;

/**
 * Tells whether a Docker engine can be used, asking Testcontainers once and never throwing.
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class DockerAvailability {

  private static final DockerAvailability SYSTEM =
      new DockerAvailability(DockerAvailability::askTestcontainers);

  private final BooleanSupplier detector;
  private volatile Boolean available;

  private DockerAvailability(BooleanSupplier detector) {
    this.detector = detector;
  }

  /**
   * A detector that asks {@code detector} instead of Testcontainers: the seam for tests that need
   * Docker to look present or absent.
   *
   * @param detector answers whether Docker is available; exceptions count as no
   * @return the detector
   */
  public static DockerAvailability using(BooleanSupplier detector) {
    return new DockerAvailability(detector);
  }

  /**
   * The detector backed by Testcontainers' Docker discovery.
   *
   * @return the shared instance
   */
  public static DockerAvailability system() {
    return SYSTEM;
  }

  /**
   * Whether Docker is available; the first call asks (bounded to 10 s), later calls remember.
   *
   * @return true when Testcontainers found a working Docker environment
   */
  public boolean isAvailable() {
    Boolean known = available;
    if (known == null) {
      synchronized (this) {
        known = available;
        if (known == null) {
          known = detect();
          available = known;
        }
      }
    }
    return known;
  }

  private boolean detect() {
    try {
      return CompletableFuture.supplyAsync(detector::getAsBoolean)
          .completeOnTimeout(false, 10, TimeUnit.SECONDS)
          .get();
    } catch (Exception | LinkageError e) {
      return false;
    }
  }

  private static boolean askTestcontainers() {
    try {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }
}
