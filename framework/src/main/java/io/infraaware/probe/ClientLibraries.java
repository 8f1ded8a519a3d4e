package io.infraaware.probe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * Whether optional client libraries are on the class path, asked without initialising them.
 *
 * @since 0.1.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class ClientLibraries {

  private static final Map<String, Boolean> PRESENT = new ConcurrentHashMap<>();

  private ClientLibraries() {}

  /**
   * Whether a class can be loaded by InfraAware's class loader or the thread's.
   *
   * @param className e.g. {@code org.postgresql.Driver}
   * @return true when present
   */
  public static boolean isPresent(String className) {
    return PRESENT.computeIfAbsent(className, ClientLibraries::load);
  }

  private static boolean load(String className) {
    for (ClassLoader loader :
        new ClassLoader[] {
          ClientLibraries.class.getClassLoader(), Thread.currentThread().getContextClassLoader()
        }) {
      if (loader == null) {
        continue;
      }
      try {
        Class.forName(className, false, loader);
        return true;
      } catch (ClassNotFoundException | LinkageError e) {
        // try the next loader
      }
    }
    return false;
  }

  /**
   * Throws, naming the artifact to add, unless a class is present: for client parameters whose
   * library is missing.
   *
   * @param className the class to look for
   * @param artifact what to add, e.g. {@code org.postgresql:postgresql}
   * @param purpose e.g. {@code for a DataSource parameter of [db]}
   * @throws IllegalStateException when the class is missing
   */
  public static void require(String className, String artifact, String purpose) {
    if (!isPresent(className)) {
      throw new IllegalStateException(
          "InfraAware needs "
              + artifact
              + " "
              + purpose
              + ": add "
              + artifact
              + " to your test dependencies");
    }
  }
}
