package org.aitbc.chain.messaging.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.messaging.Envelope;
import org.aitbc.chain.messaging.InboxMessage;
import org.aitbc.chain.messaging.MessageCrypto;

/**
 * One inbox message as the commands show it: the node's fields, the envelope read from the payload (or
 * the raw payload and why it is raw), and the content, decrypted when a key is given.
 *
 * @param readable the envelope with readable content (decrypted if it was encrypted); null when raw or not opened
 */
record MessageView(InboxMessage message, Envelope.Parsed parsed, Envelope readable, String decryptError) {

  static MessageView of(InboxMessage m, KeyPair key) {
    Envelope.Parsed p = m.parsed();
    if (!(p instanceof Envelope.Structured s)) return new MessageView(m, p, null, null);
    Envelope e = s.envelope();
    if (!e.encrypted()) return new MessageView(m, p, e, null);
    if (key == null || !key.address().equals(m.to())) return new MessageView(m, p, null, null);
    MessageCrypto.OpenResult r = MessageCrypto.open(e, m.from(), m.to(), key);
    if (r instanceof MessageCrypto.Opened o) return new MessageView(m, p, o.envelope(), null);
    return new MessageView(m, p, null, "cannot decrypt message " + m.txHash() + ": " + ((MessageCrypto.Failed) r).reason());
  }

  Envelope envelope() {
    return parsed instanceof Envelope.Structured s ? s.envelope() : null;
  }

  /** The content for a person: the text body, other JSON compact, or a note. */
  String text() {
    if (parsed instanceof Envelope.Raw r) return r.text();
    Envelope e = envelope();
    if (readable == null) return decryptError != null ? "(" + decryptError + ")" : "(encrypted)";
    JsonValue body = readable.body();
    String t = body == null ? "" : body instanceof JsonValue.JsonString s ? s.value() : PyJson.compactUnsorted(body);
    if (e.replyTo() != null && (e.kind().isAnswer() || t.isEmpty())) t = (t.isEmpty() ? "" : t + " ") + "(re " + e.replyTo() + ")";
    return (e.encrypted() ? "[encrypted] " : "") + t;
  }

  String kind() {
    Envelope e = envelope();
    return e == null ? "raw" : e.kind().wire();
  }

  /** One line: cursor, time, sender, kind, content. */
  String line() {
    String t = text().replace('\n', ' ').replace('\r', ' ');
    return message.cursor() + "  " + message.timestamp() + "  " + message.from() + "  " + kind() + "  " + t;
  }

  JsonObject json() {
    InboxMessage m = message;
    Map<String, JsonValue> o = new LinkedHashMap<>();
    o.put("cursor", JsonValue.str(m.cursor()));
    o.put("tx_hash", JsonValue.str(m.txHash()));
    o.put("from", JsonValue.str(m.from()));
    o.put("to", JsonValue.str(m.to()));
    o.put("block_height", JsonValue.num(m.blockHeight()));
    o.put("tx_index", JsonValue.num(m.txIndex()));
    o.put("timestamp", JsonValue.str(m.timestamp()));
    o.put("payload", m.payload());
    if (parsed instanceof Envelope.Raw r) {
      o.put("format", JsonValue.str("raw"));
      o.put("raw_reason", JsonValue.str(r.reason()));
      o.put("text", JsonValue.str(r.text()));
      return new JsonObject(o);
    }
    Envelope e = envelope();
    o.put("format", JsonValue.str("envelope"));
    o.put("id", JsonValue.str(e.id()));
    o.put("kind", JsonValue.str(e.kind().wire()));
    o.put("reply_to", e.replyTo() == null ? JsonValue.JsonNull.INSTANCE : JsonValue.str(e.replyTo()));
    o.put("correlation_id", e.correlationId() == null ? JsonValue.JsonNull.INSTANCE : JsonValue.str(e.correlationId()));
    o.put("require_ack", JsonValue.JsonBool.of(e.requireAck()));
    o.put("encrypted", JsonValue.JsonBool.of(e.encrypted()));
    if (readable != null) {
      o.put("content_type", readable.contentType() == null ? JsonValue.JsonNull.INSTANCE : JsonValue.str(readable.contentType()));
      o.put("body", readable.body() == null ? JsonValue.JsonNull.INSTANCE : readable.body());
      if (readable.body() instanceof JsonValue.JsonString s) o.put("text", s);
    }
    if (decryptError != null) o.put("decrypt_error", JsonValue.str(decryptError));
    return new JsonObject(o);
  }
}
