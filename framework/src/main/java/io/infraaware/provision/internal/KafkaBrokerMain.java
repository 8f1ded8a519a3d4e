package io.infraaware.provision.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * The main class of the child JVM that runs a provisioned Kafka broker: it formats the broker's
 * storage (KRaft) unless it is formatted, then runs {@code kafka.Kafka}, and halts when its parent,
 * the test JVM, closes its standard input, which it does by ending, even when it is killed.
 *
 * <p>Kafka's classes are reached by name: only the child JVM loads them (and Scala).
 *
 * @since 0.2.0
 */
@API(status = API.Status.INTERNAL, since = "0.2.0")
public final class KafkaBrokerMain {

  private KafkaBrokerMain() {}

  /**
   * Formats and runs the broker.
   *
   * @param args the broker's properties file, and the cluster id
   * @throws Exception when the broker cannot be started
   */
  public static void main(String[] args) throws Exception {
    Thread watch =
        new Thread(
            () -> {
              InputStream in = System.in;
              try {
                while (in.read() >= 0) {
                  // nothing is sent: only the end counts
                }
              } catch (IOException e) {
                // the pipe broke: the parent is gone
              }
              Runtime.getRuntime().halt(0);
            },
            "infraaware-parent-watch");
    watch.setDaemon(true);
    watch.start();
    Path properties = Path.of(args[0]);
    String clusterId = args[1];
    Path logDir = Path.of(args[2]);
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      Object code =
          Class.forName("kafka.tools.StorageTool")
              .getMethod("execute", String[].class, PrintStream.class)
              .invoke(
                  null,
                  new String[] {"format", "-t", clusterId, "-c", properties.toString()},
                  System.out);
      if (!Integer.valueOf(0).equals(code)) {
        System.err.println("formatting the broker's storage failed with " + code);
        Runtime.getRuntime().halt(2);
      }
    }
    Class.forName("kafka.Kafka")
        .getMethod("main", String[].class)
        .invoke(null, (Object) new String[] {properties.toString()});
  }
}
