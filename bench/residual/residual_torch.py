#!/usr/bin/python3
"""PyTorch side of bench/residual/bench.sh: notebook 09's residual network, timed over training batches.

Run with Debian's torch (1.13): /usr/bin/python3 bench/residual/residual_torch.py [--warmup W] [--batches B] [--threads N] [--batch N]

The network is the one notebook 09 builds with jcnn (77,450 trained parameters):
  conv 32 3x3 pad 1, batch norm, relu, max-pool 2,
  block1: conv 32 3x3 pad 1, bn, relu, conv 32 3x3 pad 1, bn; + identity; relu,
  max-pool 2,
  block2: conv 64 3x3 pad 1, bn, relu, conv 64 3x3 pad 1, bn; + 1x1 conv projection (with bias); relu,
  global average pooling, dense 10, softmax cross-entropy with label smoothing 0.1.
Convolutions have biases as in jcnn; batch norm momentum 0.1, eps 1e-5 (jcnn's defaults, PyTorch's too).
AdamW lr 4e-3, betas 0.9/0.999, eps 1e-8, weight decay 0.01 on the weights of convolutions and the
dense layer only (jcnn decays weights, not biases, gamma or beta); batches of 32 (--batch), shuffled, seed 42;
the notebook's per-batch learning-rate schedule is left out on both sides (it costs nothing).
W untimed warm-up batches, then B timed batches (0: one whole epoch from a fresh shuffle).
Prints one line: RESULT {json} with seconds and seconds per 100 batches.
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_train(data_dir):
    images = read_idx(os.path.join(data_dir, "train-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz"))
    x = torch.from_numpy(images.astype(np.float32) / 255.0).reshape(-1, 1, 28, 28)
    return x, torch.from_numpy(labels.astype(np.int64))


class Block(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)
        self.proj = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return y + (self.proj(x) if self.proj is not None else x)


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 32, 3, padding=1)
        self.bn = nn.BatchNorm2d(32, eps=1e-5, momentum=0.1)
        self.block1 = Block(32, 32)
        self.block2 = Block(32, 64)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn(self.conv(x))), 2)
        x = F.max_pool2d(F.relu(self.block1(x)), 2)
        x = F.relu(self.block2(x))
        return self.fc(x.mean(dim=(2, 3)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--warmup", type=int, default=50)
    p.add_argument("--batches", type=int, default=300)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    x, y = load_train(args.data)
    model = Residual()
    n_params = sum(t.numel() for t in model.parameters())
    decay = [m.weight for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    ids = {id(t) for t in decay}
    rest = [t for t in model.parameters() if id(t) not in ids]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": rest, "weight_decay": 0.0}],
                            lr=4e-3, betas=(0.9, 0.999), eps=1e-8)
    batch = args.batch

    def step(idx):
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x[idx]), y[idx], label_smoothing=0.1)
        loss.backward()
        opt.step()
        return loss

    model.train()
    perm = torch.randperm(len(x))
    for i in range(args.warmup):
        step(perm[i * batch:(i + 1) * batch])
    perm = torch.randperm(len(x))
    timed = args.batches if args.batches > 0 else (len(x) + batch - 1) // batch
    t0 = time.perf_counter()
    for i in range(timed):
        loss = step(perm[i * batch:(i + 1) * batch])
    seconds = time.perf_counter() - t0
    print("RESULT " + json.dumps({"side": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(),
                                  "params": n_params, "batch": batch, "warmup_batches": args.warmup, "batches": timed,
                                  "seconds": seconds, "s_per_100_batches": seconds * 100 / timed,
                                  "last_loss": float(loss)}), flush=True)


if __name__ == "__main__":
    main()
