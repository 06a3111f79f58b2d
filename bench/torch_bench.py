#!/usr/bin/python3
"""PyTorch side of `jcnn bench`: one workload per process, one `RESULT {json}` line.

Run with Debian's torch: /usr/bin/python3 bench/torch_bench.py WORKLOAD --threads N [options].
The workloads mirror jcnn.bench.Workloads (same shapes, networks, batch sizes, optimizer):

  sgemm     1024^3 float32 matmul, GFLOPS (median of timed repetitions)
  conv      conv2d forward+backward GFLOPS at the lecture network's two conv shapes (batch 64)
  train     --net lenet|lecture: Adam(1e-3), batch 64, Fashion-MNIST; images/s, time from
            process start to the first trained batch, optionally time to a test accuracy
  infer     lecture network, eval mode, batch 256, images/s

Every result includes rss_peak_mib, the process's peak resident memory (VmHWM).
"""
import argparse
import gzip
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def rss_peak_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(data_dir, split, keep_uint8=False):
    prefix = "train" if split == "train" else "t10k"
    images = read_idx(os.path.join(data_dir, prefix + "-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(data_dir, prefix + "-labels-idx1-ubyte.gz"))
    if keep_uint8:
        # the pixels stay bytes, as torchvision's FashionMNIST keeps them (and jcnn's Dataset);
        # each batch becomes float32 / 255 in pixels(), the same values
        x = torch.from_numpy(images.copy()).reshape(-1, 1, 28, 28)
    else:
        x = torch.from_numpy(images.astype(np.float32) / 255.0).reshape(-1, 1, 28, 28)
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


def pixels(xb):
    """A batch of images as float32 in [0, 1], from bytes or as stored."""
    return xb.float().div_(255.0) if xb.dtype == torch.uint8 else xb


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class Lecture(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.fc1 = nn.Linear(64 * 7 * 7, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.dropout(torch.flatten(x, 1), 0.5, self.training)
        return self.fc2(F.relu(self.fc1(x)))


def sgemm(args):
    n = 1024
    a = torch.randn(n, n)
    b = torch.randn(n, n)
    for _ in range(5):
        a @ b
    rates = []
    for _ in range(args.reps):
        t0 = time.perf_counter()
        a @ b
        rates.append(2.0 * n ** 3 / (time.perf_counter() - t0) / 1e9)
    return {"gflops": statistics.median(rates)}


CONV_SHAPES = {"conv1": (64, 1, 28, 28, 32), "conv2": (64, 32, 14, 14, 64)}


def conv(args):
    out = {}
    for name, (n, c, h, w, co) in CONV_SHAPES.items():
        x = torch.randn(n, c, h, w, requires_grad=True)
        weight = torch.randn(co, c, 3, 3, requires_grad=True)
        bias = torch.randn(co, requires_grad=True)
        grad = torch.randn(n, co, h, w)
        # forward + input gradient + weight gradient: three products of 2*N*Co*H*W*C*9 flops
        flops = 3 * 2.0 * n * co * h * w * c * 9
        rates = []
        # untimed warm-up: at least --warmup-s seconds and 3 repetitions (as jcnn's worker)
        start, rep = time.perf_counter(), 0
        while rep < 3 or time.perf_counter() - start < args.warmup_s:
            F.conv2d(x, weight, bias, 1, 1).backward(grad)
            x.grad = None
            weight.grad = None
            bias.grad = None
            rep += 1
        for rep in range(args.reps):
            t0 = time.perf_counter()
            y = F.conv2d(x, weight, bias, 1, 1)
            y.backward(grad)
            dt = time.perf_counter() - t0
            x.grad = None
            weight.grad = None
            bias.grad = None
            rates.append(flops / dt / 1e9)
        out[name + "_gflops"] = statistics.median(rates)
    return out


def make_net(name):
    return LeNet5() if name == "lenet" else Lecture()


def evaluate(model, x, y, batch=256):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += (model(pixels(x[i:i + batch])).argmax(1) == y[i:i + batch]).sum().item()
    model.train()
    return correct / len(x)


def train(args):
    torch.manual_seed(args.seed)
    x, y = load(args.data, "train", args.keep_uint8)
    test = load(args.data, "test", args.keep_uint8) if args.target > 0 else None
    model = make_net(args.net)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    batch = args.batch
    first_batch = None
    window, window_rates = 0, []
    images, train_time = 0, 0.0
    time_to_target, accuracy, epochs_run = None, None, 0
    max_batches = args.batches if args.batches > 0 else None
    start = time.time()
    if args.warmup > 0:
        # untimed warm-up batches (steady state before timing), from their own shuffled pass
        perm = torch.randperm(len(x))
        for i in range(0, min(args.warmup, len(x) // batch) * batch, batch):
            idx = perm[i:i + batch]
            opt.zero_grad(set_to_none=True)
            F.cross_entropy(model(pixels(x[idx])), y[idx]).backward()
            opt.step()
            if first_batch is None:
                first_batch = time.time() - args.t0
    for epoch in range(max(1, args.epochs)):
        perm = torch.randperm(len(x))
        done = 0
        t_epoch = time.perf_counter()
        t_window = t_epoch
        for i in range(0, len(x), batch):
            idx = perm[i:i + batch]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(pixels(x[idx])), y[idx])
            loss.backward()
            opt.step()
            if first_batch is None:
                first_batch = time.time() - args.t0
            done += 1
            images += len(idx)
            window += len(idx)
            if done % 100 == 0:
                now = time.perf_counter()
                window_rates.append(window / (now - t_window))
                t_window, window = now, 0
            if max_batches is not None and done >= max_batches:
                break
        train_time += time.perf_counter() - t_epoch
        epochs_run += 1
        if test is not None:
            accuracy = evaluate(model, *test)
            if accuracy >= args.target:
                time_to_target = time.time() - args.t0
                break
        if args.max_seconds > 0 and time.time() - args.t0 > args.max_seconds:
            break
    result = {"images_per_s": images / train_time, "batch": batch, "first_batch_s": first_batch, "epochs": epochs_run,
              "window_median_images_per_s": statistics.median(window_rates) if window_rates else None,
              "train_wall_s": time.time() - start}
    if test is not None:
        result.update({"accuracy": accuracy, "time_to_target_s": time_to_target})
    return result


def infer(args):
    torch.manual_seed(args.seed)
    x, _ = load(args.data, "test", args.keep_uint8)
    model = Lecture().eval()
    batch = 256
    batches = args.batches if args.batches > 0 else len(x) // batch
    rates = []
    with torch.no_grad():
        for rep in range(1 + args.reps):
            t0 = time.perf_counter()
            for i in range(batches):
                j = (i * batch) % (len(x) - batch)
                model(pixels(x[j:j + batch]))
            if rep >= 1:
                rates.append(batches * batch / (time.perf_counter() - t0))
    return {"images_per_s": statistics.median(rates)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("workload", choices=["sgemm", "conv", "train", "infer"])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--reps", type=int, default=7)
    p.add_argument("--net", default="lecture")
    p.add_argument("--batches", type=int, default=0, help="0: a full epoch")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch", type=int, default=64, help="training batch size")
    p.add_argument("--warmup", type=int, default=0, help="untimed training batches before the timed ones")
    p.add_argument("--target", type=float, default=0.0, help="stop at this test accuracy")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--max-seconds", type=float, default=0.0, help="stop after the epoch that passes this")
    p.add_argument("--t0", type=float, default=None, help="launch time, seconds since the epoch")
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--warmup-s", type=float, default=3.0, help="conv: untimed warm-up seconds")
    p.add_argument("--keep-uint8", action="store_true",
                   help="keep the images as bytes and make float32 batches (as torchvision's datasets do)")
    args = p.parse_args()
    if args.t0 is None:
        args.t0 = time.time()
    torch.set_num_threads(args.threads)
    result = {"sgemm": sgemm, "conv": conv, "train": train, "infer": infer}[args.workload](args)
    result["rss_peak_mib"] = rss_peak_mib()
    result["threads"] = torch.get_num_threads()
    result["version"] = torch.__version__
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
