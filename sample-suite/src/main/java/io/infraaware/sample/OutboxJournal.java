package io.infraaware.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The outbox on local disk: every message answered "queued" is in this journal before the answer
 * goes out, and leaves it only once PostgreSQL has it, so it outlives a crash (SIGKILL) or a stop
 * during a database outage and is stored after a restart with the same {@code OUTBOX_DIR}.
 *
 * <p>An SQLite database ({@code outbox.db}) rather than a file format of our own: SQLite commits
 * atomically, survives a process killed mid-write and detects a damaged file. It runs with a
 * rollback journal (so a committed message is in the main file, never only in a side file) and
 * {@code synchronous=FULL} (a commit is on disk, not just in the page cache, before the answer),
 * and holds an exclusive lock while open, so two backends can never drain one journal.
 *
 * <p>A journal that cannot be opened, written or trusted stops start-up with {@link
 * IllegalStateException} naming the file; it is never replaced or emptied silently.
 */
final class OutboxJournal implements AutoCloseable {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(OutboxJournal.class);

  /** The journal's file name inside {@code OUTBOX_DIR}. */
  static final String FILE = "outbox.db";

  /** A journaled message and its place in the journal. */
  record Entry(long seq, ChatService.Pending pending) {}

  /** The journal could not keep a message: the write must not be answered "queued". */
  static final class WriteFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    WriteFailedException(Path file, SQLException cause) {
      super(
          "the database is unavailable and the outbox journal ["
              + file
              + "] cannot keep the message: "
              + describe(cause),
          cause);
    }
  }

  private final Path file;
  private final Connection connection;

  private OutboxJournal(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** The free space the journal's disk must have at start unless told otherwise: 64 MiB. */
  static final long DEFAULT_MIN_FREE_BYTES = 64L * 1024 * 1024;

  /** Owner only: the journal holds users' messages. */
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");

  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  /** Opens (or creates) the journal in a directory, its disk holding the default margin. */
  static OutboxJournal open(Path directory) {
    return open(directory, DEFAULT_MIN_FREE_BYTES);
  }

  /**
   * Opens (or creates) the journal in a directory.
   *
   * @param directory {@code OUTBOX_DIR}
   * @param minFreeBytes the free space its disk must have ({@code OUTBOX_MIN_FREE_MB}): enough to
   *     take messages during an outage and to remove them afterwards, which needs space too (SQLite
   *     writes what it changes to its rollback journal first)
   * @return the open journal, locked for this process
   * @throws IllegalStateException naming the file when it cannot be used: the directory cannot be
   *     created or written, its disk has less free space than the margin, the disk is full, the
   *     file is damaged, or another process holds it
   */
  static OutboxJournal open(Path directory, long minFreeBytes) {
    return open(directory, 0, minFreeBytes);
  }

  /**
   * Opens the journal with a page limit: a test's stand-in for a full disk (SQLite answers {@code
   * SQLITE_FULL} either way).
   */
  static OutboxJournal openWithPageLimit(Path directory, long maxPages) {
    return open(directory, maxPages, 0);
  }

  private static OutboxJournal open(Path directory, long maxPages, long minFreeBytes) {
    Path dir = directory.toAbsolutePath().normalize();
    Path file = dir.resolve(FILE);
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    try {
      if (posix) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
      } else {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw unusable(file, "its directory cannot be created (" + e + ")");
    }
    checkFreeSpace(dir, file, minFreeBytes);
    probeWritable(dir, file);
    boolean existed = Files.exists(file);
    if (posix) {
      ownerOnly(file, existed);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.TRUNCATE);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setLockingMode(SQLiteConfig.LockingMode.EXCLUSIVE);
    config.setBusyTimeout(1000);
    Connection connection;
    try {
      connection = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    } catch (SQLException e) {
      throw cannotOpen(file, e);
    }
    try {
      if (maxPages > 0) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("PRAGMA max_page_count = " + maxPages);
        }
      }
      if (existed) {
        checkIntact(connection, file);
      }
      try (Statement statement = connection.createStatement()) {
        // the first write takes the exclusive lock, kept until close
        statement.execute(
            "CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                + " room TEXT NOT NULL, author TEXT NOT NULL, text TEXT NOT NULL,"
                + " created_at_micros INTEGER NOT NULL, client_key TEXT NOT NULL UNIQUE,"
                + " via_websocket INTEGER NOT NULL)");
        statement.execute(
            "CREATE TABLE IF NOT EXISTS journal_opened (id INTEGER PRIMARY KEY CHECK (id = 1),"
                + " at TEXT NOT NULL)");
        // a write at every start: a full disk or a read-only file shows now, not at the first
        // outage, when a message would already depend on it
        statement.execute(
            "INSERT INTO journal_opened (id, at) VALUES (1, '"
                + Instant.now()
                + "') ON CONFLICT (id) DO UPDATE SET at = excluded.at");
      }
      return new OutboxJournal(file, connection);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw cannotOpen(file, e);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  /**
   * Refuses a disk without the working margin: with a few KB free the journal opened, and then
   * could neither take messages nor remove them once stored.
   */
  private static void checkFreeSpace(Path dir, Path file, long minFreeBytes) {
    if (minFreeBytes <= 0) {
      return;
    }
    long free;
    try {
      free = Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      throw unusable(file, "the free space of its disk cannot be read (" + e + ")");
    }
    if (free < minFreeBytes) {
      throw unusable(
          file,
          "its disk has "
              + size(free)
              + " free, less than the working margin of "
              + size(minFreeBytes)
              + " (OUTBOX_MIN_FREE_MB): free space there, or point OUTBOX_DIR at another disk");
    }
  }

  /** A size for a person: bytes, KiB, MiB or GiB. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  /**
   * Creates the journal readable by its owner only before SQLite opens it, or makes an existing one
   * so. SQLite gives its sidecar files (the rollback journal) the database file's permissions.
   */
  private static void ownerOnly(Path file, boolean existed) {
    if (existed) {
      try {
        Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
      } catch (IOException e) {
        // another user's file, say: it is still used, as before
        LOG.warn("The outbox journal [{}] cannot be made readable by its owner only: {}", file, e);
      }
      return;
    }
    try {
      // an empty file is a new database to SQLite
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
    } catch (IOException e) {
      throw unusable(file, "it cannot be created (" + e + ")");
    }
  }

  /** Writes and removes a file, so an unwritable directory or a full disk is named at start. */
  private static void probeWritable(Path dir, Path file) {
    Path probe = dir.resolve(".outbox-write-probe");
    try {
      Files.write(probe, new byte[4096]);
      Files.delete(probe);
    } catch (IOException e) {
      throw unusable(file, "its directory cannot be written (" + e + ")");
    }
  }

  private static void checkIntact(Connection connection, Path file) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA quick_check")) {
      List<String> problems = new ArrayList<>();
      while (rows.next()) {
        problems.add(rows.getString(1));
      }
      if (!problems.equals(List.of("ok"))) {
        throw damaged(file, String.join("; ", problems.subList(0, Math.min(3, problems.size()))));
      }
    }
  }

  private static IllegalStateException cannotOpen(Path file, SQLException e) {
    if (code(e) == SQLiteErrorCode.SQLITE_BUSY) {
      return unusable(
          file,
          "another process holds it (one backend per OUTBOX_DIR; stop the other or give this"
              + " one its own directory)");
    }
    if (isDamage(e)) {
      return damaged(file, describe(e));
    }
    return unusable(file, describe(e));
  }

  private static IllegalStateException unusable(Path file, String why) {
    return new IllegalStateException(
        "The outbox journal [" + file + "] (OUTBOX_DIR) cannot be used: " + why);
  }

  private static IllegalStateException damaged(Path file, String why) {
    return new IllegalStateException(
        "The outbox journal ["
            + file
            + "] (OUTBOX_DIR) is damaged ("
            + why
            + "). It may hold messages that were answered \"queued\" and never stored, so it is"
            + " neither emptied nor replaced: move it aside to start with an empty journal, and"
            + " recover what it holds with: sqlite3 <file> .recover");
  }

  private static boolean isDamage(SQLException e) {
    SQLiteErrorCode code = code(e);
    return code == SQLiteErrorCode.SQLITE_CORRUPT || code == SQLiteErrorCode.SQLITE_NOTADB;
  }

  private static SQLiteErrorCode code(SQLException e) {
    return e instanceof SQLiteException sqlite ? sqlite.getResultCode() : null;
  }

  /** SQLite's primary result code, which is what a person can act on, and its message. */
  static String describe(SQLException e) {
    SQLiteErrorCode code = code(e);
    return code == null ? e.getMessage() : code.name() + ": " + code.message;
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing after a failed start; the start failure is what matters
    }
  }

  /**
   * Runs a statement on the journal's connection: tests use it to make the disk look full (a page
   * limit for appends, a trigger refusing removals), as a real full disk does.
   */
  synchronized void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Where the journal is. */
  Path file() {
    return file;
  }

  /**
   * Keeps a message; when this returns, the message is on disk.
   *
   * @throws WriteFailedException when it could not be kept (disk full, I/O error)
   */
  synchronized long append(ChatService.Pending pending) throws WriteFailedException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO outbox (room, author, text, created_at_micros, client_key, via_websocket)"
                + " VALUES (?, ?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      insert.setString(1, pending.room());
      insert.setString(2, pending.author());
      insert.setString(3, pending.text());
      insert.setLong(4, micros(pending.createdAt()));
      insert.setString(5, pending.clientKey());
      insert.setInt(6, pending.viaWebSocket() ? 1 : 0);
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    } catch (SQLException e) {
      throw new WriteFailedException(file, e);
    }
  }

  /** Appends a message and rolls it back: the write path warmed up, nothing kept. */
  synchronized void rehearseAppend(ChatService.Pending pending) throws SQLException {
    connection.setAutoCommit(false);
    try {
      append(pending);
    } catch (WriteFailedException e) {
      throw (SQLException) e.getCause();
    } finally {
      connection.rollback();
      connection.setAutoCommit(true);
    }
  }

  /** The oldest messages, oldest first. */
  List<Entry> oldest(int limit) throws SQLException {
    return oldestAfter(0, limit);
  }

  /** The oldest messages after sequence number {@code seq}, oldest first. */
  synchronized List<Entry> oldestAfter(long seq, int limit) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT seq, room, author, text, created_at_micros, client_key, via_websocket"
                + " FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?")) {
      select.setLong(1, seq);
      select.setInt(2, limit);
      List<Entry> entries = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          long micros = rows.getLong(5);
          entries.add(
              new Entry(
                  rows.getLong(1),
                  new ChatService.Pending(
                      rows.getString(2),
                      rows.getString(3),
                      rows.getString(4),
                      Instant.ofEpochSecond(
                          Math.floorDiv(micros, 1_000_000L),
                          Math.floorMod(micros, 1_000_000L) * 1000L),
                      rows.getString(6),
                      rows.getInt(7) == 1)));
        }
      }
      return entries;
    }
  }

  /** Forgets a message PostgreSQL has (or refused for good). */
  synchronized void remove(long seq) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM outbox WHERE seq = ?")) {
      delete.setLong(1, seq);
      delete.executeUpdate();
    }
  }

  /** How many messages wait, and how many of them came over WebSocket. */
  synchronized int[] counts() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT COUNT(*), COALESCE(SUM(via_websocket), 0) FROM outbox")) {
      row.next();
      return new int[] {row.getInt(1), row.getInt(2)};
    }
  }

  /** Microseconds, what PostgreSQL keeps of a timestamp, so a replay stores the same instant. */
  private static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // every message is committed already; nothing is lost by a failed close
    }
  }
}
