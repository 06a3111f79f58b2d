#!/usr/bin/python3
"""Draws the soak's RSS curves (CSV files written by scripts/reliability.py soak --out DIR).

  /usr/bin/python3 scripts/reliability-plot.py OUT.png LABEL=FILE.csv [LABEL=FILE.csv ...]
Needs matplotlib (Debian: python3-matplotlib); only for the picture in docs/RELIABILITY.md.
"""
import csv
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    fig, ax = plt.subplots(figsize=(7, 3.5), dpi=100)
    for arg in sys.argv[2:]:
        label, path = arg.split("=", 1)
        with open(path) as f:
            rows = list(csv.DictReader(f))
        ax.plot([int(r["cells"]) for r in rows], [float(r["rss_mib"]) for r in rows], marker="o", label=label)
    ax.set_xlabel("cells run")
    ax.set_ylabel("RSS after GC (MiB)")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(sys.argv[1])


if __name__ == "__main__":
    main()
