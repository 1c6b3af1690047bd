package org.aitbc.chain.wallet.cli;

import org.aitbc.chain.wallet.KeystoreException;
import org.aitbc.chain.wallet.RpcException;

/** A command that cannot go on: the exit code and the one line for stderr (never a secret). */
public final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ExitCode exitCode;

  public CliFailure(ExitCode exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  public static CliFailure usage(String message) {
    return new CliFailure(ExitCode.USAGE, message);
  }

  public static CliFailure of(KeystoreException e) {
    ExitCode c = switch (e.kind()) {
      case WRONG_PASSWORD -> ExitCode.WRONG_PASSWORD;
      case NOT_FOUND -> ExitCode.NOT_FOUND;
      case ALREADY_EXISTS -> ExitCode.WALLET_EXISTS;
      case BAD_NAME -> ExitCode.USAGE;
      case CORRUPT, UNSUPPORTED -> ExitCode.BAD_KEYSTORE;
      case IO -> ExitCode.IO_ERROR;
    };
    return new CliFailure(c, e.getMessage());
  }

  public static CliFailure of(RpcException e) {
    return switch (e.kind()) {
      case BAD_URL -> new CliFailure(ExitCode.USAGE, e.getMessage());
      case UNREACHABLE -> new CliFailure(ExitCode.NODE_UNREACHABLE, e.getMessage());
      case REFUSED -> new CliFailure(ExitCode.REFUSED, "node refused: " + e.code()
          + (e.detail() == null ? "" : ": " + e.detail()));
      case NOT_FOUND -> new CliFailure(ExitCode.NOT_FOUND, e.getMessage());
      case BAD_RESPONSE -> new CliFailure(ExitCode.NODE_ERROR, e.getMessage());
    };
  }
}
