package org.aitbc.chain.messaging.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.PyJson;
import org.aitbc.chain.messaging.MessageSender;
import org.aitbc.chain.wallet.KeystoreDir;
import org.aitbc.chain.wallet.KeystoreException;
import org.aitbc.chain.wallet.RpcException;
import org.aitbc.chain.wallet.cli.CliEnv;
import org.aitbc.chain.wallet.cli.CliFailure;
import org.aitbc.chain.wallet.cli.ExitCode;
import org.aitbc.chain.wallet.cli.Options;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A leaf {@code agent} command, with the wallet commands' conventions: output on picocli's out, every
 * failure as exactly one {@code error: ...} line on its err and an exit code.
 */
abstract class AgentBase implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ParentCommand
  AgentCommand parent;

  protected abstract void run() throws KeystoreException, RpcException, IOException, MessageSender.Refused;

  @Override
  public final Integer call() {
    try {
      run();
      out().flush();
      return ExitCode.OK.code();
    } catch (AgentFailure f) {
      return fail(f.exitCode(), f.getMessage());
    } catch (CliFailure f) {
      return fail(f.exitCode().code(), f.getMessage());
    } catch (KeystoreException e) {
      CliFailure f = CliFailure.of(e);
      return fail(f.exitCode().code(), f.getMessage());
    } catch (RpcException e) {
      CliFailure f = CliFailure.of(e);
      return fail(f.exitCode().code(), f.getMessage());
    } catch (MessageSender.Refused e) {
      return fail(ExitCode.USAGE.code(), e.getMessage());
    } catch (IOException e) {
      return fail(ExitCode.IO_ERROR.code(), e.getMessage());
    } catch (RuntimeException e) {
      return fail(ExitCode.INTERNAL.code(), "internal error: " + e);
    }
  }

  private int fail(int code, String message) {
    out().flush();
    String line = message == null ? "failed" : message.replace('\n', ' ').replace('\r', ' ');
    err().println("error: " + line);
    err().flush();
    return code;
  }

  CliEnv env() {
    return parent.env();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  void printJson(JsonValue v) {
    out().println(PyJson.compactUnsorted(v));
    out().flush();
  }

  /** Loads a wallet's key: a missing wallet fails before any password prompt. */
  KeyPair loadKey(Options.Keystore keystore, Options.Password password, String wallet) throws KeystoreException {
    KeystoreDir dir = keystore.dir(env());
    dir.show(wallet);
    char[] pw = password.read(env(), false);
    try {
      return dir.load(wallet, pw);
    } finally {
      Arrays.fill(pw, '\0');
    }
  }

  /** The owner address of a registered agent id given as --to; a clear error when none is registered. */
  static String resolveAgent(org.aitbc.chain.messaging.MessagingClient client, String agentId) throws RpcException {
    return client.agentOwner(agentId).orElseThrow(() -> new AgentFailure(ExitCode.NOT_FOUND,
        "--to " + agentId + ": no registered agent has this id (see 'aitbc agent list')"));
  }

  /** An account address: the hex form, or the bech32 form (HRP "ait") that AITBC node keys use. */
  static String address(String a, String option) {
    if (a != null && org.aitbc.chain.core.tx.TxCodec.isAddress(a)) return a;
    throw new AgentFailure(ExitCode.BAD_ADDRESS, option + " '" + (a == null ? "" : a)
        + "' is not an address: \"ait1\" followed by 40 lowercase hex characters");
  }
}
