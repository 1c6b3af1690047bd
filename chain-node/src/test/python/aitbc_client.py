#!/usr/bin/python3
"""A client that signs exactly as the AITBC Python client does, for end-to-end tests.

Signing string = json.dumps(body_without_signature_and_public_key, sort_keys=True), Ed25519 over its
UTF-8 bytes; tx hash = "0x" + sha256(signing string). Needs Debian's python3-cryptography.

  aitbc_client.py submit --url URL --seed HEX --to ADDR --count N [--chain-id ID] [--payload P]
        submits N transfers, checks each answer carries the hash computed here, prints a JSON summary
  aitbc_client.py load --url URL --seed HEX --to ADDR --out FILE [--chain-id ID]
        submits until killed, appending each accepted hash to FILE (one per line, flushed)
  aitbc_client.py wait --url URL --hashes FILE [--timeout S]
        waits until every hash in FILE is included; prints the count
  aitbc_client.py cli-send --url URL --seed HEX --to ADDR --amount N [--fee F] [--chain-id ID] [--repeat K]
        signs and posts exactly the object `aitbc-cli wallet send` posts (no type, no public_key, nonce 0,
        payload "0x"), K times with the same signed bytes; prints one JSON line per answer
  aitbc_client.py cli-message --url URL --seed HEX --to ADDR --payload TEXT [--chain-id ID]
        as `aitbc-cli agent message`: amount 0, fee 10, millisecond nonce, with public_key
  aitbc_client.py address --seed HEX
  aitbc_client.py db-messages --db FILE --to ADDR
        what `aitbc-cli agent messages` shows: its query on the node's SQLite file, rows with a message
  aitbc_client.py db-daemon --db FILE --url URL --seed HEX [--trigger T] [--reply R] [--timeout S] [--count N]
        the AITBC agent daemon's loop: polls its query, skips rows seen in this run, and answers each message
        from someone else that contains T (default ping) with a transfer whose payload is R (default pong),
        as `agent message` signs it; prints one JSON line per reply, exits after N replies (1 when time runs out)
  aitbc_client.py db-counts --db FILE --chain-id ID
        rows in the block and "transaction" tables of one chain, and transactions present more than once
"""
import argparse
import hashlib
import http.client
import json
import sqlite3
import sys
import time
import urllib.parse

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization


def keypair(seed_hex):
    sk = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed_hex))
    pk = sk.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
    return sk, pk, "ait1" + pk[:40]


def sign_tx(sk, pk, body):
    signing = json.dumps(body, sort_keys=True)
    tx = dict(body)
    tx["signature"] = sk.sign(signing.encode("utf-8")).hex()
    tx["public_key"] = pk
    return tx, "0x" + hashlib.sha256(signing.encode("utf-8")).hexdigest()


class Rpc:
    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.host, self.port = u.hostname, u.port or 80
        self.conn = None

    def request(self, method, path, body=None):
        for attempt in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                data = None if body is None else json.dumps(body).encode("utf-8")
                self.conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
                r = self.conn.getresponse()
                return r.status, json.loads(r.read().decode("utf-8"))
            except (ConnectionError, http.client.HTTPException, OSError):
                self.conn = None
                if attempt == 1:
                    raise


def cmd_submit(a):
    sk, pk, addr = keypair(a.seed)
    rpc = Rpc(a.url)
    nonce = int(time.time() * 1000)
    mismatches, accepted, hashes = 0, 0, []
    for i in range(a.count):
        body = {"type": "transfer", "from": addr, "to": a.to, "amount": a.amount, "fee": a.fee,
                "nonce": nonce + i, "payload": a.payload, "chain_id": a.chain_id}
        tx, h = sign_tx(sk, pk, body)
        status, resp = rpc.request("POST", "/rpc/transaction", tx)
        if status == 200 and resp.get("success"):
            accepted += 1
            hashes.append(h)
            if resp.get("transaction_hash") != h:
                mismatches += 1
        else:
            print(json.dumps({"refused": resp, "status": status}), file=sys.stderr)
    print(json.dumps({"accepted": accepted, "hash_mismatches": mismatches, "hashes": hashes}))


def cmd_load(a):
    sk, pk, addr = keypair(a.seed)
    rpc = Rpc(a.url)
    nonce = int(time.time() * 1000)
    with open(a.out, "a") as out:
        i = 0
        while True:
            body = {"type": "transfer", "from": addr, "to": a.to, "amount": 1, "fee": a.fee,
                    "nonce": nonce + i, "payload": "load %d" % i, "chain_id": a.chain_id}
            tx, h = sign_tx(sk, pk, body)
            i += 1
            try:
                status, resp = rpc.request("POST", "/rpc/transaction", tx)
            except Exception:
                time.sleep(0.05)
                continue
            if status == 200 and resp.get("transaction_hash") == h:
                out.write(h + "\n")
                out.flush()


def cmd_cli_send(a):
    sk, pk, addr = keypair(a.seed)
    rpc = Rpc(a.url)
    tx = {"from": addr, "to": a.to, "amount": a.amount, "fee": a.fee, "nonce": 0, "payload": "0x",
          "chain_id": a.chain_id}
    signing = json.dumps(tx, sort_keys=True)
    tx["signature"] = sk.sign(signing.encode("utf-8")).hex()
    h = "0x" + hashlib.sha256(signing.encode("utf-8")).hexdigest()
    for _ in range(a.repeat):
        status, resp = rpc.request("POST", "/rpc/transaction", tx)
        print(json.dumps({"status": status, "hash": h, "response": resp}))


def cmd_cli_message(a):
    sk, pk, addr = keypair(a.seed)
    body = {"from": addr, "to": a.to, "amount": 0, "fee": 10, "nonce": int(time.time() * 1000),
            "payload": a.payload, "chain_id": a.chain_id}
    tx, h = sign_tx(sk, pk, body)
    status, resp = Rpc(a.url).request("POST", "/rpc/transaction", tx)
    print(json.dumps({"status": status, "hash": h, "response": resp}))


def cmd_cli_transactions(a):
    # As `aitbc-cli wallet transactions` reads the rows: "hash" (else "N/A") and "value" (else 0), one line each.
    status, resp = Rpc(a.url).request("GET", "/rpc/transactions?address=" + a.to + "&limit=100")
    for tx in resp.get("transactions", []):
        print(json.dumps({"hash": tx.get("hash", "N/A"), "amount": tx.get("value", 0)}))


def db_message(row):
    """The message of a "transaction" row as the AITBC tools take it: payload's (or tx_metadata's) "payload"."""
    meta = row["tx_metadata"]
    source = meta if meta else row["payload"]
    try:
        obj = json.loads(source) if isinstance(source, str) else source
    except ValueError:
        return ""
    msg = obj.get("payload", "") if isinstance(obj, dict) else ""
    return msg if isinstance(msg, str) else json.dumps(msg)


def db_connect(path):
    c = sqlite3.connect(path, timeout=10)
    c.row_factory = sqlite3.Row
    return c


def cmd_db_messages(a):
    with db_connect(a.db) as c:
        rows = c.execute('SELECT * FROM "transaction" WHERE recipient = ? ORDER BY timestamp DESC LIMIT 50',
                         (a.to,)).fetchall()
    out = [{"sender": r["sender"], "block_height": r["block_height"], "timestamp": r["timestamp"],
            "message": db_message(r), "tx_hash": r["tx_hash"]} for r in rows if db_message(r)]
    print(json.dumps(out))


def cmd_db_daemon(a):
    sk, pk, addr = keypair(a.seed)
    rpc = Rpc(a.url)
    seen, replies = set(), 0
    deadline = time.time() + a.timeout
    while time.time() < deadline:
        try:
            with db_connect(a.db) as c:
                rows = c.execute('SELECT * FROM "transaction" WHERE recipient = ?', (addr,)).fetchall()
        except sqlite3.Error:
            rows = []  # the file may be missing for a moment (rebuilt by the node)
        for r in rows:
            if r["id"] in seen:
                continue
            seen.add(r["id"])
            msg = db_message(r)
            if a.trigger in msg and r["sender"] != addr:
                body = {"from": addr, "to": r["sender"], "amount": 0, "fee": 10, "nonce": int(time.time() * 1000),
                        "payload": a.reply, "chain_id": a.chain_id}
                tx, h = sign_tx(sk, pk, body)
                status, resp = rpc.request("POST", "/rpc/transaction", tx)
                print(json.dumps({"to": r["sender"], "answered": r["tx_hash"], "status": status, "hash": h}), flush=True)
                replies += 1
                if replies >= a.count:
                    return
        time.sleep(0.2)
    sys.exit(1)


def cmd_db_counts(a):
    with db_connect(a.db) as c:
        blocks = c.execute("SELECT count(*) FROM block WHERE chain_id = ?", (a.chain_id,)).fetchone()[0]
        txs = c.execute('SELECT count(*) FROM "transaction" WHERE chain_id = ?', (a.chain_id,)).fetchone()[0]
        doubled = c.execute('SELECT count(*) FROM (SELECT tx_hash FROM "transaction" WHERE chain_id = ? GROUP BY tx_hash'
                            ' HAVING count(*) > 1)', (a.chain_id,)).fetchone()[0]
        top = c.execute("SELECT max(height) FROM block WHERE chain_id = ?", (a.chain_id,)).fetchone()[0]
    print(json.dumps({"blocks": blocks, "transactions": txs, "doubled": doubled, "max_height": top}))


def cmd_wait(a):
    rpc = Rpc(a.url)
    hashes = [l.strip() for l in open(a.hashes) if l.strip()]
    deadline = time.time() + a.timeout
    pending = list(hashes)
    while pending and time.time() < deadline:
        still = []
        for h in pending:
            status, resp = rpc.request("GET", "/rpc/transaction/" + h)
            if not (status == 200 and resp.get("status") == "included"):
                still.append(h)
        pending = still
        if pending:
            time.sleep(0.2)
    print(json.dumps({"total": len(hashes), "included": len(hashes) - len(pending)}))
    sys.exit(0 if not pending else 1)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("submit", "load", "wait", "address", "cli-send", "cli-message", "cli-transactions", "db-messages",
                 "db-daemon", "db-counts"):
        s = sub.add_parser(name)
        s.add_argument("--url")
        s.add_argument("--seed")
        s.add_argument("--to")
        s.add_argument("--count", type=int, default=1)
        s.add_argument("--amount", type=int, default=1)
        s.add_argument("--fee", type=int, default=10)
        s.add_argument("--payload", default="0x")
        s.add_argument("--chain-id", dest="chain_id", default="ait-test")
        s.add_argument("--out")
        s.add_argument("--hashes")
        s.add_argument("--timeout", type=float, default=30)
        s.add_argument("--repeat", type=int, default=1)
        s.add_argument("--db")
        s.add_argument("--trigger", default="ping")
        s.add_argument("--reply", default="pong")
    a = p.parse_args()
    if a.cmd == "submit":
        cmd_submit(a)
    elif a.cmd == "load":
        cmd_load(a)
    elif a.cmd == "wait":
        cmd_wait(a)
    elif a.cmd == "cli-send":
        cmd_cli_send(a)
    elif a.cmd == "cli-message":
        cmd_cli_message(a)
    elif a.cmd == "cli-transactions":
        cmd_cli_transactions(a)
    elif a.cmd == "db-messages":
        cmd_db_messages(a)
    elif a.cmd == "db-daemon":
        cmd_db_daemon(a)
    elif a.cmd == "db-counts":
        cmd_db_counts(a)
    else:
        print(keypair(a.seed)[2])


if __name__ == "__main__":
    main()
