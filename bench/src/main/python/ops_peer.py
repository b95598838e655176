#!/usr/bin/python3
"""PyTorch's side of io.kdstream.bench.OpBench: the tutorial teacher's layers on the same shapes,
timed the same way (20 warm-up calls, then --reps; every weight requires a gradient, and so does
every input but the images; forward + backward starts from a contiguous gradient of ones, as io.kdstream.bench.OpBench does). Prints `op NAME FORWARD_MS FORWARD_BACKWARD_MS` lines."""
import argparse
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

ap = argparse.ArgumentParser(description=__doc__)
ap.add_argument("--batch-size", type=int, default=64)
ap.add_argument("--reps", type=int, default=200)
ap.add_argument("--threads", type=int, default=1)
args = ap.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)
B = args.batch_size


def u(lo, hi, *shape):
    return torch.empty(*shape).uniform_(lo, hi)


w1, b1 = u(-0.3, 0.3, 6, 1, 3, 3), torch.zeros(6)
w2, b2 = u(-0.1, 0.1, 16, 6, 3, 3), torch.zeros(16)
fw1, fb1 = u(-0.04, 0.04, 120, 576), torch.zeros(120)
fw2, fb2 = u(-0.09, 0.09, 84, 120), torch.zeros(84)
fw3, fb3 = u(-0.1, 0.1, 10, 84), torch.zeros(10)
for w in (w1, b1, w2, b2, fw1, fb1, fw2, fb2, fw3, fb3):
    w.requires_grad_()


def forward(x):
    h = F.max_pool2d(F.relu(F.conv2d(x, w1, b1)), 2)
    h = F.max_pool2d(F.relu(F.conv2d(h, w2, b2)), 2).reshape(B, 576)
    h = F.relu(F.linear(h, fw1, fb1))
    h = F.relu(F.linear(h, fw2, fb2))
    return F.linear(h, fw3, fb3)


ops = [
    ("conv1 1->6 3x3", (B, 1, 32, 32), lambda x: F.conv2d(x, w1, b1), False),
    ("relu (64,6,30,30)", (B, 6, 30, 30), F.relu, True),
    ("maxpool 2x2 (64,6,30,30)", (B, 6, 30, 30), lambda x: F.max_pool2d(x, 2), True),
    ("conv2 6->16 3x3", (B, 6, 15, 15), lambda x: F.conv2d(x, w2, b2), True),
    ("maxpool 2x2 (64,16,13,13)", (B, 16, 13, 13), lambda x: F.max_pool2d(x, 2), True),
    ("linear 576->120", (B, 576), lambda x: F.linear(x, fw1, fb1), True),
    ("linear 120->84", (B, 120), lambda x: F.linear(x, fw2, fb2), True),
    ("linear 84->10", (B, 84), lambda x: F.linear(x, fw3, fb3), True),
    ("log_softmax (64,10)", (B, 10), lambda x: F.log_softmax(x, 1), True),
    ("whole teacher forward", (B, 1, 32, 32), forward, False),
]


def timed(x, op, backward):
    for i in range(args.reps + 20):
        if i == 20:
            start = time.perf_counter()
        y = op(x)
        if backward:
            y.backward(torch.ones_like(y))
    return (time.perf_counter() - start) * 1e3 / args.reps


print("ops: torch %s, batch %d, %d reps" % (torch.__version__, B, args.reps))
for name, shape, op, input_grad in ops:
    x = u(-0.5, 1.0, *shape).requires_grad_(input_grad)
    print("op %-28s %8.3f %8.3f" % (name, timed(x, op, False), timed(x, op, True)))
