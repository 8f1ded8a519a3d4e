package io.infraaware.redis.internal;

import io.infraaware.probe.DiagnosisCode;
import io.infraaware.probe.ProbeConnection;
import io.infraaware.probe.ProbeContext;
import io.infraaware.probe.ProbeFailure;
import io.infraaware.probe.ProbeResult;
import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Speaks RESP: {@code AUTH} when a password is configured, {@code SELECT} for a database index,
 * {@code PING} and {@code INFO server}, pipelined in one exchange.
 */
final class RedisProbe implements ServiceProbe {

  @Override
  public ProbeResult probe(ProbeContext context) throws IOException {
    ServiceEndpoint endpoint = context.endpoint();
    int database = database(endpoint);
    try {
      return exchange(context, database, true);
    } catch (LegacyAuth e) {
      // Redis before 6 knows only AUTH <password>
      return exchange(context, database, false);
    }
  }

  private ProbeResult exchange(ProbeContext context, int database, boolean withUser)
      throws IOException {
    ServiceEndpoint endpoint = context.endpoint();
    try (ProbeConnection connection = context.connectAsTheSchemeSays()) {
      ByteArrayOutputStream commands = new ByteArrayOutputStream();
      List<String> sent = new ArrayList<>();
      if (endpoint.password().isPresent()) {
        String password = endpoint.password().get();
        if (withUser) {
          commands.writeBytes(
              Resp.command("AUTH", endpoint.username().orElse("default"), password));
        } else {
          commands.writeBytes(Resp.command("AUTH", password));
        }
        sent.add("AUTH");
      }
      if (database != 0) {
        commands.writeBytes(Resp.command("SELECT", Integer.toString(database)));
        sent.add("SELECT");
      }
      commands.writeBytes(Resp.command("PING"));
      sent.add("PING");
      commands.writeBytes(Resp.command("INFO", "server"));
      sent.add("INFO");
      connection.send(commands.toByteArray(), "a " + String.join(", ", sent));
      byte[] first = connection.peek(64);
      if ("+-:$*%_,#!=(|~>".indexOf(first[0]) < 0) {
        throw context.mismatch(first);
      }
      String version = null;
      Resp.Source replies = source(connection);
      for (String command : sent) {
        Object reply = Resp.read(replies);
        if (reply instanceof Resp.Error error) {
          throw failure(context, command, error.message(), withUser);
        }
        if (command.equals("INFO") && reply instanceof String info) {
          version = version(info);
        }
      }
      return context.up(version);
    }
  }

  private static Resp.Source source(ProbeConnection connection) {
    return new Resp.Source() {
      @Override
      public String readLine() throws IOException {
        return connection.readLine();
      }

      @Override
      public byte[] readExactly(int length) throws IOException {
        return connection.readExactly(length);
      }
    };
  }

  private static int database(ServiceEndpoint endpoint) {
    String path = endpoint.path();
    if (path.isEmpty() || path.equals("/")) {
      return 0;
    }
    String index = path.substring(1);
    if (!index.matches("\\d{1,5}")) {
      throw new ProbeFailure(
          DiagnosisCode.RESOURCE_MISSING,
          "the path of " + endpoint.maskedUrl() + " is not a database number: [" + index + "]");
    }
    return Integer.parseInt(index);
  }

  private static ProbeFailure failure(
      ProbeContext context, String command, String error, boolean withUser) {
    String upper = error.toUpperCase(Locale.ROOT);
    String detail =
        context.endpoint().address()
            + " answered "
            + command
            + " with: "
            + context.endpoint().scrub(error);
    if (command.equals("AUTH") && withUser && upper.contains("WRONG NUMBER OF ARGUMENTS")) {
      throw new LegacyAuth();
    }
    if (upper.startsWith("NOAUTH")) {
      return new ProbeFailure(
          DiagnosisCode.AUTHENTICATION_REJECTED,
          "Redis at "
              + context.endpoint().address()
              + " requires a password and none is configured ("
              + error
              + ")");
    }
    if (upper.startsWith("WRONGPASS")
        || upper.contains("INVALID PASSWORD")
        || upper.contains("INVALID USERNAME-PASSWORD")
        || upper.contains("CALLED WITHOUT ANY PASSWORD CONFIGURED")
        || upper.startsWith("DENIED")
        || upper.startsWith("NOPERM")) {
      return new ProbeFailure(DiagnosisCode.AUTHENTICATION_REJECTED, detail);
    }
    if (command.equals("SELECT")) {
      return new ProbeFailure(DiagnosisCode.RESOURCE_MISSING, detail);
    }
    if (upper.startsWith("LOADING") || upper.startsWith("BUSY") || upper.startsWith("MASTERDOWN")) {
      return new ProbeFailure(DiagnosisCode.UNHEALTHY, detail);
    }
    return new ProbeFailure(DiagnosisCode.PROBE_FAILED, detail);
  }

  private static String version(String info) {
    if (info == null) {
      return null;
    }
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("redis_version:")) {
        return line.substring("redis_version:".length()).trim();
      }
    }
    return null;
  }

  /** Two-argument AUTH refused: a Redis before 6. */
  private static final class LegacyAuth extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LegacyAuth() {
      super(null, null, false, false);
    }
  }

  @Override
  public boolean recognises(byte[] answer) {
    return "+-:$*%_,#!=(|~>".indexOf(answer[0]) >= 0;
  }
}
