package org.aitbc.chain.p2p.message;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.HostPort;
import org.aitbc.chain.p2p.message.P2pMessage.Limits;
import org.aitbc.chain.p2p.proto.P2pProto;
import org.aitbc.chain.p2p.wire.Frame;
import org.aitbc.chain.p2p.wire.P2pProtocolException;
import org.aitbc.chain.p2p.wire.Violation;

/**
 * Maps {@link Frame}s to {@link P2pMessage}s and back. Decoding checks every field: hash and key
 * lengths, string lengths, and the item count of every repeated field ({@link Limits}); a frame that
 * fails raises {@link P2pProtocolException} with {@link Violation#MALFORMED_MESSAGE} or
 * {@link Violation#TOO_MANY_ITEMS}. Encoding trusts its input (it is our own).
 */
public final class MessageCodec {
  private final int magic;

  public MessageCodec(int magic) {
    this.magic = magic;
  }

  public int magic() {
    return magic;
  }

  public Frame encode(P2pMessage message) {
    return new Frame(magic, message.command(), Bytes.wrap(toProto(message).toByteArray()));
  }

  /** The typed message in a frame, or a {@link P2pProtocolException} saying what is wrong with it. */
  public P2pMessage decode(Frame frame) {
    byte[] body = frame.body().unsafeArray();
    try {
      return switch (frame.command()) {
        case VERSION -> version(P2pProto.Version.parseFrom(body));
        case VERACK -> {
          P2pProto.Verack.parseFrom(body);
          yield new P2pMessage.Verack();
        }
        case PING -> new P2pMessage.Ping(P2pProto.Ping.parseFrom(body).getNonce());
        case PONG -> new P2pMessage.Pong(P2pProto.Pong.parseFrom(body).getNonce());
        case GETADDR -> {
          P2pProto.GetAddr.parseFrom(body);
          yield new P2pMessage.GetAddr();
        }
        case ADDR -> addr(P2pProto.Addr.parseFrom(body));
        case INV -> new P2pMessage.Inv(items("inv", P2pProto.Inv.parseFrom(body).getItemsList()));
        case GETDATA -> new P2pMessage.GetData(items("getdata", P2pProto.GetData.parseFrom(body).getItemsList()));
        case NOTFOUND -> new P2pMessage.NotFound(items("notfound", P2pProto.NotFound.parseFrom(body).getItemsList()));
        case TX -> new P2pMessage.Tx(nonEmpty("tx json", P2pProto.Tx.parseFrom(body).getJson()));
        case BLOCK -> new P2pMessage.Block(nonEmpty("block json", P2pProto.Block.parseFrom(body).getJson()));
        case GETBLOCKS -> getBlocks(P2pProto.GetBlocks.parseFrom(body));
        case REJECT -> reject(P2pProto.Reject.parseFrom(body));
      };
    } catch (InvalidProtocolBufferException e) {
      throw malformed(frame.command().wireName() + " body is not valid protobuf: " + e.getMessage());
    }
  }

  // ---- decoding ----

  private static P2pMessage.Version version(P2pProto.Version v) {
    if (v.getProtocolVersion() <= 0) throw malformed("version: protocol_version must be positive");
    checkString("version chain_id", v.getChainId(), Limits.MAX_CHAIN_ID);
    checkString("version listen_host", v.getListenHost(), Limits.MAX_HOST);
    checkString("version user_agent", v.getUserAgent(), Limits.MAX_USER_AGENT);
    // uint32 on the wire: a value of 2^31 or more arrives as a negative int.
    if (v.getListenPort() < 0 || v.getListenPort() > 65535) {
      throw malformed("version: listen_port " + Integer.toUnsignedString(v.getListenPort()) + " > 65535");
    }
    if (v.getBestHeight() < 0) throw malformed("version: best_height out of range");
    return new P2pMessage.Version(v.getProtocolVersion(), v.getChainId(),
        exact("version genesis_hash", v.getGenesisHash(), Limits.HASH_LENGTH), v.getBestHeight(),
        exact("version best_hash", v.getBestHash(), Limits.HASH_LENGTH),
        exact("version node_id", v.getNodeId(), Limits.NODE_ID_LENGTH),
        exact("version node_signature", v.getNodeSignature(), Limits.SIGNATURE_LENGTH),
        v.getListenHost(), v.getListenPort(), v.getUserAgent(), v.getNonce(), v.getTimestampMs());
  }

  private static P2pMessage.Addr addr(P2pProto.Addr a) {
    if (a.getAddressesCount() > Limits.MAX_ADDR) {
      throw tooMany("addr with " + a.getAddressesCount() + " addresses, at most " + Limits.MAX_ADDR);
    }
    List<PeerAddress> out = new ArrayList<>(a.getAddressesCount());
    for (P2pProto.NetAddress n : a.getAddressesList()) {
      checkString("addr host", n.getHost(), Limits.MAX_HOST);
      if (n.getHost().isEmpty()) throw malformed("addr: empty host");
      if (n.getPort() < 1 || n.getPort() > 65535) throw malformed("addr: port " + n.getPort() + " not in 1..65535");
      Bytes id = n.getNodeId().isEmpty() ? PeerAddress.NO_NODE_ID : exact("addr node_id", n.getNodeId(), Limits.NODE_ID_LENGTH);
      out.add(new PeerAddress(new HostPort(n.getHost(), n.getPort()), n.getLastSeenMs(), id));
    }
    return new P2pMessage.Addr(out);
  }

  private static List<InvItem> items(String what, List<P2pProto.InvItem> items) {
    if (items.size() > Limits.MAX_INV) {
      throw tooMany(what + " with " + items.size() + " items, at most " + Limits.MAX_INV);
    }
    List<InvItem> out = new ArrayList<>(items.size());
    for (P2pProto.InvItem i : items) {
      InvItem.Type type = switch (i.getType()) {
        case INV_TX -> InvItem.Type.TX;
        case INV_BLOCK -> InvItem.Type.BLOCK;
        default -> throw malformed(what + ": unknown inventory type " + i.getTypeValue());
      };
      out.add(new InvItem(type, exact(what + " hash", i.getHash(), Limits.HASH_LENGTH)));
    }
    return out;
  }

  private static P2pMessage.GetBlocks getBlocks(P2pProto.GetBlocks g) {
    if (g.getLocatorCount() > Limits.MAX_LOCATOR) {
      throw tooMany("getblocks with " + g.getLocatorCount() + " locator hashes, at most " + Limits.MAX_LOCATOR);
    }
    List<Bytes> locator = new ArrayList<>(g.getLocatorCount());
    for (ByteString h : g.getLocatorList()) locator.add(exact("getblocks locator hash", h, Limits.HASH_LENGTH));
    Bytes stop = g.getStopHash().isEmpty() ? P2pMessage.GetBlocks.NO_STOP
        : exact("getblocks stop_hash", g.getStopHash(), Limits.HASH_LENGTH);
    return new P2pMessage.GetBlocks(locator, stop);
  }

  private static P2pMessage.Reject reject(P2pProto.Reject r) {
    checkString("reject command", r.getCommand(), 12);
    checkString("reject detail", r.getDetail(), Limits.MAX_DETAIL);
    RejectCode code = switch (r.getCode()) {
      case REJECT_MALFORMED -> RejectCode.MALFORMED;
      case REJECT_INVALID -> RejectCode.INVALID;
      case REJECT_OBSOLETE -> RejectCode.OBSOLETE;
      case REJECT_WRONG_GENESIS -> RejectCode.WRONG_GENESIS;
      case REJECT_WRONG_CHAIN_ID -> RejectCode.WRONG_CHAIN_ID;
      case REJECT_DUPLICATE -> RejectCode.DUPLICATE;
      case REJECT_TOO_MANY_PEERS -> RejectCode.TOO_MANY_PEERS;
      case REJECT_BANNED -> RejectCode.BANNED;
      case REJECT_PROTOCOL -> RejectCode.PROTOCOL;
      default -> RejectCode.UNSPECIFIED;
    };
    return new P2pMessage.Reject(code, r.getCommand(), r.getDetail());
  }

  private static Bytes exact(String what, ByteString b, int length) {
    if (b.size() != length) throw malformed(what + " must be " + length + " bytes, got " + b.size());
    return Bytes.wrap(b.toByteArray());
  }

  private static Bytes nonEmpty(String what, ByteString b) {
    if (b.isEmpty()) throw malformed(what + " is empty");
    return Bytes.wrap(b.toByteArray());
  }

  private static void checkString(String what, String s, int max) {
    if (s.length() > max) throw malformed(what + " longer than " + max + " characters");
  }

  private static P2pProtocolException malformed(String detail) {
    return new P2pProtocolException(Violation.MALFORMED_MESSAGE, detail);
  }

  private static P2pProtocolException tooMany(String detail) {
    return new P2pProtocolException(Violation.TOO_MANY_ITEMS, detail);
  }

  // ---- encoding ----

  private static com.google.protobuf.MessageLite toProto(P2pMessage m) {
    if (m instanceof P2pMessage.Version v) {
      return P2pProto.Version.newBuilder().setProtocolVersion(v.protocolVersion()).setChainId(v.chainId())
          .setGenesisHash(bs(v.genesisHash())).setBestHeight(v.bestHeight()).setBestHash(bs(v.bestHash()))
          .setNodeId(bs(v.nodeId())).setNodeSignature(bs(v.nodeSignature())).setListenHost(v.listenHost())
          .setListenPort(v.listenPort()).setUserAgent(v.userAgent()).setNonce(v.nonce())
          .setTimestampMs(v.timestampMs()).build();
    } else if (m instanceof P2pMessage.Verack) {
      return P2pProto.Verack.getDefaultInstance();
    } else if (m instanceof P2pMessage.Ping p) {
      return P2pProto.Ping.newBuilder().setNonce(p.nonce()).build();
    } else if (m instanceof P2pMessage.Pong p) {
      return P2pProto.Pong.newBuilder().setNonce(p.nonce()).build();
    } else if (m instanceof P2pMessage.GetAddr) {
      return P2pProto.GetAddr.getDefaultInstance();
    } else if (m instanceof P2pMessage.Addr a) {
      P2pProto.Addr.Builder b = P2pProto.Addr.newBuilder();
      for (PeerAddress p : a.addresses()) {
        b.addAddresses(P2pProto.NetAddress.newBuilder().setHost(p.endpoint().host()).setPort(p.endpoint().port())
            .setLastSeenMs(p.lastSeenMs()).setNodeId(bs(p.nodeId())));
      }
      return b.build();
    } else if (m instanceof P2pMessage.Inv i) {
      return P2pProto.Inv.newBuilder().addAllItems(toProto(i.items())).build();
    } else if (m instanceof P2pMessage.GetData g) {
      return P2pProto.GetData.newBuilder().addAllItems(toProto(g.items())).build();
    } else if (m instanceof P2pMessage.NotFound n) {
      return P2pProto.NotFound.newBuilder().addAllItems(toProto(n.items())).build();
    } else if (m instanceof P2pMessage.Tx t) {
      return P2pProto.Tx.newBuilder().setJson(bs(t.json())).build();
    } else if (m instanceof P2pMessage.Block b) {
      return P2pProto.Block.newBuilder().setJson(bs(b.json())).build();
    } else if (m instanceof P2pMessage.GetBlocks g) {
      P2pProto.GetBlocks.Builder b = P2pProto.GetBlocks.newBuilder().setStopHash(bs(g.stopHash()));
      for (Bytes h : g.locator()) b.addLocator(bs(h));
      return b.build();
    } else if (m instanceof P2pMessage.Reject r) {
      P2pProto.RejectCode code = switch (r.code()) {
        case UNSPECIFIED -> P2pProto.RejectCode.REJECT_UNSPECIFIED;
        case MALFORMED -> P2pProto.RejectCode.REJECT_MALFORMED;
        case INVALID -> P2pProto.RejectCode.REJECT_INVALID;
        case OBSOLETE -> P2pProto.RejectCode.REJECT_OBSOLETE;
        case WRONG_GENESIS -> P2pProto.RejectCode.REJECT_WRONG_GENESIS;
        case WRONG_CHAIN_ID -> P2pProto.RejectCode.REJECT_WRONG_CHAIN_ID;
        case DUPLICATE -> P2pProto.RejectCode.REJECT_DUPLICATE;
        case TOO_MANY_PEERS -> P2pProto.RejectCode.REJECT_TOO_MANY_PEERS;
        case BANNED -> P2pProto.RejectCode.REJECT_BANNED;
        case PROTOCOL -> P2pProto.RejectCode.REJECT_PROTOCOL;
      };
      String detail = r.detail().length() > Limits.MAX_DETAIL ? r.detail().substring(0, Limits.MAX_DETAIL) : r.detail();
      return P2pProto.Reject.newBuilder().setCode(code).setCommand(r.rejectedCommand()).setDetail(detail).build();
    }
    throw new IllegalArgumentException("unknown message " + m.getClass());
  }

  private static List<P2pProto.InvItem> toProto(List<InvItem> items) {
    List<P2pProto.InvItem> out = new ArrayList<>(items.size());
    for (InvItem i : items) {
      out.add(P2pProto.InvItem.newBuilder()
          .setType(i.type() == InvItem.Type.TX ? P2pProto.InvType.INV_TX : P2pProto.InvType.INV_BLOCK)
          .setHash(bs(i.hash())).build());
    }
    return out;
  }

  private static ByteString bs(Bytes b) {
    return ByteString.copyFrom(b.unsafeArray());
  }

}
