package io.infraaware.run.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The files the JVMs of one build share in a report directory, under {@value #DIRECTORY}: which
 * build they belong to, each JVM's figures, and probe verdicts recent enough to reuse.
 *
 * <p>Every read and write happens under an exclusive lock on a file, so concurrent forks never see
 * a half-written file; files are replaced by an atomic rename. The operating system releases the
 * lock of a JVM that dies, so a crashed fork blocks nobody. A new build clears the figures the
 * previous one left; verdicts are bounded by their own age instead, so a probe needs no build
 * identity.
 */
final class BuildFiles {

  /** The folder inside the report directory. */
  static final String DIRECTORY = ".build";

  /** How soon after the last activity a loosely identified build may be joined. */
  static final Duration LOOSE_GAP = Duration.ofSeconds(10);

  private static final String BUILD_FILE = "build.properties";
  private static final String LOCK_FILE = "lock";
  private static final String JVM_PREFIX = "jvm-";
  private static final String VERDICTS = "verdicts";

  private final Path reportDir;
  private final Path dir;
  private final Supplier<BuildId> identify;
  private final ReentrantLock jvmLock;

  /**
   * One lock per verdict file for the whole JVM, taken before the file's lock: two areas of one
   * report directory (a session that only discovered, then one that runs) must not both lock the
   * file, which the JVM refuses as an overlapping lock.
   */
  private static final Map<Path, ReentrantLock> VERDICT_LOCKS = new ConcurrentHashMap<>();

  /** The build lock's counterpart in this JVM, per report directory, for the same reason. */
  private static final Map<Path, ReentrantLock> BUILD_LOCKS = new ConcurrentHashMap<>();

  private BuildId id;
  private boolean joined;
  private volatile String salt;

  private final Object closing = new Object();
  private boolean closed;

  BuildFiles(Path reportDir, Supplier<BuildId> identify) {
    this.reportDir = reportDir;
    this.dir = reportDir.resolve(DIRECTORY);
    this.identify = identify;
    this.jvmLock =
        BUILD_LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new ReentrantLock());
  }

  /**
   * The run has ended: a probe still under way keeps its verdict to itself, so that nothing is
   * written into a report directory its run has left (it may be a test's temporary directory,
   * deleted at once).
   */
  void close() {
    synchronized (closing) {
      closed = true;
    }
  }

  /** A step run under the build's lock. */
  @FunctionalInterface
  interface Locked<T> {
    T run() throws IOException;
  }

  /** Runs a step holding the build's lock, joining (or starting) the build first. */
  <T> T locked(Locked<T> step) {
    jvmLock.lock();
    try {
      Files.createDirectories(dir);
      try (FileChannel channel =
              FileChannel.open(
                  dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        join();
        return step.run();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot use the build's files in " + dir, e);
    } finally {
      jvmLock.unlock();
    }
  }

  private void join() throws IOException {
    if (id == null) {
      id = identify.get();
    }
    Path buildFile = dir.resolve(BUILD_FILE);
    Properties build = new Properties();
    if (Files.exists(buildFile)) {
      try (InputStream in = Files.newInputStream(buildFile)) {
        build.load(in);
      }
    }
    boolean same = id.value().equals(build.getProperty("id"));
    if (same && !id.exact() && !joined) {
      same = anyMemberAlive() || recentlyActive();
    }
    joined = true;
    if (same) {
      return;
    }
    // a new build: what the last one left must not be counted in this one
    for (Path file : list(dir, JVM_PREFIX)) {
      Files.deleteIfExists(file);
    }
    Files.deleteIfExists(reportDir.resolve(RunSummary.FILE_NAME));
    write(buildFile, "id=" + id.value() + "\nstartedAt=" + System.currentTimeMillis() + "\n");
  }

  private boolean anyMemberAlive() throws IOException {
    for (Path file : list(dir, JVM_PREFIX)) {
      String name = file.getFileName().toString();
      String[] parts =
          name.substring(JVM_PREFIX.length(), name.length() - ".json".length()).split("-");
      try {
        JvmIdentity jvm = new JvmIdentity(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        if (!jvm.equals(JvmIdentity.CURRENT) && jvm.isAlive()) {
          return true;
        }
      } catch (RuntimeException notOurs) {
        // a file we did not write: it marks nothing
      }
    }
    return false;
  }

  private boolean recentlyActive() throws IOException {
    long newest = 0;
    for (Path file : list(dir, JVM_PREFIX)) {
      newest = Math.max(newest, Files.getLastModifiedTime(file).toMillis());
    }
    return System.currentTimeMillis() - newest < LOOSE_GAP.toMillis();
  }

  /**
   * Replaces this JVM's figures and writes the build's summary from every JVM's; under the lock.
   *
   * @return the build's figures
   */
  Figures contribute(Figures mine) throws IOException {
    JvmIdentity me = mine.jvms().get(0);
    write(dir.resolve(JVM_PREFIX + me.fileName() + ".json"), SummaryJson.write(mine, id.value()));
    Figures build = Figures.merge(contributions());
    write(reportDir.resolve(RunSummary.FILE_NAME), SummaryJson.write(build, id.value()));
    return build;
  }

  /** The tests the other JVMs of the build skipped; under the lock. */
  int othersSkipped() throws IOException {
    int skipped = 0;
    for (Figures figures : contributions()) {
      if (!figures.jvms().contains(JvmIdentity.CURRENT)) {
        skipped += figures.skipped();
      }
    }
    return skipped;
  }

  private List<Figures> contributions() throws IOException {
    List<Figures> all = new ArrayList<>();
    for (Path file : list(dir, JVM_PREFIX)) {
      try {
        all.add(SummaryJson.read(Files.readString(file, StandardCharsets.UTF_8)));
      } catch (IOException | RuntimeException unreadable) {
        // written by something else: not part of this build's figures
      }
    }
    return all;
  }

  /** A verdict of the build, and whether this JVM made it. */
  record Shared(Figures.Service service, boolean reused) {}

  /**
   * A probe's verdict shared by the build's JVMs: one made within {@code lifetime} is reused,
   * otherwise {@code probe} runs, holding a lock on the key so that other JVMs wait for it rather
   * than probe too.
   *
   * @param key what was probed, without secrets: it is written into the verdict file
   * @param secret what was probed that is secret (a password), or null: only a salted digest of it
   *     is written
   * @param lifetime how long a verdict may be reused
   * @param fresh probe whatever the file says
   */
  Shared verdict(
      String key,
      String secret,
      Duration lifetime,
      boolean fresh,
      Supplier<Figures.Service> probe) {
    Path verdicts = dir.resolve(VERDICTS);
    try {
      String name;
      String fullKey;
      synchronized (closing) {
        if (closed) {
          // a probe that outlived its run (an early one no test took): nothing is written
          name = null;
          fullKey = null;
        } else {
          Files.createDirectories(verdicts);
          fullKey = secret == null ? key : key + "\u0000" + digest(verdicts, secret);
          CRC32C crc = new CRC32C();
          crc.update(fullKey.getBytes(StandardCharsets.UTF_8));
          name = Long.toHexString(crc.getValue());
        }
      }
      if (name == null) {
        return new Shared(probe.get(), false);
      }
      Path lockFile = verdicts.resolve(name + ".lock").toAbsolutePath().normalize();
      ReentrantLock local = VERDICT_LOCKS.computeIfAbsent(lockFile, n -> new ReentrantLock());
      local.lock();
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        Path file = verdicts.resolve(name + ".properties");
        if (!fresh) {
          Optional<Figures.Service> recent = VerdictFile.read(file, fullKey, lifetime);
          if (recent.isPresent()) {
            return new Shared(recent.get(), true);
          }
        }
        Figures.Service made = probe.get();
        synchronized (closing) {
          // a run's files take nothing after it closed: its report directory may be going away
          if (!closed) {
            write(file, VerdictFile.write(fullKey, made));
          }
        }
        return new Shared(made, false);
      } finally {
        local.unlock();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot share a verdict in " + verdicts, e);
    }
  }

  /**
   * A salted SHA-256 of a secret, so that a verdict file tells nothing of it; the salt is made once
   * per report directory, readable by its owner only.
   */
  private String digest(Path verdicts, String secret) throws IOException {
    if (salt == null) {
      Path saltFile = verdicts.resolve("salt");
      try {
        write(
            saltFile,
            Long.toHexString(new SplittableRandom().nextLong()).getBytes(StandardCharsets.UTF_8),
            true);
      } catch (FileAlreadyExistsException made) {
        // another JVM of the build made it first
      }
      salt = Files.readString(saltFile, StandardCharsets.UTF_8).trim();
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt.getBytes(StandardCharsets.UTF_8));
      sha.update(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  /** The build's id, once joined. */
  String id() {
    if (id == null) {
      locked(() -> id);
    }
    return id.value();
  }

  private static List<Path> list(Path dir, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(file -> file.getFileName().toString().startsWith(prefix))
          .filter(file -> !file.getFileName().toString().endsWith(".tmp"))
          .toList();
    }
  }

  /** Writes a file whole or not at all: a reader never sees half of it. */
  private static void write(Path file, String content) throws IOException {
    write(file, content.getBytes(StandardCharsets.UTF_8), false);
  }

  private static void write(Path file, byte[] content) throws IOException {
    write(file, content, false);
  }

  /**
   * Writes a file whole, readable by its owner only.
   *
   * @param onlyIfAbsent fail with {@link FileAlreadyExistsException} rather than replace
   */
  private static void write(Path file, byte[] content, boolean onlyIfAbsent) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + "." + JvmIdentity.CURRENT.pid() + ".tmp");
    Files.deleteIfExists(temp); // a crashed write of this process id
    try {
      Files.createFile(
          temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(temp);
    }
    Files.write(temp, content);
    if (onlyIfAbsent) {
      if (Files.exists(file)) {
        Files.deleteIfExists(temp);
        throw new FileAlreadyExistsException(file.toString());
      }
      try {
        // a hard link fails if the name exists: the first of two racing JVMs wins
        Files.createLink(file, temp);
      } catch (UnsupportedOperationException noLinks) {
        Files.move(temp, file);
        return;
      } finally {
        Files.deleteIfExists(temp);
      }
      return;
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
