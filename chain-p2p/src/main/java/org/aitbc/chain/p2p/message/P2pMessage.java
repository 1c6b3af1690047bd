package org.aitbc.chain.p2p.message;

import java.util.List;
import java.util.Objects;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.p2p.wire.Command;

/**
 * The typed messages of the P2P protocol, one record per frame command. {@link MessageCodec} maps them
 * to and from frames and enforces the limits in {@link Limits}.
 */
public sealed interface P2pMessage {
  Command command();

  /** First message of each side. {@code nodeSignature} signs {@code Handshake.signedPayload(...)}. */
  record Version(int protocolVersion, String chainId, Bytes genesisHash, long bestHeight, Bytes bestHash,
      Bytes nodeId, Bytes nodeSignature, String listenHost, int listenPort, String userAgent, long nonce,
      long timestampMs) implements P2pMessage {
    public Version {
      Objects.requireNonNull(chainId);
      Objects.requireNonNull(genesisHash);
      Objects.requireNonNull(bestHash);
      Objects.requireNonNull(nodeId);
      Objects.requireNonNull(nodeSignature);
      Objects.requireNonNull(listenHost);
      Objects.requireNonNull(userAgent);
    }

    @Override
    public Command command() {
      return Command.VERSION;
    }
  }

  record Verack() implements P2pMessage {
    @Override
    public Command command() {
      return Command.VERACK;
    }
  }

  record Ping(long nonce) implements P2pMessage {
    @Override
    public Command command() {
      return Command.PING;
    }
  }

  record Pong(long nonce) implements P2pMessage {
    @Override
    public Command command() {
      return Command.PONG;
    }
  }

  record GetAddr() implements P2pMessage {
    @Override
    public Command command() {
      return Command.GETADDR;
    }
  }

  record Addr(List<PeerAddress> addresses) implements P2pMessage {
    public Addr {
      addresses = List.copyOf(addresses);
    }

    @Override
    public Command command() {
      return Command.ADDR;
    }
  }

  record Inv(List<InvItem> items) implements P2pMessage {
    public Inv {
      items = List.copyOf(items);
    }

    @Override
    public Command command() {
      return Command.INV;
    }
  }

  record GetData(List<InvItem> items) implements P2pMessage {
    public GetData {
      items = List.copyOf(items);
    }

    @Override
    public Command command() {
      return Command.GETDATA;
    }
  }

  record NotFound(List<InvItem> items) implements P2pMessage {
    public NotFound {
      items = List.copyOf(items);
    }

    @Override
    public Command command() {
      return Command.NOTFOUND;
    }
  }

  /** A transaction as its compact JSON ({@code Transaction.compactJson()}), UTF-8. */
  record Tx(Bytes json) implements P2pMessage {
    public Tx {
      Objects.requireNonNull(json);
    }

    @Override
    public Command command() {
      return Command.TX;
    }
  }

  /** A block as compact JSON with its transactions, UTF-8. */
  record Block(Bytes json) implements P2pMessage {
    public Block {
      Objects.requireNonNull(json);
    }

    @Override
    public Command command() {
      return Command.BLOCK;
    }
  }

  /** Ask for the block hashes after the first locator hash the peer knows, up to {@code stopHash}. */
  record GetBlocks(List<Bytes> locator, Bytes stopHash) implements P2pMessage {
    public static final Bytes NO_STOP = Bytes.wrap(new byte[32]);

    public GetBlocks {
      locator = List.copyOf(locator);
      Objects.requireNonNull(stopHash);
    }

    @Override
    public Command command() {
      return Command.GETBLOCKS;
    }
  }

  record Reject(RejectCode code, String rejectedCommand, String detail) implements P2pMessage {
    public Reject {
      Objects.requireNonNull(code);
      Objects.requireNonNull(rejectedCommand);
      Objects.requireNonNull(detail);
    }

    @Override
    public Command command() {
      return Command.REJECT;
    }
  }

  /** Size limits of the decoded messages. */
  final class Limits {
    public static final int MAX_ADDR = 1000;
    public static final int MAX_INV = 50_000;
    public static final int MAX_LOCATOR = 101;
    public static final int HASH_LENGTH = 32;
    public static final int NODE_ID_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;
    public static final int MAX_CHAIN_ID = 64;
    public static final int MAX_HOST = 255;
    public static final int MAX_USER_AGENT = 256;
    public static final int MAX_DETAIL = 1024;

    private Limits() {}
  }
}
