package org.aitbc.chain.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Coverage-guided fuzzing of {@code HOST:PORT} as {@code --peer} and the config file give it. */
class HostPortFuzzTest {
  /** Parsing never throws; an accepted address is written back as the same text (ASCII port digits). */
  @FuzzTest
  void parse(byte[] utf8) {
    String s = new String(utf8, StandardCharsets.UTF_8);
    Optional<HostPort> hp = HostPort.parse(s);
    if (hp.isEmpty()) return;
    assertEquals(hp, HostPort.parse(hp.get().toString()));
    String port = s.substring(s.lastIndexOf(':') + 1);
    assertEquals(String.valueOf(hp.get().port()), port.replaceFirst("^0+(?=.)", ""), "port text " + port);
  }
}
