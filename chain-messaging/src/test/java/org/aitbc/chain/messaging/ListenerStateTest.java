package org.aitbc.chain.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenerStateTest {
  @TempDir Path dir;

  @Test
  void aSavedStateLoadsBackAndReplacesTheOldFileWithoutLeavingATemporaryOne() throws IOException {
    ListenerState.Store store = new ListenerState.Store(dir.resolve("agents"), "ait1abc");
    assertTrue(store.load().isEmpty(), "no state before the first save");
    store.save(new ListenerState("ait1abc", "4.0", List.of("ait1x/a", "ait1y/b")));
    store.save(new ListenerState("ait1abc", "9.2", List.of("ait1x/a", "ait1y/b", "ait1x/c")));
    ListenerState back = store.load().orElseThrow();
    assertEquals(new ListenerState("ait1abc", "9.2", List.of("ait1x/a", "ait1y/b", "ait1x/c")), back);
    try (var files = Files.list(dir.resolve("agents"))) {
      assertEquals(List.of("listener-ait1abc.json"), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void onlyTheMostRecentIdsAreKept() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < ListenerState.MAX_SEEN + 5; i++) ids.add("k/" + i);
    ListenerState s = new ListenerState("a", "1.0", ids);
    assertEquals(ListenerState.MAX_SEEN, s.seen().size());
    assertEquals("k/5", s.seen().get(0));
  }

  @Test
  void aDamagedStateFileIsAnErrorThatSaysWhatToDo() throws IOException {
    ListenerState.Store store = new ListenerState.Store(dir, "ait1abc");
    Files.writeString(store.file(), "{\"cursor\": 3");
    IOException e = assertThrows(IOException.class, store::load);
    assertTrue(e.getMessage().contains("delete it to start again"), e.getMessage());
    Files.writeString(store.file(), "{\"address\":\"a\",\"cursor\":\"1.0\",\"seen\":[1]}");
    assertThrows(IOException.class, store::load);
  }
}
