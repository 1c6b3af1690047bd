package org.aitbc.chain.wallet.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.wallet.KeystoreException;
import org.aitbc.chain.wallet.RpcException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A leaf command: runs, prints to picocli's out, and turns every failure into exactly one line on
 * picocli's err ({@code error: ...}) and an {@link ExitCode}, whatever the root command's handlers are.
 */
abstract class BaseCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ParentCommand
  Object parent;

  /** The work; throw {@link CliFailure} (or let a Keystore/Rpc exception through) to fail. */
  protected abstract void run() throws KeystoreException, RpcException;

  @Override
  public final Integer call() {
    try {
      run();
      out().flush();
      return ExitCode.OK.code();
    } catch (CliFailure f) {
      return fail(f.exitCode(), f.getMessage());
    } catch (KeystoreException e) {
      CliFailure f = CliFailure.of(e);
      return fail(f.exitCode(), f.getMessage());
    } catch (RpcException e) {
      CliFailure f = CliFailure.of(e);
      return fail(f.exitCode(), f.getMessage());
    } catch (RuntimeException e) {
      return fail(ExitCode.INTERNAL, "internal error: " + e);
    }
  }

  private int fail(ExitCode code, String message) {
    out().flush();
    String line = message == null ? code.name() : message.replace('\n', ' ').replace('\r', ' ');
    err().println("error: " + line);
    err().flush();
    return code.code();
  }

  CliEnv env() {
    if (parent instanceof EnvHolder h) return h.env();
    throw new IllegalStateException(getClass().getSimpleName() + " must be a subcommand of wallet or blockchain");
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  void printJson(JsonValue v) {
    out().println(PyJson.compactUnsorted(v));
  }

  /** Implemented by the parent commands that carry the environment. */
  interface EnvHolder {
    CliEnv env();
  }
}
