package org.aitbc.chain.core.mempool;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import org.aitbc.chain.core.tx.Transaction;
import org.aitbc.chain.core.tx.TxCodec;

/** The pending transactions on disk across a restart: one compact JSON per line, oldest arrival first. */
final class MempoolFile {
  private MempoolFile() {}

  /** Writes {@code txs} to a temporary file beside {@code file}, then moves it over (atomically where possible). */
  static void write(Path file, List<Transaction> txs) throws IOException {
    Path target = file.toAbsolutePath();
    Path tmp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
          Writer w = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8))) {
        for (Transaction tx : txs) {
          w.write(tx.compactJson());
          w.write('\n');
        }
        w.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) Files.deleteIfExists(tmp);
    }
  }

  /**
   * Hands every line of {@code file} that parses as a transaction to {@code sink}, skipping the others.
   * Returns false when the file does not exist.
   */
  static boolean read(Path file, int maxPayloadBytes, Consumer<Transaction> sink) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) continue;
        TxCodec.Parsed p = TxCodec.parse(line.getBytes(StandardCharsets.UTF_8), maxPayloadBytes);
        if (p.isOk()) sink.accept(p.tx());
      }
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }
}
