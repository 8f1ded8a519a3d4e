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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The files the JVMs of one build share in a report directory, under {@value #DIRECTORY}: which
 * build they belong to, each JVM's figures, and probe verdicts recent enough to reuse.
 *
 * <p>Every read and write happens under an exclusive lock on a file, so concurrent forks never see
 * a half-written file; files are replaced by an atomic rename. The operating system releases the
 * lock of a JVM that dies, so a crashed fork blocks nobody. A new build clears what the previous
 * one left.
 */
final class BuildFiles {

  /** The folder inside the report directory. */
  static final String DIRECTORY = ".build";

  /** How soon after the last activity a loosely identified build may be joined. */
  static final Duration LOOSE_GAP = Duration.ofSeconds(10);

  private static final String BUILD_FILE = "build.properties";
  private static final String LOCK_FILE = "lock";
  private static final String JVM_PREFIX = "jvm-";
  private static final String VERDICT_PREFIX = "verdict-";

  private final Path reportDir;
  private final Path dir;
  private final Supplier<BuildId> identify;
  private final ReentrantLock jvmLock = new ReentrantLock();
  private final Map<String, ReentrantLock> verdictLocks = new ConcurrentHashMap<>();
  private BuildId id;
  private String salt;

  BuildFiles(Path reportDir, Supplier<BuildId> identify) {
    this.reportDir = reportDir;
    this.dir = reportDir.resolve(DIRECTORY);
    this.identify = identify;
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
    if (same && !id.exact() && salt == null) {
      same = anyMemberAlive() || recentlyActive();
    }
    if (same && build.getProperty("salt") != null) {
      salt = build.getProperty("salt");
      return;
    }
    // a new build: what the last one left must not be counted in this one
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!file.getFileName().toString().equals(LOCK_FILE)) {
          Files.deleteIfExists(file);
        }
      }
    }
    Files.deleteIfExists(reportDir.resolve(RunSummary.FILE_NAME));
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    salt = HexFormat.of().formatHex(random);
    write(
        buildFile,
        "id=" + id.value() + "\nsalt=" + salt + "\nstartedAt=" + System.currentTimeMillis() + "\n");
  }

  private boolean anyMemberAlive() throws IOException {
    for (Path file : list(JVM_PREFIX)) {
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
    for (Path file : list("")) {
      newest = Math.max(newest, Files.getLastModifiedTime(file).toMillis());
    }
    return System.currentTimeMillis() - newest < LOOSE_GAP.toMillis();
  }

  /**
   * Replaces this JVM's figures and writes the build's summary from every JVM's; under the lock.
   *
   * @return the build's figures and its id
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
    for (Path file : list(JVM_PREFIX)) {
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
   * @param key what was probed, secrets included: only its salted hash names the file
   * @param lifetime how long a verdict may be reused
   * @param fresh probe whatever the file says
   */
  Shared verdict(String key, Duration lifetime, boolean fresh, Supplier<Figures.Service> probe) {
    String hash = hash(key);
    ReentrantLock local = verdictLocks.computeIfAbsent(hash, h -> new ReentrantLock());
    local.lock();
    try {
      Path lockFile = dir.resolve(VERDICT_PREFIX + hash + ".lock");
      Files.createDirectories(dir);
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        Path file = dir.resolve(VERDICT_PREFIX + hash + ".json");
        if (!fresh) {
          Optional<Figures.Service> recent = read(file, lifetime);
          if (recent.isPresent()) {
            return new Shared(recent.get(), true);
          }
        }
        Figures.Service made = probe.get();
        Figures one =
            new Figures(
                List.of(JvmIdentity.CURRENT), made.probedAt(), 0, 0, List.of(), List.of(made));
        write(file, SummaryJson.write(one, id.value()));
        return new Shared(made, false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot share a verdict in " + dir, e);
    } finally {
      local.unlock();
    }
  }

  private Optional<Figures.Service> read(Path file, Duration lifetime) {
    try {
      Figures figures = SummaryJson.read(Files.readString(file, StandardCharsets.UTF_8));
      Figures.Service service = figures.services().get(0);
      long age = System.currentTimeMillis() - service.probedAt();
      return age >= 0 && age < lifetime.toMillis() ? Optional.of(service) : Optional.empty();
    } catch (NoSuchFileException none) {
      return Optional.empty();
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /** The key's name: salted per build, so that a file name tells nothing of the secrets in it. */
  String hash(String key) {
    if (salt == null) {
      locked(() -> salt);
    }
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(salt.getBytes(StandardCharsets.UTF_8));
      digest.update(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest(), 0, 16);
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

  private List<Path> list(String prefix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(file -> file.getFileName().toString().startsWith(prefix))
          .filter(file -> !file.getFileName().toString().endsWith(".tmp"))
          .toList();
    }
  }

  /** Writes a file whole or not at all: a reader never sees half of it. */
  private static void write(Path file, String content) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + "." + JvmIdentity.CURRENT.pid() + ".tmp");
    try {
      Files.createFile(
          temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.deleteIfExists(temp);
    } catch (FileAlreadyExistsException leftOver) {
      // a crashed write of this process id: overwrite it
    }
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
