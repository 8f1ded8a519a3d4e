package io.infraaware.run.internal;

import io.infraaware.spi.ServiceKindProvider;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Whether a test's failure says a connection failed, as opposed to an answer the test did not like:
 * the JDK's network exceptions, SQL's connection states, the well-known clients' connection
 * exceptions (by name, so none of them must be on the class path), and what each kind's provider
 * says of its own client's.
 */
public final class ConnectionFailures {

  /** Clients' exceptions that mean the connection failed, by class name. */
  private static final Set<String> CLIENT_FAILURES =
      Set.of(
          "io.lettuce.core.RedisConnectionException",
          "io.lettuce.core.RedisCommandTimeoutException",
          "io.netty.channel.ConnectTimeoutException",
          "io.netty.channel.AbstractChannel$AnnotatedConnectException",
          "io.netty.channel.unix.Errors$NativeIoException",
          "com.zaxxer.hikari.pool.HikariPool$PoolInitializationException",
          "com.rabbitmq.client.AlreadyClosedException",
          "com.rabbitmq.client.ShutdownSignalException",
          "java.net.http.HttpConnectTimeoutException",
          "java.net.http.HttpTimeoutException");

  /** Words of a client's message that mean the connection went, where its type says nothing. */
  private static final List<String> CLOSED_WORDS =
      List.of("connection closed", "connection reset", "broken pipe", "connection refused");

  private ConnectionFailures() {}

  /**
   * The exceptions of a failure's cause chain (suppressed ones too), each once.
   *
   * @param failure the failure
   * @return its chain, the failure first
   */
  public static List<Throwable> chain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    List<Throwable> pending = new ArrayList<>();
    pending.add(failure);
    while (!pending.isEmpty() && chain.size() < 50) {
      Throwable next = pending.remove(0);
      if (next == null || seen.put(next, Boolean.TRUE) != null) {
        continue;
      }
      chain.add(next);
      pending.add(next.getCause());
      pending.addAll(List.of(next.getSuppressed()));
    }
    return chain;
  }

  /**
   * Whether the failure says a connection failed.
   *
   * @param failure the failure
   * @param providers the kinds' providers, asked about their clients' exceptions
   * @return true for a connection-level failure
   */
  public static boolean isConnectionLevel(
      Throwable failure, Collection<ServiceKindProvider> providers) {
    for (Throwable cause : chain(failure)) {
      if (isConnectionLevel(cause)) {
        return true;
      }
      for (ServiceKindProvider provider : providers) {
        if (provider.isConnectionFailure(cause)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isConnectionLevel(Throwable cause) {
    if (cause instanceof ConnectException
        || cause instanceof NoRouteToHostException
        || cause instanceof UnknownHostException
        || cause instanceof SocketTimeoutException
        || cause instanceof SocketException
        || cause instanceof EOFException
        || cause instanceof ClosedChannelException
        || cause instanceof SSLException
        || cause instanceof SQLTransientConnectionException
        || cause instanceof SQLNonTransientConnectionException
        || cause instanceof SQLRecoverableException) {
      return true;
    }
    if (cause instanceof SQLException sql && sql.getSQLState() != null) {
      String state = sql.getSQLState();
      // class 08: connection exception; PostgreSQL's 57P01..57P03: shut down, crashed, starting
      if (state.startsWith("08") || state.startsWith("57P0")) {
        return true;
      }
    }
    for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
      if (CLIENT_FAILURES.contains(type.getName())) {
        return true;
      }
    }
    String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
    return cause.getClass().getName().startsWith("io.lettuce.")
        && CLOSED_WORDS.stream().anyMatch(message::contains);
  }

  /**
   * Whether any message of the failure names an address: {@code 127.0.0.1:5432}, also as a client
   * writes it ({@code 127.0.0.1/<unresolved>:6379}, {@code localhost/127.0.0.1:6379}).
   *
   * @param failure the failure
   * @param host the host
   * @param port the port
   * @return true when a message names it
   */
  public static boolean names(Throwable failure, String host, int port) {
    String suffix = ":" + port;
    for (Throwable cause : chain(failure)) {
      String message = cause.getMessage();
      if (message == null) {
        continue;
      }
      for (int at = message.indexOf(suffix); at >= 0; at = message.indexOf(suffix, at + 1)) {
        int end = at + suffix.length();
        boolean wholePort = end == message.length() || !Character.isDigit(message.charAt(end));
        if (wholePort && message.substring(0, at).contains(host)) {
          return true;
        }
      }
    }
    return false;
  }
}
