#!/usr/bin/env python3
"""Compares two results.csv files number for number (C# writes 1, Python 1.0: the values, not the text, must agree)."""
import csv
import sys


def rows(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, [[float(x) for x in row] for row in reader]


def main(a, b):
    ha, ra = rows(a)
    hb, rb = rows(b)
    if ha != hb:
        sys.exit(f"different columns:\n  {ha}\n  {hb}")
    if len(ra) != len(rb):
        sys.exit(f"different row counts: {len(ra)} and {len(rb)}")
    for i, (x, y) in enumerate(zip(ra, rb)):
        if x != y:
            diffs = [(ha[j], x[j], y[j]) for j in range(len(x)) if x[j] != y[j]]
            sys.exit(f"row {i + 2} differs: {diffs[:5]}")
    print(f"identical: {len(ra)} rows x {len(ha)} columns")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
