package io.infraaware.redis.internal;

import io.infraaware.service.ServiceEndpoint;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Redis logical database of the run's own on a shared server. Database {@code n} is the run's
 * while the claim key {@code infraaware:isolation:db:n} in database 0 names the run and the
 * connection that claimed it (named after the run) is open: a killed JVM's connection closes with
 * it, and the next run that finds a claim whose owner has no connection flushes that database. The
 * claims live in database 0, out of the tests' way (a test may flush its own database). A database
 * that holds keys but has no claim is someone else's and is never touched. Claims and collections
 * are optimistic transactions on the claim key ({@code WATCH}), so two runs never take one
 * database.
 */
public final class RedisDatabase implements AutoCloseable {

  /** The prefix of the keys, in database 0, that name each database's run. */
  public static final String CLAIM = "infraaware:isolation:db:";

  private static final String CLIENT_PREFIX = "infraaware-isolation-";

  private final Lease lease;
  private final String run;
  private final int index;

  private RedisDatabase(Lease lease, String run, int index) {
    this.lease = lease;
    this.run = run;
    this.index = index;
  }

  /**
   * Claims the lowest free database, after flushing those of runs that are gone.
   *
   * @param endpoint the server, with its credentials
   * @param run the run's name
   * @param timeout for connecting and each answer
   * @return the claim; its connection stays open until {@link #close()}
   * @throws IOException when the server cannot be reached or refuses a command
   */
  public static RedisDatabase claim(ServiceEndpoint endpoint, String run, Duration timeout)
      throws IOException {
    Lease lease = Lease.open(endpoint, timeout);
    try {
      lease.call("CLIENT", "SETNAME", CLIENT_PREFIX + run);
      int databases = databases(lease);
      if (databases < 2) {
        throw new IOException(
            "the server has "
                + databases
                + " database(s): a run needs one besides database 0 (cluster mode has only 0)");
      }
      Set<String> live = liveRuns(lease);
      int claimed = -1;
      for (int index = 1; index < databases; index++) {
        String claim = CLAIM + index;
        lease.call("SELECT", "0");
        lease.call("WATCH", claim);
        Object owner = lease.call("GET", claim);
        boolean free;
        if (owner == null) {
          lease.call("SELECT", Integer.toString(index));
          free = claimed < 0 && ((Long) lease.call("DBSIZE")) == 0;
        } else {
          // a run that claimed after the list was read is alive too: read it again before
          // calling a run gone
          free = !live.contains((String) owner) && !(live = liveRuns(lease)).contains(owner);
        }
        if (!free) {
          lease.call("UNWATCH");
          continue;
        }
        // a gone run's database is flushed whether or not it is taken
        boolean take = claimed < 0;
        lease.call("MULTI");
        if (owner != null) {
          lease.call("SELECT", Integer.toString(index));
          lease.call("FLUSHDB");
        }
        lease.call("SELECT", "0");
        if (take) {
          lease.call("SET", claim, run);
        } else {
          lease.call("DEL", claim);
        }
        Object done = lease.call("EXEC");
        if (done != null && take) {
          claimed = index;
        }
      }
      if (claimed < 0) {
        throw new IOException(
            "every database from 1 to "
                + (databases - 1)
                + " holds keys or belongs to a running run");
      }
      return new RedisDatabase(lease, run, claimed);
    } catch (IOException | RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  private static int databases(Lease lease) throws IOException {
    try {
      Object reply = lease.call("CONFIG", "GET", "databases");
      if (reply instanceof List<?> pair && pair.size() == 2) {
        return Integer.parseInt(String.valueOf(pair.get(1)));
      }
    } catch (Lease.ErrorReply refused) {
      // CONFIG is often not allowed (managed Redis, ACLs): Redis's default then
    }
    return 16;
  }

  private static Set<String> liveRuns(Lease lease) throws IOException {
    Set<String> live = new HashSet<>();
    String clients = (String) lease.call("CLIENT", "LIST");
    for (String line : clients.split("\n")) {
      for (String field : line.trim().split(" ")) {
        if (field.startsWith("name=" + CLIENT_PREFIX)) {
          live.add(field.substring(("name=" + CLIENT_PREFIX).length()));
        }
      }
    }
    return live;
  }

  /** The database's index. */
  public int index() {
    return index;
  }

  /** Closes the claiming connection and flushes nothing, as a killed JVM does: a test seam. */
  public void abandon() {
    lease.close();
  }

  /** Flushes the database, if it is still the run's, and ends the claim. */
  @Override
  public void close() {
    try {
      String claim = CLAIM + index;
      lease.call("SELECT", "0");
      lease.call("WATCH", claim);
      if (run.equals(lease.call("GET", claim))) {
        lease.call("MULTI");
        lease.call("SELECT", Integer.toString(index));
        lease.call("FLUSHDB");
        lease.call("SELECT", "0");
        lease.call("DEL", claim);
        lease.call("EXEC");
      } else {
        lease.call("UNWATCH");
      }
    } catch (IOException | RuntimeException e) {
      // the next run collects it: its owner's connection is gone
      System.getLogger(RedisDatabase.class.getName())
          .log(
              System.Logger.Level.WARNING,
              "Could not flush Redis database " + index + " of run " + run + ": " + e.getMessage());
    } finally {
      lease.close();
    }
  }

  /** A connection speaking just enough RESP: commands out, replies in. */
  static final class Lease implements AutoCloseable, Resp.Source {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** A reply that is an error. */
    static final class ErrorReply extends IOException {
      private static final long serialVersionUID = 1L;

      ErrorReply(String message) {
        super(message);
      }
    }

    private Lease(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    static Lease open(ServiceEndpoint endpoint, Duration timeout) throws IOException {
      Socket socket = new Socket();
      try {
        socket.connect(
            new InetSocketAddress(endpoint.host(), endpoint.port()), (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        Lease lease = new Lease(socket);
        if (endpoint.password().isPresent()) {
          if (endpoint.username().isPresent()) {
            lease.call("AUTH", endpoint.username().get(), endpoint.password().get());
          } else {
            lease.call("AUTH", endpoint.password().get());
          }
        }
        return lease;
      } catch (IOException | RuntimeException e) {
        socket.close();
        throw e;
      }
    }

    /**
     * Sends a command and reads its reply.
     *
     * @return a String, a Long, a List of replies, or null; an error reply is thrown
     */
    Object call(String... words) throws IOException {
      out.write(Resp.command(words));
      out.flush();
      Object reply = Resp.read(this);
      if (reply instanceof Resp.Error error) {
        throw new ErrorReply(error.message());
      }
      return reply;
    }

    @Override
    public String readLine() throws IOException {
      StringBuilder text = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\r') {
        text.append((char) c);
      }
      if (c < 0 || in.read() != '\n') {
        throw new IOException("the server closed the connection mid-reply");
      }
      return text.toString();
    }

    @Override
    public byte[] readExactly(int length) throws IOException {
      byte[] bytes = in.readNBytes(length);
      if (bytes.length < length) {
        throw new IOException("the server closed the connection mid-reply");
      }
      return bytes;
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }
}
