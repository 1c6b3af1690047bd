package org.aitbc.chain.messaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonParseException;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.PyJson;

/**
 * What a listener does with a task: run a command or POST to a local endpoint. Always answers a
 * {@link Task.Result} (failures included), never throws.
 */
public interface TaskHandler {
  /** Most output bytes kept (the result must fit in one message). */
  int MAX_OUTPUT_BYTES = 32 * 1024;

  Task.Result run(Task task, String taskId, String from);

  /** For a listener without --exec or --forward. */
  TaskHandler NONE = (task, id, from) -> Task.Result.failure(task.action(),
      "this agent does not run tasks (its listener has neither --exec nor --forward)", null, null);

  /** Output text as JSON when it parses, else as a string (one trailing newline dropped). */
  static JsonValue output(byte[] out) {
    String s = new String(out, StandardCharsets.UTF_8);
    try {
      if (!s.isBlank()) return JsonParser.parse(s.strip());
    } catch (JsonParseException e) {
      // not JSON: text
    }
    return JsonValue.str(s.endsWith("\n") ? s.substring(0, s.length() - 1) : s);
  }

  /**
   * Runs {@code /bin/sh -c COMMAND} with the task input (compact JSON and a newline) on stdin and
   * AITBC_TASK_ID, AITBC_TASK_ACTION, AITBC_TASK_FROM in the environment; the result is its stdout
   * (JSON if it parses) when it exits 0 within the timeout, else a failure with the exit code and the
   * end of stderr. A command that outlives the timeout is killed with its children.
   */
  record Exec(String command, Duration timeout, Path workDir) implements TaskHandler {
    @Override
    public Task.Result run(Task task, String taskId, String from) {
      ProcessBuilder pb = new ProcessBuilder(List.of("/bin/sh", "-c", command));
      if (workDir != null) pb.directory(workDir.toFile());
      Map<String, String> env = pb.environment();
      env.put("AITBC_TASK_ID", taskId);
      env.put("AITBC_TASK_ACTION", task.action());
      env.put("AITBC_TASK_FROM", from);
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        return Task.Result.failure(task.action(), "cannot start the command: " + e.getMessage(), null, null);
      }
      CompletableFuture<byte[]> out = drain(p.getInputStream(), MAX_OUTPUT_BYTES + 1, "task-stdout");
      CompletableFuture<byte[]> err = drain(p.getErrorStream(), 64 * 1024, "task-stderr");
      try (OutputStream in = p.getOutputStream()) {
        in.write((PyJson.compactUnsorted(task.input()) + "\n").getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        // the command did not read its input: fine
      }
      try {
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          p.waitFor(5, TimeUnit.SECONDS);
          return Task.Result.failure(task.action(), "the command did not finish within " + timeout.toMillis() + " ms and was killed", null, null);
        }
        byte[] o = out.get(5, TimeUnit.SECONDS);
        byte[] e = err.get(5, TimeUnit.SECONDS);
        int code = p.exitValue();
        if (o.length > MAX_OUTPUT_BYTES) {
          return Task.Result.failure(task.action(), "the command wrote more than " + MAX_OUTPUT_BYTES + " bytes", null, code);
        }
        if (code != 0) {
          String tail = new String(e, StandardCharsets.UTF_8).strip();
          if (tail.length() > 500) tail = "…" + tail.substring(tail.length() - 500);
          return Task.Result.failure(task.action(), "the command exited with " + code + (tail.isEmpty() ? "" : ": " + tail),
              o.length == 0 ? null : output(o), code);
        }
        return Task.Result.success(task.action(), output(o), code);
      } catch (InterruptedException ex) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        return Task.Result.failure(task.action(), "interrupted", null, null);
      } catch (ExecutionException | TimeoutException ex) {
        return Task.Result.failure(task.action(), "cannot read the command's output: " + ex, null, null);
      }
    }

    /** Reads a stream to its end on its own thread (not a shared pool: the reads block), keeping {@code cap} bytes. */
    private static CompletableFuture<byte[]> drain(InputStream in, int cap, String name) {
      CompletableFuture<byte[]> f = new CompletableFuture<>();
      Thread t = new Thread(() -> f.complete(readCapped(in, cap)), name);
      t.setDaemon(true);
      t.start();
      return f;
    }

    private static byte[] readCapped(InputStream in, int cap) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buf)) > 0) {
          if (b.size() < cap) b.write(buf, 0, Math.min(n, cap - b.size()));
        }
      } catch (IOException e) {
        // the process went away
      }
      return b.toByteArray();
    }
  }

  /**
   * POSTs {@code {"id","from","action","input"}} as JSON to {@code url}; a 2xx answer is the output
   * (JSON if it parses), anything else a failure naming the status.
   */
  record Forward(URI url, HttpClient http, Duration timeout) implements TaskHandler {
    @Override
    public Task.Result run(Task task, String taskId, String from) {
      String body = PyJson.compactUnsorted(Json.obj("id", taskId, "from", from, "action", task.action(), "input", task.input()));
      HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
      try {
        HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        byte[] b;
        try (InputStream in = resp.body()) {
          b = in.readNBytes(MAX_OUTPUT_BYTES + 1);
        }
        if (b.length > MAX_OUTPUT_BYTES) {
          return Task.Result.failure(task.action(), url + " answered more than " + MAX_OUTPUT_BYTES + " bytes", null, null);
        }
        if (resp.statusCode() / 100 != 2) {
          return Task.Result.failure(task.action(), url + " answered HTTP " + resp.statusCode(), b.length == 0 ? null : output(b), null);
        }
        return Task.Result.success(task.action(), output(b), null);
      } catch (IOException e) {
        return Task.Result.failure(task.action(), "cannot reach " + url + ": " + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : " " + e.getMessage()), null, null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Task.Result.failure(task.action(), "interrupted", null, null);
      }
    }
  }
}
