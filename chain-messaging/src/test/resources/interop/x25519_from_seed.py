#!/usr/bin/python3
"""For each 64-hex Ed25519 seed on stdin: the Ed25519 public key and the X25519 public key of the
clamped SHA-512(seed) scalar, both computed by Python's `cryptography` (one line per seed)."""
import hashlib
import sys

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

for line in sys.stdin:
    seed = bytes.fromhex(line.strip())
    ed = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    h = bytearray(hashlib.sha512(seed).digest()[:32])
    h[0] &= 248
    h[31] &= 127
    h[31] |= 64
    x = X25519PrivateKey.from_private_bytes(bytes(h)).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    print(ed.hex(), x.hex())
