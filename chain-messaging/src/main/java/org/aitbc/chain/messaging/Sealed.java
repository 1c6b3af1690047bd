package org.aitbc.chain.messaging;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.util.Bytes;

/**
 * The {@code enc} member of an encrypted envelope: the HPKE suite, the encapsulated key and the
 * ciphertext (with its 16-byte tag), both base64url without padding.
 */
public record Sealed(String alg, Bytes enc, Bytes ciphertext) {
  /** RFC 9180 base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305. */
  public static final String ALG = "hpke-base-x25519-sha256-chacha20poly1305";
  /** Longest ciphertext read (the payload limit bounds it anyway). */
  static final int MAX_CT_CHARS = 2 * Envelope.MAX_PAYLOAD_BYTES;

  public Sealed {
    if (alg == null || enc == null || ciphertext == null) throw new IllegalArgumentException("alg, enc and ct are required");
  }

  public JsonObject toJson() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return Json.obj("alg", alg, "enc", b64.encodeToString(enc.unsafeArray()), "ct",
        b64.encodeToString(ciphertext.unsafeArray()));
  }

  /** The {@code enc} object, or the reason it is not one (never throws). */
  static Result parse(JsonValue v) {
    if (!(v instanceof JsonObject o)) return new Result(null, "enc must be an object");
    for (String k : o.members().keySet()) {
      if (!k.equals("alg") && !k.equals("enc") && !k.equals("ct")) return new Result(null, "enc has an unknown member '" + k + "'");
    }
    Map<String, JsonValue> m = o.members();
    if (!(m.get("alg") instanceof JsonValue.JsonString alg) || alg.value().isEmpty() || alg.value().length() > 100) {
      return new Result(null, "enc.alg must be a string");
    }
    Optional<byte[]> enc = b64(m.get("enc"), 256);
    if (enc.isEmpty()) return new Result(null, "enc.enc must be base64url");
    Optional<byte[]> ct = b64(m.get("ct"), MAX_CT_CHARS);
    if (ct.isEmpty()) return new Result(null, "enc.ct must be base64url");
    return new Result(new Sealed(alg.value(), Bytes.wrap(enc.get()), Bytes.wrap(ct.get())), null);
  }

  record Result(Sealed sealed, String problem) {}

  private static Optional<byte[]> b64(JsonValue v, int maxChars) {
    if (!(v instanceof JsonValue.JsonString s) || s.value().length() > maxChars) return Optional.empty();
    String t = s.value();
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) return Optional.empty();
    }
    try {
      return Optional.of(Base64.getUrlDecoder().decode(t));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
