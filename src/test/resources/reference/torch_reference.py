#!/usr/bin/python3
"""Reference numbers from PyTorch 1.13 for jcnn's tests (run with Debian's /usr/bin/python3, python3-torch).

    /usr/bin/python3 src/test/resources/reference/torch_reference.py > src/test/resources/reference/torch-reference.json

Every input is a fixed formula (no random numbers), written into the JSON next to the outputs, so the
Java tests read both. Batch norm runs in float64; the optimizers and schedules follow torch.optim's
update rules on float64 tensors.
"""
import json
import math
import sys

import torch

torch.set_default_dtype(torch.float64)


def values(n, a, b, c=0.0):
    return [round(math.sin(a * i + c) * b + 0.1 * math.cos(1.3 * i), 6) for i in range(n)]


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def batch_norm_case(name, shape, training, momentum, eps):
    channels = shape[1]
    numel = math.prod(shape)
    x = torch.tensor(values(numel, 0.71, 2.0, 0.3)).reshape(shape).requires_grad_()
    gamma = torch.tensor(values(channels, 1.1, 0.5, 1.0)).add(1.0).requires_grad_()
    beta = torch.tensor(values(channels, 0.9, 0.3, 2.0)).requires_grad_()
    running_mean = torch.tensor(values(channels, 0.5, 0.2, 0.7))
    running_var = torch.tensor(values(channels, 0.6, 0.3, 0.1)).abs().add(0.5)
    dy = torch.tensor(values(numel, 0.37, 1.0, 1.7)).reshape(shape)
    case = {"name": name, "shape": list(shape), "training": training, "momentum": momentum, "eps": eps,
            "x": flat(x), "gamma": flat(gamma), "beta": flat(beta), "running_mean": flat(running_mean),
            "running_var": flat(running_var), "dy": flat(dy)}
    y = torch.nn.functional.batch_norm(x, running_mean, running_var, gamma, beta, training, momentum, eps)
    y.backward(dy)
    case.update({"y": flat(y), "dx": flat(x.grad), "dgamma": flat(gamma.grad), "dbeta": flat(beta.grad),
                 "running_mean_after": flat(running_mean), "running_var_after": flat(running_var)})
    return case


def optimizer_case(name, make, steps=6):
    """A weight (2, 3) with weight decay where the optimizer has it and a bias (2) without, gradients by formula."""
    w = torch.tensor(values(6, 0.8, 1.0, 0.2)).reshape(2, 3).requires_grad_()
    b = torch.tensor(values(2, 1.7, 0.5, 0.9)).requires_grad_()
    opt = make(w, b)
    history = []
    grads = []
    for t in range(steps):
        gw = torch.tensor(values(6, 0.45 + 0.1 * t, 1.0, float(t))).reshape(2, 3)
        gb = torch.tensor(values(2, 0.3 + 0.2 * t, 0.7, float(t)))
        grads.append({"w": flat(gw), "b": flat(gb)})
        opt.zero_grad()
        w.grad = gw.clone()
        b.grad = gb.clone()
        opt.step()
        history.append({"w": flat(w), "b": flat(b)})
    return {"name": name, "w0": values(6, 0.8, 1.0, 0.2), "b0": values(2, 1.7, 0.5, 0.9), "grads": grads, "after": history}


def groups(w, b, decay):
    return [{"params": [w], "weight_decay": decay}, {"params": [b], "weight_decay": 0.0}]


def schedule_case(name, make, losses, epochs=10):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    sched = make(opt)
    rates = []
    for epoch in range(epochs):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        if losses is None:
            sched.step()
        else:
            sched.step(losses[epoch])
    return {"name": name, "base": 0.1, "losses": losses, "rates": rates}


def per_step_case(name, epochs, batches, warmup_steps, eta_min):
    """The rate before each step of a per-batch warm-up + cosine (jcnn's warmupCosine), stepped after every batch."""
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    total = epochs * batches
    cosine = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total - warmup_steps, eta_min=eta_min)
    if warmup_steps > 0:
        warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=1.0 / warmup_steps, total_iters=warmup_steps - 1)
        sched = torch.optim.lr_scheduler.SequentialLR(opt, [warm, cosine], milestones=[warmup_steps])
    else:
        sched = cosine
    rates = []
    for step in range(total):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return {"name": name, "base": 0.1, "losses": None, "batches": batches, "rates": rates}


def main():
    out = {"torch": torch.__version__, "batch_norm": [
        batch_norm_case("2d train", (4, 3, 3, 2), True, 0.1, 1e-5),
        batch_norm_case("2d eval", (4, 3, 3, 2), False, 0.1, 1e-5),
        batch_norm_case("1d train", (5, 4), True, 0.3, 1e-3),
        batch_norm_case("1d eval", (5, 4), False, 0.3, 1e-3),
    ], "optimizers": [
        optimizer_case("adamW(0.01).weightDecay(0.1)", lambda w, b: torch.optim.AdamW(groups(w, b, 0.1), lr=0.01)),
        optimizer_case("rmsprop(0.01)", lambda w, b: torch.optim.RMSprop([w, b], lr=0.01)),
        optimizer_case("rmsprop(0.01).alpha(0.9).momentum(0.5)",
                       lambda w, b: torch.optim.RMSprop([w, b], lr=0.01, alpha=0.9, momentum=0.5)),
        optimizer_case("sgd(0.1).momentum(0.9).nesterov()",
                       lambda w, b: torch.optim.SGD([w, b], lr=0.1, momentum=0.9, nesterov=True)),
    ], "schedules": [
        schedule_case("cosine(10)", lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=10), None),
        schedule_case("cosine(6, 0.01)", lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=6, eta_min=0.01), None),
        schedule_case("exponential(0.8)", lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.8), None),
        schedule_case("reduceOnPlateau(0.5, 2)",
                      lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, factor=0.5, patience=2),
                      [1.0, 0.9, 0.95, 0.92, 0.91, 0.8, 0.85, 0.84, 0.83, 0.86]),
        per_step_case("warmupCosine(3, 0.5)", 3, 4, 2, 0.0),
        per_step_case("warmupCosine(2, 0.6, 0.01)", 2, 5, 3, 0.01),
        per_step_case("warmupCosine(2, 0)", 2, 5, 0, 0.0),
    ]}
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
