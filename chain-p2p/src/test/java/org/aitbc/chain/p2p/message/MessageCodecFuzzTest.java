package org.aitbc.chain.p2p.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.Set;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.TestData;
import org.aitbc.chain.p2p.wire.Command;
import org.aitbc.chain.p2p.wire.Frame;
import org.aitbc.chain.p2p.wire.P2pProtocolException;
import org.aitbc.chain.p2p.wire.Violation;
import org.aitbc.chain.p2p.wire.WireFormat;

/**
 * Coverage-guided fuzzing of every P2P message codec. The first input byte picks the command (its ordinal,
 * modulo the number of commands), the rest is the frame body; the seeds in {@code MessageCodecFuzzTestInputs}
 * are one valid body per command.
 */
class MessageCodecFuzzTest {
  static final MessageCodec CODEC = new MessageCodec(WireFormat.magic(TestData.GENESIS_A));
  static final Command[] COMMANDS = Command.values();
  static final Set<Violation> DECODE_VIOLATIONS = Set.of(Violation.MALFORMED_MESSAGE, Violation.TOO_MANY_ITEMS);

  /**
   * A body decodes to a message whose every field is in its documented range, or raises a malformed or
   * too-many-items violation (nothing else); decode, encode, decode gives the same message, and encoding it
   * again gives the same bytes.
   */
  @FuzzTest
  void decodeEncodeDecode(byte[] input) {
    if (input.length == 0) return;
    Command command = COMMANDS[Byte.toUnsignedInt(input[0]) % COMMANDS.length];
    Frame frame = new Frame(CODEC.magic(), command, Bytes.wrap(Arrays.copyOfRange(input, 1, input.length)));
    P2pMessage m;
    try {
      m = CODEC.decode(frame);
    } catch (P2pProtocolException e) {
      assertTrue(DECODE_VIOLATIONS.contains(e.violation()), e::getMessage);
      return;
    }
    assertEquals(command, m.command());
    assertInRange(m);
    Frame encoded = CODEC.encode(m);
    assertEquals(command, encoded.command());
    assertEquals(m, CODEC.decode(encoded));
    assertEquals(encoded, CODEC.encode(CODEC.decode(encoded)));
  }

  private static void assertInRange(P2pMessage m) {
    if (m instanceof P2pMessage.Version v) {
      assertTrue(v.protocolVersion() > 0, "protocol_version " + v.protocolVersion());
      assertTrue(v.listenPort() >= 0 && v.listenPort() <= 65535, "listen_port " + v.listenPort());
      assertTrue(v.bestHeight() >= 0, "best_height " + v.bestHeight());
    } else if (m instanceof P2pMessage.Addr a) {
      assertTrue(a.addresses().size() <= P2pMessage.Limits.MAX_ADDR);
      for (PeerAddress p : a.addresses()) {
        int idLength = p.nodeId().length();
        assertTrue(idLength == 0 || idLength == P2pMessage.Limits.NODE_ID_LENGTH, "node_id of " + idLength + " bytes");
      }
    } else if (m instanceof P2pMessage.Reject r) {
      assertTrue(r.detail().length() <= P2pMessage.Limits.MAX_DETAIL);
    }
  }
}
