package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox journal on its own: what it was given survives a close and a crash, and a journal that
 * cannot be trusted or written stops start-up with a clear error, never an empty outbox.
 */
class OutboxJournalTests {

  @TempDir Path dir;

  private static ChatService.Pending pending(String text) {
    return new ChatService.Pending(
        "room-1",
        "alice",
        text,
        Instant.now().truncatedTo(ChronoUnit.MICROS),
        "key-" + text,
        text.startsWith("ws"));
  }

  private static List<String> texts(OutboxJournal journal) throws Exception {
    List<String> texts = new ArrayList<>();
    for (OutboxJournal.Entry entry : journal.oldest(1000)) {
      texts.add(entry.pending().text());
    }
    return texts;
  }

  @Test
  void messagesComeBackOldestFirstAfterAReopenAndLeaveOnlyWhenRemoved() throws Exception {
    ChatService.Pending first = pending("one");
    try (OutboxJournal journal = OutboxJournal.open(dir)) {
      journal.append(first);
      journal.append(pending("ws-two"));
      journal.append(pending("three"));
    }
    try (OutboxJournal journal = OutboxJournal.open(dir)) {
      List<OutboxJournal.Entry> entries = journal.oldest(10);
      assertThat(entries)
          .extracting(e -> e.pending().text())
          .containsExactly("one", "ws-two", "three");
      assertThat(entries.get(0).pending()).isEqualTo(first);
      assertThat(journal.counts()).containsExactly(3, 1);
      journal.remove(entries.get(1).seq());
    }
    try (OutboxJournal journal = OutboxJournal.open(dir)) {
      assertThat(texts(journal)).containsExactly("one", "three");
      assertThat(journal.counts()).containsExactly(2, 0);
    }
  }

  @Test
  void aJournalAsAKilledProcessLeavesItHoldsEveryMessageAppended() throws Exception {
    Path snapshot = Files.createDirectory(dir.resolve("after-kill"));
    try (OutboxJournal journal = OutboxJournal.open(dir.resolve("live"))) {
      for (int i = 0; i < 20; i++) {
        journal.append(pending("m" + i));
      }
      // the files as they are on disk while the process still holds them: what SIGKILL leaves
      try (var files = Files.list(dir.resolve("live"))) {
        for (Path file : files.toList()) {
          Files.copy(file, snapshot.resolve(file.getFileName()));
        }
      }
    }
    try (OutboxJournal journal = OutboxJournal.open(snapshot)) {
      assertThat(texts(journal)).hasSize(20).startsWith("m0").endsWith("m19");
    }
  }

  @Test
  void aSecondBackendCannotOpenAJournalInUse() {
    try (OutboxJournal journal = OutboxJournal.open(dir)) {
      assertThatThrownBy(() -> OutboxJournal.open(dir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("The outbox journal [" + dir.resolve("outbox.db").toAbsolutePath())
          .hasMessageContaining("another process holds it");
    }
  }

  @Test
  void aCorruptedJournalStopsStartUpAndIsKept() throws Exception {
    try (OutboxJournal journal = OutboxJournal.open(dir)) {
      journal.append(pending("kept"));
    }
    Path file = dir.resolve(OutboxJournal.FILE);
    byte[] garbage = "this is not what SQLite wrote".repeat(200).getBytes(StandardCharsets.UTF_8);
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.write(garbage);
    }
    assertThatThrownBy(() -> OutboxJournal.open(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[" + file.toAbsolutePath() + "] (OUTBOX_DIR) is damaged")
        .hasMessageContaining("move it aside");
    assertThat(Files.readAllBytes(file)).startsWith(garbage);
  }

  @Test
  void aTruncatedJournalStopsStartUp() throws Exception {
    try (OutboxJournal journal = OutboxJournal.open(dir)) {
      for (int i = 0; i < 400; i++) {
        journal.append(pending("message number " + i + " ".repeat(200)));
      }
    }
    Path file = dir.resolve(OutboxJournal.FILE);
    long size = Files.size(file);
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.setLength(size / 2);
    }
    assertThatThrownBy(() -> OutboxJournal.open(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is damaged");
    assertThat(Files.size(file)).isEqualTo(size / 2);
  }

  @Test
  void aDirectoryThatCannotBeCreatedStopsStartUpNamingIt() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
    assertThatThrownBy(() -> OutboxJournal.open(notADirectory.resolve("outbox")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "The outbox journal ["
                + notADirectory.resolve("outbox").resolve("outbox.db")
                + "] (OUTBOX_DIR) cannot be used: its directory cannot be created");
  }

  @Test
  void aDirectoryThatCannotBeWrittenStopsStartUp() {
    // /proc refuses new files even to root, whose permission bits would allow anything (Linux)
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");
    // no free-space margin: /proc has no free space, which start-up refuses first otherwise
    assertThatThrownBy(() -> OutboxJournal.open(Path.of("/proc/self"), 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot be used: its directory cannot be written");
  }

  @Test
  void aFullDiskAtStartStopsStartUp() {
    // SQLite answers SQLITE_FULL for its page limit as for a full disk
    assertThatThrownBy(() -> OutboxJournal.openWithPageLimit(dir, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot be used: SQLITE_FULL");
  }

  @Test
  void aMessageTheFullDiskCannotTakeIsRefusedNotLost() throws Exception {
    List<String> kept = new ArrayList<>();
    try (OutboxJournal journal = OutboxJournal.openWithPageLimit(dir, 8)) {
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 1000; i++) {
                  journal.append(pending("m" + i + " ".repeat(1000)));
                  kept.add("m" + i);
                }
              })
          .isInstanceOf(OutboxJournal.WriteFailedException.class)
          .hasMessageContaining("cannot keep the message: SQLITE_FULL");
    }
    assertThat(kept).isNotEmpty();
    try (OutboxJournal journal = OutboxJournal.open(dir)) {
      // every message it said it kept is there, and the one it refused is not
      assertThat(texts(journal)).map(text -> text.strip()).containsExactlyElementsOf(kept);
    }
  }

  @Test
  void aDiskWithoutTheWorkingMarginStopsStartUpNamingThePathAndTheFreeSpace() throws Exception {
    long free = Files.getFileStore(dir).getUsableSpace();
    // a margin the disk cannot hold: what a disk with a few KB free looks like to a 64 MiB margin
    long margin = free + 1024L * 1024 * 1024;
    assertThatThrownBy(() -> OutboxJournal.open(dir.resolve("outbox"), margin))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "The outbox journal ["
                + dir.resolve("outbox").resolve(OutboxJournal.FILE)
                + "] (OUTBOX_DIR) cannot be used: its disk has ")
        .hasMessageMatching(
            "(?s).* has [0-9.]+ (bytes|KiB|MiB|GiB|TiB) free, less than the working margin of"
                + " [0-9.]+ (MiB|GiB|TiB) \\(OUTBOX_MIN_FREE_MB\\).*");
    assertThat(dir.resolve("outbox").resolve(OutboxJournal.FILE)).doesNotExist();
  }

  @Test
  void theJournalItsDirectoryAndItsSidecarFileAreReadableByTheOwnerOnly() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    Path outbox = dir.resolve("fresh").resolve("outbox");
    try (OutboxJournal journal = OutboxJournal.open(outbox)) {
      journal.append(pending("private"));
      assertThat(permissions(outbox)).isEqualTo("rwx------");
      assertThat(permissions(outbox.getParent())).isEqualTo("rwx------");
      try (var files = Files.list(outbox)) {
        // outbox.db and SQLite's rollback journal (kept, truncated, between writes)
        assertThat(files.toList())
            .isNotEmpty()
            .allSatisfy(
                file -> assertThat(permissions(file)).as("%s", file).isEqualTo("rw-------"));
      }
    }
  }

  @Test
  void aWorldReadableJournalFromBeforeIsMadeOwnerOnly() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    try (OutboxJournal journal = OutboxJournal.open(dir)) {
      journal.append(pending("kept"));
    }
    Path file = dir.resolve(OutboxJournal.FILE);
    Files.setPosixFilePermissions(
        file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    try (OutboxJournal journal = OutboxJournal.open(dir)) {
      assertThat(permissions(file)).isEqualTo("rw-------");
      assertThat(texts(journal)).containsExactly("kept");
    }
  }

  private static String permissions(Path path) {
    try {
      return java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(path));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
