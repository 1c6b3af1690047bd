package org.aitbc.chain.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.junit.jupiter.api.Test;

class TaskHandlerTest {
  static final Task SUM = new Task("sum", Json.obj("a", 2, "b", 3));

  static Task.Result exec(String command, long timeoutMs) {
    return new TaskHandler.Exec(command, Duration.ofMillis(timeoutMs), null).run(SUM, "task-1", "ait1sender");
  }

  @Test
  void aCommandGetsTheInputOnStdinAndTheTaskInItsEnvironment() {
    Task.Result r = exec("printf '{\"id\":\"%s\",\"action\":\"%s\",\"from\":\"%s\",\"in\":' \"$AITBC_TASK_ID\" "
        + "\"$AITBC_TASK_ACTION\" \"$AITBC_TASK_FROM\"; cat; echo '}'", 10_000);
    assertTrue(r.ok(), r.error());
    assertEquals(Json.obj("id", "task-1", "action", "sum", "from", "ait1sender", "in", Json.obj("a", 2, "b", 3)), r.output());
    assertEquals(0, r.exitCode());
  }

  @Test
  void outputThatIsNotJsonIsText() {
    Task.Result r = exec("echo five", 10_000);
    assertEquals(JsonValue.str("five"), r.output());
  }

  @Test
  void aFailingCommandGivesItsExitCodeAndTheEndOfStderr() {
    Task.Result r = exec("echo partial; echo 'no such file' >&2; exit 4", 10_000);
    assertFalse(r.ok());
    assertEquals(4, r.exitCode());
    assertEquals("the command exited with 4: no such file", r.error());
    assertEquals(JsonValue.str("partial"), r.output());
  }

  @Test
  void aCommandThatOutlivesTheTimeoutIsKilledWithItsChildren() {
    long t0 = System.nanoTime();
    Task.Result r = exec("sleep 30 & sleep 30; wait", 300);
    assertFalse(r.ok());
    assertTrue(r.error().contains("did not finish within 300 ms"), r.error());
    assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "it did not wait for sleep 30");
  }

  @Test
  void aCommandThatFillsBothPipesDoesNotBlock() {
    Task.Result r = exec("head -c 300000 /dev/zero >&2; head -c 20000 /dev/zero | tr '\\0' b; exit 0", 10_000);
    assertTrue(r.ok(), r.error());
    assertEquals(20000, ((JsonValue.JsonString) r.output()).value().length());
  }

  @Test
  void tooMuchOutputIsAFailureNotAHugeMessage() {
    Task.Result r = exec("head -c 40000 /dev/zero | tr '\\0' a", 10_000);
    assertFalse(r.ok());
    assertTrue(r.error().contains("more than 32768 bytes"), r.error());
    assertNull(r.output());
  }

  @Test
  void aForwardedTaskIsPostedAsJsonAndTheAnswerIsTheOutput() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicReference<String> got = new AtomicReference<>();
    server.createContext("/tool", ex -> {
      got.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] b = ex.getRequestURI().getQuery() == null ? "{\"sum\":5}".getBytes(StandardCharsets.UTF_8) : new byte[0];
      ex.sendResponseHeaders(ex.getRequestURI().getQuery() == null ? 200 : 503, b.length == 0 ? -1 : b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    try {
      URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tool");
      HttpClient http = HttpClient.newHttpClient();
      Task.Result r = new TaskHandler.Forward(url, http, Duration.ofSeconds(5)).run(SUM, "task-1", "ait1sender");
      assertTrue(r.ok(), r.error());
      assertEquals(Json.obj("sum", 5), r.output());
      assertEquals("{\"id\":\"task-1\",\"from\":\"ait1sender\",\"action\":\"sum\",\"input\":{\"a\":2,\"b\":3}}", got.get());
      Task.Result down = new TaskHandler.Forward(URI.create(url + "?fail"), http, Duration.ofSeconds(5)).run(SUM, "t", "f");
      assertFalse(down.ok());
      assertTrue(down.error().endsWith("answered HTTP 503"), down.error());
    } finally {
      server.stop(0);
    }
    Task.Result unreachable = new TaskHandler.Forward(URI.create("http://127.0.0.1:1/x"), HttpClient.newHttpClient(),
        Duration.ofSeconds(5)).run(SUM, "t", "f");
    assertTrue(!unreachable.ok() && unreachable.error().startsWith("cannot reach http://127.0.0.1:1/x"), unreachable.error());
  }
}
