#!/usr/bin/env python3
"""An independent implementation of block format v1 (FORMAT.md), written from the specification alone,
used to produce the test vectors in v1_vectors.json. Run: python3 v1_reference.py > v1_vectors.json
Only the standard library: hashlib's sha3_256, math's log and sqrt (the platform's libm, like .NET's)."""
import hashlib, json, math, struct

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + GAMMA) & MASK
        return mix(self.state)


def nth(seed, j):
    return mix((seed + (j + 1) * GAMMA) & MASK)


def below(draw, bound):
    return ((draw >> 32) * bound) >> 32


def thresholds(k, c, delta):
    w = [0.0] * (k + 1)
    w[1] = 1.0 / k
    for i in range(2, k + 1):
        w[i] = 1.0 / (float(i) * (i - 1))
    s = c * math.log(k / delta) * math.sqrt(k)
    pivot = int(min(max(math.floor(k / s), 1), k))
    for i in range(1, pivot):
        w[i] += s / (float(k) * i)
    w[pivot] += max(0.0, s * math.log(s / delta) / k)
    total = 0.0
    for i in range(1, k + 1):
        total += w[i]
    out, cumulative = [], 0.0
    for i in range(1, k + 1):
        cumulative += w[i]
        out.append(int(min(4294967296.0, math.floor(cumulative / total * 4294967296.0))))
    out[k - 1] = 1 << 32
    return out


def neighbours(symbol_seed, k, th):
    rng = SplitMix64(symbol_seed)
    u = rng.next() >> 32
    degree = next(i for i, t in enumerate(th) if u < t) + 1
    perm = list(range(k))
    chosen = []
    for j in range(degree):
        r = j + below(rng.next(), k - j)
        perm[j], perm[r] = perm[r], perm[j]
        chosen.append(perm[j])
    return chosen


def encode_block(archive, artwork_id, k, t, m, c_millionths, delta_millionths, index):
    th = thresholds(k, c_millionths / 1e6, delta_millionths / 1e6)
    padded = archive + bytes(k * t - len(archive))
    block_seed = nth(int.from_bytes(artwork_id[:8], 'big'), index)
    header = struct.pack('<4sHH32sQIIIIIIQQ8x', b'FTNB', 1, 1, artwork_id, len(archive), k, t, m,
                         c_millionths, delta_millionths, index, block_seed, m * t)
    assert len(header) == 96
    payload = bytearray()
    for j in range(m):
        symbol = bytearray(t)
        for n in neighbours(nth(block_seed, j), k, th):
            for b in range(t):
                symbol[b] ^= padded[n * t + b]
        payload += symbol
    block = header + bytes(payload)
    return block_seed, block, hashlib.sha3_256(block).hexdigest()


def main():
    vectors = {}
    rng = SplitMix64(0)
    vectors['splitmix64_seed0_first5'] = [str(rng.next()) for _ in range(5)]
    vectors['splitmix64_nth_seed12345_j0_j7_j1000'] = [str(nth(12345, j)) for j in (0, 7, 1000)]
    th = thresholds(1000, 0.03, 0.5)
    vectors['soliton_k1000_c0.03_d0.5_thresholds_at'] = {str(i): str(th[i]) for i in (0, 1, 2, 3, 9, 99, 100, 101, 500, 999)}
    th100 = thresholds(100, 0.03, 0.5)
    vectors['neighbours_k100_symbol_seeds'] = {str(s): neighbours(s, 100, th100) for s in (1, 2, 3, 0xDEADBEEF, MASK)}

    archive = bytes((i * 7) % 251 for i in range(1000))
    artwork_id = hashlib.sha3_256(archive).digest()
    blocks = []
    for index in (1, 2, 3, 40):
        seed, block, block_id = encode_block(archive, artwork_id, 16, 64, 4, 30000, 500000, index)
        blocks.append({'index': index, 'block_seed': str(seed), 'header_hex': block[:96].hex(),
                       'block_hex': block.hex(), 'block_id': block_id})
    vectors['archive'] = {'description': 'bytes (i * 7) % 251 for i in 0..999', 'sha3_256': artwork_id.hex(),
                          'K': 16, 'T': 64, 'M': 4, 'c_millionths': 30000, 'delta_millionths': 500000, 'blocks': blocks}
    print(json.dumps(vectors, indent=1))


main()
