package org.aitbc.chain.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.aitbc.chain.core.json.JsonValue.JsonArray;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.json.JsonValue.JsonString;
import org.aitbc.chain.core.testutil.JsonArbitraries;
import org.aitbc.chain.core.testutil.Python;

/**
 * PyJson.dumps against real Python: {@code json.dumps(json.loads(line), sort_keys=True)} over a few
 * hundred random values (fixed seed), byte for byte. Python turns number lexemes into floats and ints
 * and re-prints them, so numbers here are restricted to forms Python prints back unchanged; the
 * round-trip properties in {@link CanonicalJsonProperties} keep full lexeme generality.
 */
class PythonOracleTest {
  private static final String SCRIPT = String.join("\n",
      "import json, sys",
      "with open(sys.argv[1], encoding='ascii') as f, open(sys.argv[2], 'w', encoding='ascii', newline='\\n') as out:",
      "    for line in f:",
      "        out.write(json.dumps(json.loads(line), sort_keys=True) + '\\n')",
      "");

  @Provide
  Arbitrary<List<JsonValue>> values() {
    return JsonArbitraries.pythonStableValue().list().ofSize(300);
  }

  /** Values whose Python form the contract's readers most often get wrong. */
  static List<JsonValue> directed() {
    List<JsonValue> d = new ArrayList<>();
    d.add(new JsonString("\u007f"));
    d.add(new JsonString("/ \" \\ \n\r\t\b\f \u0000 \u001f \u000b"));
    d.add(new JsonString("caf\u00e9 \u20ac \uD83D\uDE00 \uDBFF\uDFFF \uD800 \uDC00"));
    d.add(new JsonObject(Map.of("\uD83D\uDE00", JsonValue.num(1), "\uE000", JsonValue.num(2), "\uFFFF",
        JsonValue.num(3), "\uD7FF", JsonValue.num(4), "", JsonValue.num(5))));
    d.add(new JsonArray(List.of(new JsonValue.JsonNumber("1e-05"), new JsonValue.JsonNumber("2.5"),
        new JsonValue.JsonNumber("1e+20"), new JsonValue.JsonNumber("9007199254740993"))));
    d.add(new JsonObject(Map.of("payload", new JsonString("{\"cmd\":\"EXECUTE_AI_JOB\",\"x\":\"\u00fc\"}"),
        "nested", new JsonObject(Map.of("b", JsonValue.JsonNull.INSTANCE, "a", JsonValue.JsonBool.FALSE)))));
    return d;
  }

  @Property(tries = 1, seed = "424242", shrinking = ShrinkingMode.OFF)
  void pyJsonDumpsPrintsWhatPythonPrintsByteForByte(@ForAll("values") List<JsonValue> random) throws Exception {
    List<JsonValue> all = new ArrayList<>(directed());
    all.addAll(random);
    Path dir = Files.createTempDirectory("pyjson-oracle");
    try {
      Path in = dir.resolve("in.jsonl");
      Path out = dir.resolve("out.jsonl");
      StringBuilder sb = new StringBuilder();
      for (JsonValue v : all) sb.append(PyJson.compact(v)).append('\n');
      Files.writeString(in, sb.toString(), StandardCharsets.US_ASCII);
      Python.run(dir, SCRIPT, List.of(in.toString(), out.toString()));
      List<String> python = Files.readAllLines(out, StandardCharsets.US_ASCII);
      assertEquals(all.size(), python.size(), "Python printed another number of lines");
      for (int i = 0; i < all.size(); i++) {
        int at = i;
        assertEquals(python.get(i), PyJson.dumps(all.get(i)),
            () -> "value " + at + " differs from Python; input " + PyJson.compact(all.get(at)));
      }
      // DEL: real Python escapes it (the contract's prose says it does not; the bytes clients sign win).
      assertEquals("\"\\u007f\"", python.get(0));
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
