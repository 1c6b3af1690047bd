package org.aitbc.chain.core.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;

/** Coverage-guided fuzzing of block JSON (contract §2) as a peer or {@code /rpc/importBlock} sends it. */
class BlockCodecFuzzTest {
  static final String CHAIN = "ait-fuzz";

  /**
   * Any JSON is a block or an error message, never an exception; a block's own wire text (both writers)
   * decodes to the same block.
   */
  @FuzzTest
  void blockJson(byte[] json) throws JsonParseException {
    JsonValue v;
    try {
      v = JsonParser.parse(json);
    } catch (JsonParseException e) {
      return;
    }
    BlockCodec.Decoded d = BlockCodec.fromJson(v, CHAIN);
    if (!d.isOk()) {
      assertNotNull(d.error(), "a refused block says why");
      return;
    }
    Block b = d.block();
    BlockCodec.Decoded fromText = BlockCodec.fromJson(JsonParser.parse(b.toJsonText(true)), CHAIN);
    assertTrue(fromText.isOk(), fromText::error);
    assertEquals(b, fromText.block());
    BlockCodec.Decoded fromTree = BlockCodec.fromJson(b.toJson(true), CHAIN);
    assertTrue(fromTree.isOk(), fromTree::error);
    assertEquals(b, fromTree.block());
  }
}
