package org.aitbc.chain.messaging;

import java.util.Optional;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonObject;

/**
 * The body of a {@code task} envelope, {@code {"action": NAME, "input": JSON}}, and of its {@code result}:
 * {@code {"ok": true, "output": JSON}} or {@code {"ok": false, "error": "sentence"}}, both with the action
 * and, for a command, its exit code.
 */
public record Task(String action, JsonValue input) {
  public static final int MAX_ACTION_LENGTH = 100;

  public Task {
    if (!validAction(action)) throw new IllegalArgumentException("bad action: " + action);
    if (input == null) input = JsonValue.JsonNull.INSTANCE;
  }

  /** 1..100 characters of [A-Za-z0-9._:/-]. */
  public static boolean validAction(String a) {
    if (a == null || a.isEmpty() || a.length() > MAX_ACTION_LENGTH) return false;
    for (int i = 0; i < a.length(); i++) {
      char c = a.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
          || c == ':' || c == '/' || c == '-';
      if (!ok) return false;
    }
    return true;
  }

  static JsonObject body(String action, JsonValue input) {
    return new Task(action, input).toJson();
  }

  public JsonObject toJson() {
    return Json.obj("action", action, "input", input);
  }

  /** The task in a task envelope's (decrypted) body, if it is one. */
  public static Optional<Task> from(JsonValue body) {
    if (body instanceof JsonObject o && o.get("action").orElse(null) instanceof JsonValue.JsonString a
        && validAction(a.value())) {
      return Optional.of(new Task(a.value(), o.get("input").orElse(JsonValue.JsonNull.INSTANCE)));
    }
    return Optional.empty();
  }

  /** What a listener answers to a task. {@code exitCode} is null when no command ran. */
  public record Result(boolean ok, String action, JsonValue output, String error, Integer exitCode) {
    public static Result success(String action, JsonValue output, Integer exitCode) {
      return new Result(true, action, output, null, exitCode);
    }

    public static Result failure(String action, String error, JsonValue output, Integer exitCode) {
      return new Result(false, action, output, error, exitCode);
    }

    public JsonObject toJson() {
      java.util.Map<String, JsonValue> m = new java.util.LinkedHashMap<>();
      m.put("ok", JsonValue.JsonBool.of(ok));
      if (action != null) m.put("action", JsonValue.str(action));
      if (output != null) m.put("output", output);
      if (error != null) m.put("error", JsonValue.str(error));
      if (exitCode != null) m.put("exit_code", JsonValue.num(exitCode));
      return new JsonObject(m);
    }

    /** A result body as read from the chain; anything unexpected is a failed result saying so. */
    public static Result from(JsonValue body) {
      if (!(body instanceof JsonObject o) || !(o.get("ok").orElse(null) instanceof JsonValue.JsonBool ok)) {
        return failure(null, "the result is not {\"ok\": true|false, ...}", body, null);
      }
      String action = o.get("action").orElse(null) instanceof JsonValue.JsonString s ? s.value() : null;
      String error = o.get("error").orElse(null) instanceof JsonValue.JsonString s ? s.value() : null;
      Integer exit = o.get("exit_code").orElse(null) instanceof JsonValue.JsonNumber n
          ? n.longValueExact().filter(x -> x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE).map(Long::intValue).orElse(null)
          : null;
      JsonValue output = o.get("output").orElse(null);
      if (ok == JsonValue.JsonBool.TRUE) return success(action, output, exit);
      return failure(action, error == null ? "the task failed" : error, output, exit);
    }
  }
}
