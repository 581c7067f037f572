#!/usr/bin/python3
"""PyTorch peer of the W3 benchmark line (org.fedpoison.bench.CnnBench), for comparison only.

The same workload: Fashion-MNIST (Debian's dataset-fashion-mnist), 60,000 training images split
IID over 100 clients of 600; each client trains LeNet-5 (conv 5x5x6 pad 2 -> ReLU -> max-pool 2 ->
conv 5x5x16 -> ReLU -> max-pool 2 -> dense 120 -> ReLU -> dense 84 -> ReLU -> dense 10) for one
local epoch of plain SGD (batch 32, learning rate 0.05, mean cross-entropy) from the global model;
the server averages the 100 models (equal weights: every client holds 600 images). Clients train
one after another, each with torch's intra-op threads (default: the machine's cores, as CnnBench
uses one client thread per core). One warm-up client step first; then ROUNDS rounds, each timed
on the wall clock and in process CPU time, and the test accuracy after the last.

The layers keep PyTorch's default initialisation (the Java model uses He and Glorot uniform), so
the accuracies after one round are not comparable (with the default initialisation one round
leaves the model predicting one class, accuracy 0.10); the timing compares the same arithmetic.

Usage: /usr/bin/python3 environment/bench-torch-cnn.py [--rounds N] [--threads T] [--data DIR]
Prints: T3 model=cnn framework=torch-<version> clients=100 seconds_per_round=... cpu_seconds_per_round=... test_accuracy=... load=...
Not part of the tests; it can take minutes per round on a busy machine.
"""
import argparse
import gzip
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5, padding=2)
        self.c2 = nn.Conv2d(6, 16, 5)
        self.f1 = nn.Linear(400, 120)
        self.f2 = nn.Linear(120, 84)
        self.f3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        x = x.flatten(1)
        return self.f3(F.relu(self.f2(F.relu(self.f1(x)))))


def local_epoch(model, x, y, gen, lr=0.05, batch=32):
    order = torch.randperm(x.shape[0], generator=gen)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    for s in range(0, x.shape[0], batch):
        i = order[s:s + batch]
        opt.zero_grad()
        F.cross_entropy(model(x[i]), y[i]).backward()
        opt.step()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--data", default=os.environ.get("FEDPOISON_FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"))
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    xs = torch.from_numpy(idx(os.path.join(a.data, "train-images-idx3-ubyte.gz")).astype(np.float32) / 255.0).unsqueeze(1)
    ys = torch.from_numpy(idx(os.path.join(a.data, "train-labels-idx1-ubyte.gz")).astype(np.int64))
    xt = torch.from_numpy(idx(os.path.join(a.data, "t10k-images-idx3-ubyte.gz")).astype(np.float32) / 255.0).unsqueeze(1)
    yt = torch.from_numpy(idx(os.path.join(a.data, "t10k-labels-idx1-ubyte.gz")).astype(np.int64))
    gen = torch.Generator().manual_seed(1)
    parts = torch.randperm(xs.shape[0], generator=gen).view(100, -1)
    glob = LeNet5()
    warm = LeNet5()
    warm.load_state_dict(glob.state_dict())
    local_epoch(warm, xs[parts[0][:64]], ys[parts[0][:64]], gen)
    walls, cpus = [], []
    for r in range(a.rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        total = {k: torch.zeros_like(v) for k, v in glob.state_dict().items()}
        for k in range(100):
            local = LeNet5()
            local.load_state_dict(glob.state_dict())
            local_epoch(local, xs[parts[k]], ys[parts[k]], gen)
            for n, v in local.state_dict().items():
                total[n] += v / 100
        glob.load_state_dict(total)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    with torch.no_grad():
        acc = (glob(xt).argmax(1) == yt).float().mean().item()
    load = open("/proc/loadavg").read().split()[:3]
    print("T3 model=cnn framework=torch-%s clients=100 threads=%d seconds_per_round=%.3f cpu_seconds_per_round=%.3f test_accuracy=%.4f load=%s"
          % (torch.__version__, a.threads, sorted(walls)[len(walls) // 2], sorted(cpus)[len(cpus) // 2], acc, "/".join(load)))


if __name__ == "__main__":
    main()
