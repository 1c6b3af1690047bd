package org.aitbc.chain.rpc.grpc;

import java.util.Optional;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.core.block.Header;
import org.aitbc.chain.core.block.Timestamps;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.rpc.grpc.proto.Account;
import org.aitbc.chain.rpc.grpc.proto.BlockHeader;
import org.aitbc.chain.rpc.grpc.proto.Head;
import org.aitbc.chain.rpc.grpc.proto.Message;
import org.aitbc.chain.rpc.grpc.proto.Transaction;
import org.aitbc.chain.rpc.grpc.proto.TransactionInfo;

/**
 * Maps the facade's JSON answers (and stored blocks) to the protobuf messages of {@code aitbc.proto}.
 * The JSON comes from {@link org.aitbc.chain.rpc.NodeApi}, so a field means here what it means in the
 * HTTP API; absent or mistyped members become the protobuf default instead of an exception.
 */
final class Protos {
  private Protos() {}

  static Head head(JsonObject o) {
    return Head.newBuilder().setHeight(num(o, "height")).setHash(str(o, "hash")).setParentHash(str(o, "parent_hash"))
        .setTimestamp(str(o, "timestamp")).setTxCount((int) num(o, "tx_count")).setChainId(str(o, "chain_id"))
        .setStateRoot(str(o, "state_root")).build();
  }

  /** A block with its wire JSON: with transactions the text is the one GET /rpc/blocks/{h} serves. */
  static org.aitbc.chain.rpc.grpc.proto.Block block(Block b, boolean headersOnly) {
    Header h = b.header();
    BlockHeader header = BlockHeader.newBuilder().setHeight(h.height()).setHash(b.hash().hex0x())
        .setParentHash(h.parentHash().hex0x()).setProposer(h.proposer()).setTimestamp(Timestamps.format(h.timestampMs()))
        .setTxCount(h.txCount()).setTxRoot(h.txRoot().hex0x()).setStateRoot(h.stateRoot().hex0x())
        .setSignature(b.signature().hex()).build();
    return org.aitbc.chain.rpc.grpc.proto.Block.newBuilder().setHeader(header).setJson(b.toJsonText(!headersOnly)).build();
  }

  static Account account(JsonObject o) {
    Account.Builder a = Account.newBuilder().setAddress(str(o, "address")).setBalance(num(o, "balance"))
        .setExists(o.get("exists").orElse(null) == JsonValue.JsonBool.TRUE).setPublicKey(str(o, "public_key"));
    longOf(o, "nonce").ifPresent(a::setNonce);
    return a.build();
  }

  /** A transaction as the facade shows it: its fields plus, when included, where it sits. */
  static TransactionInfo transactionInfo(JsonObject o) {
    Transaction.Builder t = Transaction.newBuilder().setTxHash(str(o, "tx_hash")).setType(str(o, "type"))
        .setFrom(str(o, "from")).setTo(str(o, "to")).setAmount(num(o, "amount")).setFee(num(o, "fee"))
        .setNonce(num(o, "nonce")).setPayloadJson(o.get("payload").map(PyJson::compactUnsorted).orElse(""))
        .setChainId(str(o, "chain_id")).setSignature(str(o, "signature")).setPublicKey(str(o, "public_key"))
        .setJson(PyJson.compactUnsorted(o));
    TransactionInfo.Builder i = TransactionInfo.newBuilder().setTransaction(t).setStatus(str(o, "status"));
    Optional<Long> height = longOf(o, "block_height");
    if (height.isPresent()) {
      long index = num(o, "tx_index");
      i.setBlockHeight(height.get()).setTxIndex((int) index).setTimestamp(str(o, "timestamp"))
          .setCursor(height.get() + "." + index);
    }
    if (o.get("reason").isPresent()) {
      i.setDropReason(str(o, "reason")).setDropDetail(str(o, "detail")).setDroppedAt(str(o, "dropped_at"));
    }
    return i.build();
  }

  static Message message(JsonObject o) {
    JsonValue payload = o.get("payload").orElse(JsonValue.JsonNull.INSTANCE);
    return Message.newBuilder().setCursor(str(o, "cursor")).setTxHash(str(o, "tx_hash")).setFrom(str(o, "from"))
        .setTo(str(o, "to")).setPayload(payload instanceof JsonValue.JsonString s ? s.value() : "")
        .setPayloadJson(PyJson.compactUnsorted(payload)).setBlockHeight(num(o, "block_height"))
        .setTxIndex((int) num(o, "tx_index")).setTimestamp(str(o, "timestamp")).build();
  }

  static String str(JsonObject o, String key) {
    return o.get(key).orElse(null) instanceof JsonValue.JsonString s ? s.value() : "";
  }

  static long num(JsonObject o, String key) {
    return longOf(o, key).orElse(0L);
  }

  static Optional<Long> longOf(JsonObject o, String key) {
    return o.get(key).orElse(null) instanceof JsonValue.JsonNumber n ? n.longValueExact() : Optional.empty();
  }

  static java.util.List<JsonValue> array(JsonObject o, String key) {
    return o.get(key).orElse(null) instanceof JsonValue.JsonArray a ? a.elements() : java.util.List.of();
  }
}
