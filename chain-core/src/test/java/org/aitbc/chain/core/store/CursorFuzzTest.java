package org.aitbc.chain.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Coverage-guided fuzzing of the inbox cursor a client passes back in {@code ?cursor=}. */
class CursorFuzzTest {
  /**
   * A cursor is read only from the text it is written as, "height.index" in ASCII digits (or from nothing,
   * the start); parsing never throws. The input is read as UTF-8.
   */
  @FuzzTest
  void cursorText(byte[] utf8) {
    String s = new String(utf8, StandardCharsets.UTF_8);
    Optional<Cursor> c = Cursor.parse(s);
    if (c.isEmpty()) return;
    if (s.isEmpty()) {
      assertEquals(Cursor.START, c.get());
      return;
    }
    assertEquals(s, c.get().toString(), "accepted a cursor text that no cursor is written as");
  }
}
