package org.aitbc.chain.core.state;

/** Read access to account state. Never returns null: an unknown address is {@link Account#EMPTY}. */
@FunctionalInterface
public interface AccountView {
  Account account(String address);
}
