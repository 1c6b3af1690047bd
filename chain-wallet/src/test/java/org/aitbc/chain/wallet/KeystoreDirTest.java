package org.aitbc.chain.wallet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.wallet.KeystoreException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreDirTest {
  static final char[] PW = "pw".toCharArray();

  @Test
  void theFolderIsTheFlagElseAitbcKeystoreElseAitbcHomeElseTheUsersHome() {
    Path home = Path.of("/home/u");
    Map<String, String> both = Map.of(KeystoreDir.ENV, "/env", KeystoreDir.HOME_ENV, "/srv/aitbc");
    assertEquals(Path.of("/flag"), KeystoreDir.locate("/flag", both, home));
    assertEquals(Path.of("/env"), KeystoreDir.locate(null, both, home));
    assertEquals(Path.of("/srv/aitbc/keystore"), KeystoreDir.locate(null, Map.of(KeystoreDir.HOME_ENV, "/srv/aitbc"), home));
    assertEquals(Path.of("/home/u/.aitbc/keystore"), KeystoreDir.locate(null, Map.of(), home));
  }

  @Test
  void blankValuesCountAsNotSet() {
    Path home = Path.of("/home/u");
    Map<String, String> blank = Map.of(KeystoreDir.ENV, " ", KeystoreDir.HOME_ENV, "");
    assertEquals(Path.of("/home/u/.aitbc/keystore"), KeystoreDir.locate("", blank, home));
    assertEquals(Path.of("/srv/aitbc/keystore"), KeystoreDir.locate(" ", Map.of(KeystoreDir.ENV, "",
        KeystoreDir.HOME_ENV, "/srv/aitbc"), home));
  }

  @Test
  void theAitbcHomeIsTheVariableElseDotAitbcInTheUsersHome() {
    Path home = Path.of("/home/u");
    assertEquals(Path.of("/srv/aitbc"), KeystoreDir.aitbcHome(Map.of(KeystoreDir.HOME_ENV, "/srv/aitbc"), home));
    assertEquals(Path.of("/home/u/.aitbc"), KeystoreDir.aitbcHome(Map.of(KeystoreDir.ENV, "/env"), home));
  }

  @Test
  void createdWalletsAreListedShownLoadedAndExported(@TempDir Path tmp) throws Exception {
    KeystoreDir d = new KeystoreDir(tmp.resolve("ks"));
    KeystoreDir.Entry b = d.create("bob", PW, 1000, KeystoreTest.seeded(1));
    KeystoreDir.Entry a = d.create("alice", PW, 1000, KeystoreTest.seeded(2));
    assertEquals(tmp.resolve("ks/alice.json"), a.file());
    List<KeystoreDir.Entry> l = d.list();
    assertEquals(List.of("alice", "bob"), l.stream().map(KeystoreDir.Entry::name).toList());
    assertEquals(a.address(), l.get(0).address());
    assertEquals(b.address(), d.show("bob").address());
    KeyPair k = d.load("alice", PW);
    assertEquals(a.address(), k.address());
    assertArrayEquals(k.seed(), d.export("alice", PW));
  }

  @Test
  void creatingAnExistingNameChangesNothing(@TempDir Path tmp) throws Exception {
    KeystoreDir d = new KeystoreDir(tmp);
    d.create("w", PW, 1000, KeystoreTest.seeded(1));
    String before = Files.readString(d.file("w"));
    KeystoreException e = assertThrows(KeystoreException.class, () -> d.create("w", PW, 1000, KeystoreTest.seeded(2)));
    assertEquals(Kind.ALREADY_EXISTS, e.kind());
    assertThrows(KeystoreException.class, () -> d.importSeed("w", new byte[32], PW, 1000, KeystoreTest.seeded(3)));
    assertEquals(before, Files.readString(d.file("w")));
  }

  @Test
  void importingASeedGivesItsAddress(@TempDir Path tmp) throws Exception {
    KeystoreDir d = new KeystoreDir(tmp);
    byte[] seed = KeystoreTest.key(7).seed();
    assertEquals(KeystoreTest.key(7).address(), d.importSeed("imp", seed, PW, 1000, KeystoreTest.seeded(1)).address());
    assertEquals(Kind.CORRUPT, assertThrows(KeystoreException.class,
        () -> d.importSeed("short", new byte[31], PW, 1000, KeystoreTest.seeded(1))).kind());
  }

  @Test
  void importingAFileChecksThePasswordFirst(@TempDir Path tmp) throws Exception {
    Path src = tmp.resolve("src.json");
    Keystore.write(src, Keystore.encrypt(KeystoreTest.key(1), PW, 1000, KeystoreTest.seeded(1)));
    KeystoreDir d = new KeystoreDir(tmp.resolve("ks"));
    assertEquals(Kind.WRONG_PASSWORD,
        assertThrows(KeystoreException.class, () -> d.importFile("x", src, "bad".toCharArray())).kind());
    assertFalse(d.exists("x"));
    assertEquals(Kind.NOT_FOUND,
        assertThrows(KeystoreException.class, () -> d.importFile("x", tmp.resolve("none.json"), PW)).kind());
  }

  @Test
  void missingWalletsAreNotFound(@TempDir Path tmp) {
    KeystoreDir d = new KeystoreDir(tmp);
    for (var op : List.<org.junit.jupiter.api.function.Executable>of(
        () -> d.load("ghost", PW), () -> d.show("ghost"), () -> d.delete("ghost"), () -> d.rename("ghost", "g2"))) {
      KeystoreException e = assertThrows(KeystoreException.class, op);
      assertEquals(Kind.NOT_FOUND, e.kind());
      assertTrue(e.getMessage().contains("ghost"), e.getMessage());
    }
  }

  @Test
  void namesThatCouldEscapeTheFolderAreRefused(@TempDir Path tmp) {
    KeystoreDir d = new KeystoreDir(tmp);
    for (String bad : new String[] {"", "../x", "a/b", ".hidden", "x".repeat(65), "sp ace", "é"}) {
      assertEquals(Kind.BAD_NAME,
          assertThrows(KeystoreException.class, () -> d.create(bad, PW, 1000, KeystoreTest.seeded(1))).kind(), bad);
    }
  }

  @Test
  void renameMovesTheFileAndRefusesToReplaceAnother(@TempDir Path tmp) throws Exception {
    KeystoreDir d = new KeystoreDir(tmp);
    String a = d.create("a", PW, 1000, KeystoreTest.seeded(1)).address();
    String b = d.create("b", PW, 1000, KeystoreTest.seeded(2)).address();
    assertEquals(Kind.ALREADY_EXISTS, assertThrows(KeystoreException.class, () -> d.rename("a", "b")).kind());
    assertEquals(b, d.show("b").address());
    d.rename("a", "c");
    assertFalse(d.exists("a"));
    assertEquals(a, d.load("c", PW).address());
  }

  @Test
  void deleteRemovesTheFile(@TempDir Path tmp) throws Exception {
    KeystoreDir d = new KeystoreDir(tmp);
    d.create("a", PW, 1000, KeystoreTest.seeded(1));
    d.delete("a");
    assertTrue(d.list().isEmpty());
  }

  @Test
  void unreadableFilesAreListedWithTheirProblem(@TempDir Path tmp) throws Exception {
    KeystoreDir d = new KeystoreDir(tmp);
    d.create("good", PW, 1000, KeystoreTest.seeded(1));
    Files.writeString(tmp.resolve("broken.json"), "{\"crypto\": ");
    List<KeystoreDir.Entry> l = d.list();
    assertEquals(2, l.size());
    assertEquals("broken", l.get(0).name());
    assertNull(l.get(0).address());
    assertFalse(l.get(0).readable());
    assertTrue(l.get(1).readable());
  }

  @Test
  void aMissingFolderListsNothing(@TempDir Path tmp) throws Exception {
    assertTrue(new KeystoreDir(tmp.resolve("none")).list().isEmpty());
  }
}
