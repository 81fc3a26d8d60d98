"""Reference implementation of the lab's generator (LabRandom.cs), for cross-checking and for the Python baseline.

xoshiro256** (Blackman and Vigna 2018) seeded with the first 32 bytes of
SHA-256(b"fountain-lab-rng-v1" + seed + simulation + subset + run), each number as 8 little-endian bytes.
"""
import hashlib
import struct

MASK = (1 << 64) - 1


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class LabRandom:
    def __init__(self, seed, simulation, subset, run):
        digest = hashlib.sha256(b"fountain-lab-rng-v1" + struct.pack("<qqqq", seed, simulation, subset, run)).digest()
        self.s = list(struct.unpack("<QQQQ", digest))
        if not any(self.s):
            self.s[0] = 0x9E3779B97F4A7C15

    def next_uint64(self):
        s = self.s
        result = (_rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 45)
        return result

    def next_double(self):
        return (self.next_uint64() >> 11) * (1.0 / (1 << 53))


if __name__ == "__main__":
    r = LabRandom(42, 0, 0, 1)
    print([r.next_uint64() for _ in range(3)])
