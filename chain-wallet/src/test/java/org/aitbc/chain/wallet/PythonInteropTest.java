package org.aitbc.chain.wallet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.aitbc.chain.core.crypto.KeyPair;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keystore files cross between this code and the AITBC algorithm as written with Python's
 * {@code cryptography} (Debian's python3-cryptography), in both directions.
 */
public class PythonInteropTest {
  public static final String PYTHON = "/usr/bin/python3";
  static final HexFormat HEX = HexFormat.of();
  public static Path script;

  public record Result(int exit, String out, String err) {}

  @BeforeAll
  public static void locateScriptAndCheckPython() throws Exception {
    script = Path.of(PythonInteropTest.class.getResource("/interop/aitbc_keystore.py").toURI());
    if (!Files.isExecutable(Path.of(PYTHON))) {
      fail(PYTHON + " is missing: install python3 and python3-cryptography (apt-get install python3-cryptography)");
    }
    Result r = run(List.of(PYTHON, "-c", "import cryptography.hazmat.primitives.ciphers.aead"));
    if (r.exit != 0) {
      fail("python3-cryptography is missing: install it with 'apt-get install python3-cryptography' (" + r.err.strip() + ")");
    }
  }

  public static Result run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(new ArrayList<>(cmd)).start();
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("python did not finish in 60 s: " + cmd);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.exitValue(), out, err);
  }

  public static Path passwordFile(Path dir, String pw) throws IOException {
    Path f = dir.resolve("pw.txt");
    Files.writeString(f, pw + "\n", StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void aKeystoreWrittenByPythonOpensHereWithTheSameSeedAndAddress(@TempDir Path tmp) throws Exception {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    String pw = "pässwörd 42";
    Path file = tmp.resolve("py.json");
    Result r = run(List.of(PYTHON, script.toString(), "write", HEX.formatHex(seed), passwordFile(tmp, pw).toString(),
        file.toString()));
    assertEquals(0, r.exit, r.err);
    String json = Files.readString(file);
    KeyPair k = Keystore.decrypt(json, pw.toCharArray());
    assertArrayEquals(seed, k.seed());
    assertEquals(KeyPair.fromSeed(seed).address(), k.address());
    assertEquals(r.out.strip(), k.address());
    assertEquals(k.address(), Keystore.address(json));
  }

  @Test
  void aKeystoreWrittenByPythonIsImportedIntoTheFolderAndLoads(@TempDir Path tmp) throws Exception {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    Path file = tmp.resolve("py.json");
    Result r = run(List.of(PYTHON, script.toString(), "write", HEX.formatHex(seed), passwordFile(tmp, "pw").toString(),
        file.toString()));
    assertEquals(0, r.exit, r.err);
    KeystoreDir dir = new KeystoreDir(tmp.resolve("ks"));
    dir.importFile("frompy", file, "pw".toCharArray());
    assertArrayEquals(seed, dir.load("frompy", "pw".toCharArray()).seed());
    assertEquals(Files.readString(file), Files.readString(dir.file("frompy")), "the file's bytes are kept");
  }

  @Test
  void aKeystoreWrittenHereOpensInPythonWithTheSameSeedAndAddress(@TempDir Path tmp) throws Exception {
    KeyPair k = KeyPair.generate(new SecureRandom());
    String pw = "日本語 password";
    Path file = tmp.resolve("java.json");
    // A smaller count than the default keeps the test quick; Python reads c from the file either way.
    Keystore.write(file, Keystore.encrypt(k, pw.toCharArray(), 100_000, new SecureRandom()));
    Result r = run(List.of(PYTHON, script.toString(), "read", file.toString(), passwordFile(tmp, pw).toString()));
    assertEquals(0, r.exit, r.err);
    String[] parts = r.out.strip().split(" ");
    assertEquals(HEX.formatHex(k.seed()), parts[0]);
    assertEquals(k.address(), parts[1]);
  }

  @Test
  void aKeystoreWrittenHereWithTheDefaultIterationsOpensInPython(@TempDir Path tmp) throws Exception {
    KeyPair k = KeyPair.generate(new SecureRandom());
    Path file = tmp.resolve("java.json");
    Keystore.write(file, Keystore.encrypt(k, "pw".toCharArray(), Keystore.DEFAULT_ITERATIONS, new SecureRandom()));
    Result r = run(List.of(PYTHON, script.toString(), "read", file.toString(), passwordFile(tmp, "pw").toString()));
    assertEquals(0, r.exit, r.err);
    assertTrue(r.out.startsWith(HEX.formatHex(k.seed()) + " "), "python printed the seed");
  }
}
