package org.aitbc.chain.core.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.testutil.Keys;
import org.aitbc.chain.core.testutil.Transfers;
import org.aitbc.chain.core.util.Bytes;

/**
 * {@link BlockCodec#fromJson}, which reads every block a peer or {@code /rpc/importBlock} sends: a block's
 * own JSON reads back as the same block, and a block JSON with a field missing, of the wrong type, or with
 * one hex digit of its header changed is refused with a reason, never read as another block, never thrown.
 */
class BlockCodecProperties {
  static final String CHAIN = Transfers.CHAIN_ID;
  static final List<String> FIELDS = List.of("height", "hash", "parent_hash", "proposer", "timestamp", "tx_count",
      "tx_root", "state_root", "signature", "transactions");
  static final List<String> HEADER_HEX = List.of("parent_hash", "tx_root", "state_root");

  @Provide
  Arbitrary<Block> blocks() {
    Arbitrary<Bytes> hash = Arbitraries.bytes().array(byte[].class).ofSize(32).map(Bytes::wrap);
    Arbitrary<Bytes> sig = Arbitraries.bytes().array(byte[].class).ofSize(64).map(Bytes::wrap);
    Arbitrary<List<Transaction>> txs = Arbitraries.integers().between(1, 20).list().ofMaxSize(4).map(senders -> {
      List<Transaction> out = new ArrayList<>();
      for (int i = 0; i < senders.size(); i++) {
        out.add(Transfers.from(Keys.key(senders.get(i))).to(Keys.key(30).address()).nonce(i + 1).amount(i).tx());
      }
      return out;
    });
    return Combinators.combine(Arbitraries.longs().between(1, Long.MAX_VALUE), hash, Arbitraries.longs().between(0, 253_402_300_799_999L),
        Arbitraries.integers().between(1, 20), hash, sig, txs).as((height, parent, time, proposer, stateRoot, s, t) -> {
          Header h = new Header(CHAIN, height, parent, time, Keys.key(proposer).address(), t.size(),
              MerkleTree.root(t.stream().map(Transaction::hash).toList()), stateRoot);
          return Block.sealed(h, s, t);
        });
  }

  @Property(tries = 200)
  void aBlocksOwnJsonReadsBackAsTheSameBlock(@ForAll("blocks") Block b) throws Exception {
    BlockCodec.Decoded fromText = BlockCodec.fromJson(JsonParser.parse(b.toJsonText(true)), CHAIN);
    assertTrue(fromText.isOk(), fromText::error);
    assertEquals(b, fromText.block());
    assertEquals(b.toJsonText(true), fromText.block().toJsonText(true), "and writes the same text");
    BlockCodec.Decoded fromTree = BlockCodec.fromJson(b.toJson(true), CHAIN);
    assertEquals(b, fromTree.block());
  }

  @Property(tries = 300)
  void aMissingOrMistypedFieldIsRefusedWithAReason(@ForAll("blocks") Block b,
      @ForAll @IntRange(min = 0, max = 9) int field, @ForAll boolean remove) {
    Map<String, JsonValue> m = new LinkedHashMap<>(b.toJson(true).members());
    String name = FIELDS.get(field);
    if (remove) m.remove(name);
    else m.put(name, JsonValue.JsonBool.TRUE);
    BlockCodec.Decoded d = BlockCodec.fromJson(new JsonObject(m), CHAIN);
    assertFalse(d.isOk(), () -> name + (remove ? " removed" : " set to true") + " was read as a block");
    assertNotNull(d.error());
  }

  @Property(tries = 300)
  void oneChangedHexDigitOfTheHeaderIsRefusedAsAHashMismatch(@ForAll("blocks") Block b,
      @ForAll @IntRange(min = 0, max = 2) int field, @ForAll @IntRange(min = 2, max = 65) int digit) {
    Map<String, JsonValue> m = new LinkedHashMap<>(b.toJson(true).members());
    String name = HEADER_HEX.get(field);
    String hex = ((JsonValue.JsonString) m.get(name)).value();
    char c = hex.charAt(digit);
    char other = c == '0' ? '1' : '0';
    m.put(name, JsonValue.str(hex.substring(0, digit) + other + hex.substring(digit + 1)));
    BlockCodec.Decoded d = BlockCodec.fromJson(new JsonObject(m), CHAIN);
    assertFalse(d.isOk(), () -> name + " digit " + digit + " changed was read as a block");
    assertEquals("hash does not match the header", d.error());
  }
}
