#!/usr/bin/python3
"""The AITBC keystore algorithm (wire contract section 4) written with `cryptography`, as the AITBC
Python tools do: PBKDF2-HMAC-SHA256 (c=100000, dklen 32) and AES-256-GCM without associated data.

  aitbc_keystore.py write SEED_HEX PASSWORD_FILE OUT_FILE   writes a keystore, prints the address
  aitbc_keystore.py read KEYSTORE_FILE PASSWORD_FILE        prints "<seed hex> <address>"

The password is read from a file (first line, without the newline) so it never shows in a process
listing. Exit code 3 when the `cryptography` package is missing.
"""
import json
import os
import sys

try:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
except ImportError as e:  # pragma: no cover
    sys.stderr.write("python3-cryptography is missing (%s): install it with 'apt-get install python3-cryptography'\n" % e)
    sys.exit(3)

ITERATIONS = 100000


def password(path):
    with open(path, "r", encoding="utf-8") as f:
        return f.read().split("\n")[0].encode("utf-8")


def derive(pw, salt, c):
    return PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=c).derive(pw)


def public_hex(seed):
    pub = Ed25519PrivateKey.from_private_bytes(seed).public_key()
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def write(seed_hex, pw_file, out):
    seed = bytes.fromhex(seed_hex)
    pub = public_hex(seed)
    salt = os.urandom(32)
    nonce = os.urandom(12)
    ct = AESGCM(derive(password(pw_file), salt, ITERATIONS)).encrypt(nonce, seed, None)
    doc = {
        "version": 1,
        "address": "ait1" + pub[:40],
        "public_key": pub,
        "keytype": "ed25519",
        "crypto": {
            "kdf": "pbkdf2",
            "kdfparams": {"salt": salt.hex(), "c": ITERATIONS, "dklen": 32, "prf": "hmac-sha256"},
            "cipher": "aes-256-gcm",
            "cipherparams": {"nonce": nonce.hex()},
            "ciphertext": ct.hex(),
        },
    }
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(doc, f, indent=2)
    print(doc["address"])


def read(path, pw_file):
    with open(path, "r", encoding="utf-8") as f:
        doc = json.load(f)
    c = doc["crypto"]
    assert c["kdf"] == "pbkdf2" and c["cipher"] == "aes-256-gcm"
    kp = c["kdfparams"]
    key = derive(password(pw_file), bytes.fromhex(kp["salt"]), kp["c"])
    seed = AESGCM(key).decrypt(bytes.fromhex(c["cipherparams"]["nonce"]), bytes.fromhex(c["ciphertext"]), None)
    address = "ait1" + public_hex(seed)[:40]
    if address != doc["address"]:
        sys.stderr.write("address mismatch\n")
        sys.exit(2)
    print(seed.hex(), address)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 4 and sys.argv[1] == "read":
        read(sys.argv[2], sys.argv[3])
    else:
        sys.stderr.write(__doc__)
        sys.exit(1)
