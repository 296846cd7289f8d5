package outpost.edge.store.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal replays exactly the records of its epoch that were written whole. */
class RedoJournalTest {
  @TempDir
  Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void recordsOfTheEpochComeBackInOrderAndATornTailIsLeftOut() throws Exception {
    Path file = dir.resolve("j");
    try (RedoJournal j = RedoJournal.open(file, true)) {
      j.reset(7);
      j.append(bytes("one"));
      j.append(bytes("two"));
      j.flush();
      j.append(bytes("three"));
      j.flush();
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(raf.length() - 1);
      raf.write('X'); // the last record torn: its CRC no longer matches
    }
    try (RedoJournal j = RedoJournal.open(file, false)) {
      assertEquals(7, j.headerEpoch());
      List<byte[]> read = j.read(7);
      assertEquals(2, read.size());
      assertArrayEquals(bytes("one"), read.get(0));
      assertArrayEquals(bytes("two"), read.get(1));
      assertTrue(j.read(6).isEmpty(), "another epoch's checkpoint already holds them");
    }
  }

  @Test
  void aNewEpochNeverReplaysTheOldRecordsItOverwritesInPlace() {
    Path file = dir.resolve("j");
    try (RedoJournal j = RedoJournal.open(file, false)) {
      j.reset(1);
      for (int i = 0; i < 50; i++) {
        j.append(bytes("old record " + i));
      }
      j.flush();
      long size = j.fileSize();
      j.reset(2);
      j.append(bytes("new"));
      j.flush();
      assertEquals(size, j.fileSize(), "the file is rewritten in place, not cut: forcing it changes no length");
    }
    try (RedoJournal j = RedoJournal.open(file, false)) {
      List<byte[]> read = j.read(2);
      assertEquals(1, read.size(), "the old epoch's records after the new one fail their check");
      assertArrayEquals(bytes("new"), read.get(0));
    }
  }

  @Test
  void anEmptyOrForeignFileHoldsNothing() {
    try (RedoJournal j = RedoJournal.open(dir.resolve("j"), false)) {
      assertEquals(-1, j.headerEpoch());
      assertTrue(j.read(0).isEmpty());
      j.append(bytes("buffered only"));
      j.discardBuffered();
      j.flush();
      assertEquals(0, j.written());
    }
  }
}
