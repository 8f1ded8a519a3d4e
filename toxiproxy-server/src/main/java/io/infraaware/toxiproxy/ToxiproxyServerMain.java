package io.infraaware.toxiproxy;

import static org.apiguardian.api.API.Status.STABLE;

import io.infraaware.toxiproxy.internal.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.apiguardian.api.API;

/**
 * {@code java -jar infraaware-toxiproxy.jar [-host 127.0.0.1] [-port 8474] [-config proxies.json]
 * [-seed N] [-proxy-metrics]}: a drop-in for {@code toxiproxy-server}, with its flags.
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public final class ToxiproxyServerMain {

  private static final String USAGE =
      "usage: java -jar infraaware-toxiproxy.jar [-host 127.0.0.1] [-port 8474]"
          + " [-config proxies.json] [-seed N] [-proxy-metrics] [-runtime-metrics] [-version]";

  private ToxiproxyServerMain() {}

  /**
   * Starts the server and runs until the process is stopped.
   *
   * @param args the flags
   * @throws InterruptedException never in practice; the main thread waits forever
   */
  public static void main(String[] args) throws InterruptedException {
    if (Arrays.asList(args).contains("-version") || Arrays.asList(args).contains("--version")) {
      System.out.println(Api.VERSION + " (infraaware-toxiproxy)");
      return;
    }
    ToxiproxyServer server;
    try {
      server = parse(args).start();
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      System.err.println("infraaware-toxiproxy: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "toxiproxy-shutdown"));
    System.out.println("infraaware-toxiproxy " + Api.VERSION + " API listening on " + server.uri());
    new CountDownLatch(1).await();
  }

  /**
   * Reads the flags as Go's flag package does ({@code -flag value}, {@code -flag=value}, one or two
   * dashes); the defaults are the real server's, loopback and port 8474.
   *
   * @throws IllegalArgumentException naming the flag and value that are wrong
   */
  static ToxiproxyServer.Builder parse(String[] args) {
    ToxiproxyServer.Builder builder = ToxiproxyServer.builder().port(8474);
    for (int i = 0; i < args.length; i++) {
      String flag = args[i].replaceFirst("^--?", "");
      String value = null;
      int equals = flag.indexOf('=');
      if (equals >= 0) {
        value = flag.substring(equals + 1);
        flag = flag.substring(0, equals);
      }
      if (!args[i].startsWith("-")) {
        throw new IllegalArgumentException("unexpected argument \"" + args[i] + "\"");
      }
      switch (flag) {
        case "proxy-metrics":
          builder = builder.proxyMetrics(value == null || bool(flag, value));
          continue;
        case "runtime-metrics":
          continue; // accepted for compatibility: a JVM has no Go runtime to report
        case "host":
        case "port":
        case "config":
        case "seed":
          break;
        default:
          throw new IllegalArgumentException("flag provided but not defined: -" + flag);
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("flag needs an argument: -" + flag);
        }
        value = args[++i];
      }
      builder = apply(builder, flag, value);
    }
    return builder;
  }

  private static ToxiproxyServer.Builder apply(
      ToxiproxyServer.Builder builder, String flag, String value) {
    switch (flag) {
      case "host":
        if (value.isBlank()) {
          throw invalid(flag, value);
        }
        return builder.host(value);
      case "port":
        return builder.port((int) number(flag, value, 0, 65535));
      case "config":
        if (!Files.isReadable(Path.of(value))) {
          throw new IllegalArgumentException(
              "invalid value \"" + value + "\" for flag -config: no such readable file");
        }
        return builder.config(Path.of(value));
      default:
        return builder.seed(number(flag, value, Long.MIN_VALUE, Long.MAX_VALUE));
    }
  }

  private static long number(String flag, String value, long min, long max) {
    try {
      long number = Long.parseLong(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(flag, value);
  }

  private static boolean bool(String flag, String value) {
    if (value.equals("true") || value.equals("false")) {
      return Boolean.parseBoolean(value);
    }
    throw invalid(flag, value);
  }

  private static IllegalArgumentException invalid(String flag, String value) {
    return new IllegalArgumentException(
        "invalid value \"" + value + "\" for flag -" + flag + ": parse error");
  }
}
