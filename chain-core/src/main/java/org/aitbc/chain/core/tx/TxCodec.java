package org.aitbc.chain.core.tx;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aitbc.chain.core.crypto.Address;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonNumber;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.JsonValue.JsonString;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.core.util.Hex;

/**
 * Turns a client's JSON into a {@link Transaction}, checking the shape of every field (wire contract
 * §1). It checks no signature and no state: see {@link TxRules}.
 */
public final class TxCodec {
  /** Payloads bigger than this (compact JSON bytes) are refused unless a node sets another limit. */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;

  static final Set<String> KNOWN_TYPES = Set.of(Transaction.TRANSFER, org.aitbc.chain.core.agent.AgentTx.REGISTER,
      org.aitbc.chain.core.agent.AgentTx.UPDATE, org.aitbc.chain.core.agent.AgentTx.DEREGISTER);
  private static final Set<String> FIELDS = Set.of(
      "type", "from", "to", "amount", "fee", "nonce", "payload", "chain_id", "signature", "public_key");
  private static final String[] REQUIRED = {"from", "to", "amount", "fee", "nonce", "payload", "chain_id", "signature"};

  private TxCodec() {}

  /** Either a transaction or the reason it is malformed. */
  public record Parsed(Transaction tx, Refusal refusal) {
    public static Parsed ok(Transaction tx) {
      return new Parsed(tx, null);
    }

    public static Parsed refused(Reason r, String detail) {
      return new Parsed(null, Refusal.of(r, detail));
    }

    public boolean isOk() {
      return tx != null;
    }
  }

  public static Parsed parse(byte[] json, int maxPayloadBytes) {
    JsonValue v;
    try {
      v = JsonParser.parse(json);
    } catch (JsonParseException e) {
      return Parsed.refused(Reason.INVALID_JSON, "body is not valid JSON: " + e.getMessage());
    }
    return parse(v, maxPayloadBytes);
  }

  /** Parses a stored or relayed transaction that was valid once; throws if it is not. */
  public static Transaction parseTrusted(String compactJson) {
    try {
      Parsed p = parse(JsonParser.parse(compactJson), Integer.MAX_VALUE);
      if (!p.isOk()) throw new IllegalStateException("stored transaction is invalid: " + p.refusal());
      return p.tx();
    } catch (JsonParseException e) {
      throw new IllegalStateException("stored transaction is not JSON: " + e.getMessage(), e);
    }
  }

  public static Parsed parse(JsonValue v, int maxPayloadBytes) {
    if (!(v instanceof JsonObject o)) {
      return Parsed.refused(Reason.INVALID_JSON, "a transaction must be a JSON object");
    }
    for (String k : o.members().keySet()) {
      if (!FIELDS.contains(k)) return Parsed.refused(Reason.INVALID_FIELD, "unknown field '" + k + "'");
    }
    for (String k : REQUIRED) {
      if (!o.members().containsKey(k)) return Parsed.refused(Reason.MISSING_FIELD, "field '" + k + "' is required");
    }
    Map<String, JsonValue> m = o.members();

    String type = Transaction.TRANSFER;
    if (m.containsKey("type")) {
      Optional<String> t = string(m.get("type"));
      if (t.isEmpty() || !KNOWN_TYPES.contains(t.get())) {
        return Parsed.refused(Reason.INVALID_FIELD, "type must be one of " + KNOWN_TYPES);
      }
      type = t.get();
    }
    Optional<String> from = string(m.get("from"));
    if (from.isEmpty() || !Address.isValid(from.get())) {
      return Parsed.refused(Reason.INVALID_FIELD, "from must be an address: \"ait1\" and 40 lowercase hex characters");
    }
    Optional<String> to = string(m.get("to"));
    if (to.isEmpty() || !isRecipient(to.get())) {
      return Parsed.refused(Reason.INVALID_FIELD, "to must be an address: \"ait1\" and 38 to 90 lowercase letters or digits");
    }
    Optional<Long> amount = nonNegativeLong(m.get("amount"));
    if (amount.isEmpty()) return Parsed.refused(Reason.INVALID_FIELD, "amount must be an integer from 0 to 2^63-1");
    Optional<Long> fee = nonNegativeLong(m.get("fee"));
    if (fee.isEmpty()) return Parsed.refused(Reason.INVALID_FIELD, "fee must be an integer from 0 to 2^63-1");
    Optional<Long> nonce = nonNegativeLong(m.get("nonce"));
    if (nonce.isEmpty()) return Parsed.refused(Reason.INVALID_FIELD, "nonce must be an integer from 0 to 2^63-1");
    Optional<String> chainId = string(m.get("chain_id"));
    if (chainId.isEmpty() || chainId.get().isEmpty() || chainId.get().length() > 64) {
      return Parsed.refused(Reason.INVALID_FIELD, "chain_id must be a string of 1 to 64 characters");
    }
    Optional<String> sig = string(m.get("signature"));
    if (sig.isEmpty() || !Hex.isLowerHex(sig.get(), 128)) {
      return Parsed.refused(Reason.INVALID_FIELD, "signature must be 128 lowercase hex characters");
    }
    Bytes publicKey = null;
    if (m.containsKey("public_key")) {
      Optional<String> pk = string(m.get("public_key"));
      if (pk.isEmpty() || !Hex.isLowerHex(pk.get(), 64)) {
        return Parsed.refused(Reason.INVALID_FIELD, "public_key must be 64 lowercase hex characters");
      }
      publicKey = Bytes.fromHex(pk.get());
    }
    JsonValue payload = m.get("payload");
    Transaction.Texts texts = Transaction.Texts.of(o);
    if (texts.payloadSize() > maxPayloadBytes) {
      return Parsed.refused(Reason.PAYLOAD_TOO_LARGE,
          "payload is " + texts.payloadSize() + " bytes; the limit is " + maxPayloadBytes);
    }
    if (!type.equals(Transaction.TRANSFER)) {
      Refusal shape = org.aitbc.chain.core.agent.AgentTx.checkShape(type, from.get(), to.get(), amount.get(), payload);
      if (shape != null) return new Parsed(null, shape);
    }
    return Parsed.ok(new Transaction(texts, type, from.get(), to.get(), amount.get(), fee.get(),
        nonce.get(), payload, chainId.get(), Bytes.fromHex(sig.get()), publicKey));
  }

  /** An address as a recipient may be: the hex form, or the bech32 form with HRP "ait" that AITBC node keys use. */
  public static boolean isAddress(String a) {
    return isRecipient(a);
  }

  static boolean isRecipient(String a) {
    if (a.length() < 42 || a.length() > 94 || !a.startsWith("ait1")) return false;
    for (int i = 4; i < a.length(); i++) {
      char c = a.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) return false;
    }
    return true;
  }

  private static Optional<String> string(JsonValue v) {
    return v instanceof JsonString s ? Optional.of(s.value()) : Optional.empty();
  }

  private static Optional<Long> nonNegativeLong(JsonValue v) {
    if (!(v instanceof JsonNumber n)) return Optional.empty();
    String lex = n.lexeme();
    // Only canonical integer lexemes, so that the signed text and the value agree.
    if (lex.startsWith("-") || (lex.length() > 1 && lex.charAt(0) == '0')) return Optional.empty();
    return n.longValueExact();
  }
}
