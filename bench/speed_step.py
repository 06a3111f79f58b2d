"""PyTorch peer of jcnn.bench.SpeedStep: one training step (forward, backward, Adam) of the
lecture network or LeNet-5 on random data, batch 64, median images/s and per-phase times.
Run: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/speed_step.py [lecture|lenet] [steps] [warmup] [threads]"""
import sys, time, statistics
import torch
import torch.nn as nn
import torch.nn.functional as F

name = sys.argv[1] if len(sys.argv) > 1 else "lecture"
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 60
warmup = int(sys.argv[3]) if len(sys.argv) > 3 else 20
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
torch.set_num_threads(threads)
torch.manual_seed(42)
if name == "lecture":
    net = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Flatten(), nn.Dropout(0.5), nn.Linear(3136, 128), nn.ReLU(), nn.Linear(128, 10))
else:
    net = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
xs = [torch.rand(64, 1, 28, 28) for _ in range(8)]
ys = [torch.randint(0, 10, (64,)) for _ in range(8)]
fw, bw, st, tot = [], [], [], []
for s in range(warmup + steps):
    t0 = time.perf_counter()
    opt.zero_grad()
    loss = F.cross_entropy(net(xs[s % 8]), ys[s % 8])
    t1 = time.perf_counter()
    loss.backward()
    t2 = time.perf_counter()
    opt.step()
    t3 = time.perf_counter()
    if s >= warmup:
        fw.append(t1 - t0); bw.append(t2 - t1); st.append(t3 - t2); tot.append(t3 - t0)
m = statistics.median
print(f"torch {torch.__version__} {name} {threads} threads: forward {m(fw)*1e3:.3f} ms, backward {m(bw)*1e3:.3f} ms,"
      f" adam {m(st)*1e3:.3f} ms, step {m(tot)*1e3:.3f} ms, images/s {64/m(tot):.0f}")
