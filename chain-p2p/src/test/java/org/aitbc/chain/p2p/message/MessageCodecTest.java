package org.aitbc.chain.p2p.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.HostPort;
import org.aitbc.chain.p2p.TestData;
import org.aitbc.chain.p2p.proto.P2pProto;
import org.aitbc.chain.p2p.wire.Command;
import org.aitbc.chain.p2p.wire.Frame;
import org.aitbc.chain.p2p.wire.P2pProtocolException;
import org.aitbc.chain.p2p.wire.Violation;
import org.aitbc.chain.p2p.wire.WireFormat;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  final MessageCodec codec = new MessageCodec(WireFormat.magic(TestData.GENESIS_A));
  final Bytes h1 = TestData.hash("1");
  final Bytes h2 = TestData.hash("2");

  @Test
  void everyMessageTypeSurvivesARoundTrip() {
    List<P2pMessage> all = List.of(
        TestData.version(1, TestData.GENESIS_A, "ait-dev", -42L),
        new P2pMessage.Verack(), new P2pMessage.Ping(7), new P2pMessage.Pong(-7), new P2pMessage.GetAddr(),
        new P2pMessage.Addr(List.of(new PeerAddress(new HostPort("10.0.0.1", 9001), 123, TestData.key(2).publicKey()),
            new PeerAddress(new HostPort("example.org", 1), 0))),
        new P2pMessage.Inv(List.of(InvItem.tx(h1), InvItem.block(h2))),
        new P2pMessage.GetData(List.of(InvItem.block(h1))),
        new P2pMessage.NotFound(List.of(InvItem.tx(h2))),
        new P2pMessage.Tx(Bytes.wrap("{\"x\":1}".getBytes())),
        new P2pMessage.Block(Bytes.wrap("{\"height\":1}".getBytes())),
        new P2pMessage.GetBlocks(List.of(h1, h2), P2pMessage.GetBlocks.NO_STOP),
        new P2pMessage.Reject(RejectCode.WRONG_GENESIS, "version", "not our chain"));
    for (P2pMessage m : all) {
      Frame f = codec.encode(m);
      assertEquals(m.command(), f.command());
      assertEquals(m, codec.decode(f), m.command().wireName());
    }
  }

  @Test
  void anAddrOfMoreThanAThousandAddressesIsRefused() {
    P2pProto.Addr.Builder b = P2pProto.Addr.newBuilder();
    for (int i = 0; i <= 1000; i++) b.addAddresses(P2pProto.NetAddress.newBuilder().setHost("10.0.0.1").setPort(1 + i));
    assertViolation(Violation.TOO_MANY_ITEMS, Command.ADDR, b.build().toByteArray());
  }

  @Test
  void anInvOfMoreThanFiftyThousandItemsIsRefused() {
    List<InvItem> items = new ArrayList<>(Collections.nCopies(50_001, InvItem.tx(h1)));
    Frame f = codec.encode(new P2pMessage.Inv(items));
    P2pProtocolException e = assertThrows(P2pProtocolException.class, () -> codec.decode(f));
    assertEquals(Violation.TOO_MANY_ITEMS, e.violation());
    assertEquals(50_000, ((P2pMessage.Inv) codec.decode(codec.encode(new P2pMessage.Inv(items.subList(0, 50_000))))).items().size());
  }

  @Test
  void aLocatorOfMoreThan101HashesIsRefused() {
    Frame f = codec.encode(new P2pMessage.GetBlocks(Collections.nCopies(102, h1), P2pMessage.GetBlocks.NO_STOP));
    assertEquals(Violation.TOO_MANY_ITEMS, assertThrows(P2pProtocolException.class, () -> codec.decode(f)).violation());
  }

  @Test
  void aHashOfTheWrongLengthIsMalformed() {
    byte[] body = P2pProto.Inv.newBuilder().addItems(P2pProto.InvItem.newBuilder()
        .setType(P2pProto.InvType.INV_TX).setHash(com.google.protobuf.ByteString.copyFrom(new byte[31]))).build().toByteArray();
    assertViolation(Violation.MALFORMED_MESSAGE, Command.INV, body);
  }

  @Test
  void anUnknownInventoryTypeIsMalformed() {
    byte[] body = P2pProto.GetData.newBuilder().addItems(P2pProto.InvItem.newBuilder()
        .setTypeValue(9).setHash(com.google.protobuf.ByteString.copyFrom(new byte[32]))).build().toByteArray();
    assertViolation(Violation.MALFORMED_MESSAGE, Command.GETDATA, body);
  }

  @Test
  void aBodyThatIsNotProtobufIsMalformed() {
    assertViolation(Violation.MALFORMED_MESSAGE, Command.VERSION, new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
  }

  @Test
  void aVersionWithoutANodeIdIsMalformed() {
    byte[] body = P2pProto.Version.newBuilder().setProtocolVersion(1).setChainId("c")
        .setGenesisHash(com.google.protobuf.ByteString.copyFrom(new byte[32]))
        .setBestHash(com.google.protobuf.ByteString.copyFrom(new byte[32])).build().toByteArray();
    assertViolation(Violation.MALFORMED_MESSAGE, Command.VERSION, body);
  }

  @Test
  void anEmptyTxIsMalformed() {
    assertViolation(Violation.MALFORMED_MESSAGE, Command.TX, new byte[0]);
  }

  private void assertViolation(Violation v, Command c, byte[] body) {
    Frame f = new Frame(codec.magic(), c, Bytes.wrap(body));
    assertEquals(v, assertThrows(P2pProtocolException.class, () -> codec.decode(f)).violation());
  }
}
