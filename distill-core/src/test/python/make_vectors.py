#!/usr/bin/python3
"""Makes the PyTorch reference vectors that distill-core's tests read (src/test/resources/vectors/).

Run with Debian's interpreter, which has PyTorch 1.13 and torchvision 0.14 (a pyenv python3 on
PATH usually has neither):

    /usr/bin/python3 distill-core/src/test/python/make_vectors.py --out DIR
        [--mnist DIR] [--teacher FILE] [--only NAME ...] [--compare-with DIR]

Vectors (NAME: files, the test that reads them, what they need):
  sgd       sgd_momentum.json   MomentumSgdTest         nothing
            torch.optim.SGD (momentum, no dampening, no Nesterov, no weight decay) on two
            parameters shaped like a DJL Linear(4 -> 3) block's, over four steps of given gradients
  kd_loss   kd_loss.json        DistillationLossTest    nothing
            loss and d(loss)/d(student logits) for the three loss modes
  resize32  resize32.json       PreprocessingTest       MNIST (training images)
            the first 4 training images, raw 28x28 and torchvision Resize((32,32)) + ToTensor
  teacher   teacher_lenet5.torchscript.pt and teacher_logits.json   TorchScriptParityTest
            MNIST (test images) and the teacher's weights (--teacher)
            the traced tutorial teacher and its logits on the first 16 test images

--mnist defaults to $KD_DATA_DIR, else data/mnist at the repository root (scripts/fetch-mnist.sh
puts it there); it is read only for resize32 and teacher. --only picks vectors (default: all).
--compare-with DIR compares every JSON file made with the one of the same name in DIR (such as
the committed vectors) and prints the largest absolute difference of its numbers.

Reproducibility, checked against the committed files with this script's PyTorch 1.13 on x86-64:
  - sgd_momentum.json, kd_loss.json, resize32.json: bit-identical.
  - teacher_lenet5.torchscript.pt: the weights came from a 10-epoch training (SGD lr 0.001,
    momentum 0.9) whose seed was not recorded, so they cannot be trained again. The script
    therefore takes the weights from --teacher, by default the committed TorchScript file itself,
    and traces the same network again. The new file holds the same weights and the same code; it
    is not byte-identical because TorchScript's debug tables record the tracing script's path.
  - teacher_logits.json: not bit-identical: 113 of the 160 logits differ in the 6th decimal they
    are rounded to, by at most 3e-6. The convolutions' float32 sums depend on the CPU's kernels,
    and the committed file came from another machine. TorchScriptParityTest compares with a
    tolerance of 1e-4, so either file serves; the committed one stays as it was made.
"""
import argparse
import json
import os
import struct
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision.transforms as T
from PIL import Image

REPO = Path(__file__).resolve().parents[4]
COMMITTED = REPO / "distill-core" / "src" / "test" / "resources" / "vectors"
VECTORS = ("sgd", "kd_loss", "resize32", "teacher")

# torchvision's preprocessing in the tutorial: bilinear resize of a PIL 'L' image, then [0, 1]
PREPROCESS = T.Compose([T.Resize((32, 32)), T.ToTensor()])


def prep(image):
    return PREPROCESS(Image.fromarray(image, mode="L"))


def read_idx(path):
    """Reads an MNIST IDX file: images as (n, rows, cols) uint8, labels as (n,) uint8."""
    b = Path(path).read_bytes()
    magic, n = struct.unpack(">II", b[:8])
    if magic == 2051:
        r, c = struct.unpack(">II", b[8:16])
        return np.frombuffer(b, np.uint8, offset=16).reshape(n, r, c)
    return np.frombuffer(b, np.uint8, offset=8)


def floats(t):
    """A float32 tensor's values, row-major, each as the double equal to it (JSON keeps it exactly)."""
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def make_sgd(out):
    """torch.optim.SGD steps; every value is float32, written exactly."""
    g = torch.Generator().manual_seed(12)
    cases = []
    # the project's momentum (the tutorial's 0.9) and plain SGD, its builder's default
    for lr, momentum, steps in [(0.05, 0.9, 4), (0.1, 0.0, 3)]:
        # a DJL Linear(units=3) on 4 inputs: weight (3, 4), then bias (3)
        shapes = [("weight", (3, 4)), ("bias", (3,))]
        params = [nn.Parameter(torch.randn(*shape, generator=g)) for _, shape in shapes]
        initial = [floats(p) for p in params]
        opt = torch.optim.SGD(params, lr=lr, momentum=momentum, dampening=0,
                              nesterov=False, weight_decay=0)
        records = []
        for step in range(steps):
            # gradients of mixed sizes and signs, a larger one every other step
            grads = [torch.randn(*shape, generator=g) * (3.0 if step % 2 else 0.5) for _, shape in shapes]
            for p, grad in zip(params, grads):
                p.grad = grad.clone()
            opt.step()
            buffers = None
            if momentum != 0:
                buffers = [floats(opt.state[p]["momentum_buffer"]) for p in params]
            records.append({"gradients": [floats(x) for x in grads],
                            "parameters": [floats(p) for p in params],
                            "momentum_buffers": buffers})
        cases.append({"learning_rate": lr, "momentum": momentum,
                      "parameters": [{"name": name, "shape": list(shape), "initial": init}
                                     for (name, shape), init in zip(shapes, initial)],
                      "steps": records})
    json.dump({"about": "torch.optim.SGD(params, lr, momentum, dampening=0, nesterov=False, weight_decay=0), "
                        f"torch {torch.__version__}; float32 values row-major, written exactly; per step the "
                        "gradients given, then the parameters and momentum buffers after opt.step() "
                        "(buffers null without momentum: torch keeps none)",
               "cases": cases}, open(out / "sgd_momentum.json", "w"))


def make_resize32(out, mnist):
    xtr = read_idx(mnist / "train-images-idx3-ubyte")
    json.dump({"about": "torchvision 0.14 Resize((32,32)) on a PIL 'L' image, then ToTensor; row-major 32x32",
               "images": [{"index": i, "raw28": xtr[i].reshape(-1).tolist(),
                           "resized32": [round(float(v), 7) for v in prep(xtr[i]).reshape(-1)]}
                          for i in range(4)]},
              open(out / "resize32.json", "w"))


def kd(mode, s, t, y, alpha, temp):
    ce = F.cross_entropy(s, y)
    if mode == "none":
        return ce
    if mode == "hinton":
        d = F.kl_div(F.log_softmax(s / temp, 1), F.softmax(t / temp, 1), reduction="batchmean") * temp * temp
    else:  # the tutorial's exact call
        d = F.kl_div(F.log_softmax(t / temp, 1), F.softmax(s / temp, 1), reduction="batchmean")
    return alpha * ce + (1 - alpha) * d


def make_kd_loss(out):
    g = torch.Generator().manual_seed(7)
    cases = []
    for (B, temp, alpha) in [(4, 10.0, 0.1), (3, 4.0, 0.5), (5, 1.0, 0.9)]:
        s0 = torch.randn(B, 10, generator=g) * 3
        t = torch.randn(B, 10, generator=g) * 5
        y = torch.randint(0, 10, (B,), generator=g)
        for mode in ["hinton", "seed", "none"]:
            s = s0.clone().requires_grad_(True)
            loss = kd(mode, s, t, y, alpha, temp)
            loss.backward()
            cases.append({"mode": mode, "temperature": temp, "alpha": alpha, "labels": y.tolist(),
                          "student_logits": s0.tolist(), "teacher_logits": t.tolist(),
                          "loss": float(loss), "grad_student_logits": s.grad.tolist()})
    json.dump({"about": "loss = alpha*CE(s,y) + (1-alpha)*D; hinton: D = T^2 KL(softmax(t/T)||softmax(s/T)) batch mean; "
                        "seed: D = F.kl_div(log_softmax(t/T), softmax(s/T), 'batchmean') (the tutorial's call); none: CE only",
               "cases": cases}, open(out / "kd_loss.json", "w"))


class Teacher(nn.Module):
    """The tutorial's LeNet-5 variant (81,194 parameters)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 3)
        self.conv2 = nn.Conv2d(6, 16, 3)
        self.fc1 = nn.Linear(16 * 6 * 6, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


def teacher_weights(path):
    """A state dict from a TorchScript file (such as the committed teacher) or a torch.save'd one."""
    try:
        return torch.jit.load(str(path), map_location="cpu").state_dict()
    except RuntimeError:
        return torch.load(str(path), map_location="cpu")


def make_teacher(out, mnist, weights):
    xte = read_idx(mnist / "t10k-images-idx3-ubyte")
    yte = read_idx(mnist / "t10k-labels-idx1-ubyte")
    m = Teacher()
    m.load_state_dict(weights)
    m.eval()
    x = torch.stack([prep(xte[i]) for i in range(16)])
    with torch.no_grad():
        ts = torch.jit.trace(m, x[:1])
        logits = m(x)
    ts.save(str(out / "teacher_lenet5.torchscript.pt"))
    json.dump({"about": "traced Teacher; input = first 16 MNIST test images, Resize((32,32))+ToTensor, shape [16,1,32,32]",
               "labels": yte[:16].tolist(), "logits": [[round(float(v), 6) for v in r] for r in logits]},
              open(out / "teacher_logits.json", "w"))


def max_difference(a, b, where="$"):
    """The largest |a - b| over two JSON trees' numbers; raises if their structure or text differs."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            raise ValueError(f"{where}: keys {sorted(a)} != {sorted(b)}")
        return max([max_difference(a[k], b[k], f"{where}.{k}") for k in a], default=0.0)
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            raise ValueError(f"{where}: length {len(a)} != {len(b)}")
        return max([max_difference(x, y, f"{where}[{i}]") for i, (x, y) in enumerate(zip(a, b))], default=0.0)
    numbers = (int, float)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool) and not isinstance(b, bool):
        return abs(float(a) - float(b))
    if a != b:
        raise ValueError(f"{where}: {a!r} != {b!r}")
    return 0.0


def compare(out, reference):
    for made in sorted(out.glob("*.json")):
        other = reference / made.name
        if not other.exists():
            print(f"{made.name}: not in {reference}")
            continue
        same = made.read_bytes() == other.read_bytes()
        diff = max_difference(json.loads(made.read_text()), json.loads(other.read_text()))
        print(f"{made.name}: {'bit-identical' if same else 'differs'}, largest absolute difference {diff:.3g}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, type=Path, help="directory to write the vectors to")
    ap.add_argument("--mnist", type=Path,
                    default=Path(os.environ.get("KD_DATA_DIR", REPO / "data" / "mnist")),
                    help="directory of the four MNIST IDX files (resize32, teacher)")
    ap.add_argument("--teacher", type=Path, default=COMMITTED / "teacher_lenet5.torchscript.pt",
                    help="the teacher's weights: a TorchScript file or a state dict (teacher)")
    ap.add_argument("--only", nargs="+", choices=VECTORS, default=list(VECTORS), help="vectors to make")
    ap.add_argument("--compare-with", type=Path, help="directory of vectors to compare the JSON files with")
    args = ap.parse_args()

    needs_mnist = {"resize32", "teacher"} & set(args.only)
    if needs_mnist and not (args.mnist / "t10k-images-idx3-ubyte").exists():
        sys.exit(f"MNIST, which {', '.join(sorted(needs_mnist))} read, is not in {args.mnist}: "
                 "run scripts/fetch-mnist.sh, pass --mnist, or leave them out with --only")
    # read the weights first: --out may be the directory they come from
    weights = teacher_weights(args.teacher) if "teacher" in args.only else None
    args.out.mkdir(parents=True, exist_ok=True)
    if "sgd" in args.only:
        make_sgd(args.out)
    if "kd_loss" in args.only:
        make_kd_loss(args.out)
    if "resize32" in args.only:
        make_resize32(args.out, args.mnist)
    if "teacher" in args.only:
        make_teacher(args.out, args.mnist, weights)
    print("wrote", ", ".join(sorted(p.name for p in args.out.iterdir())), "to", args.out)
    if args.compare_with:
        compare(args.out, args.compare_with)


if __name__ == "__main__":
    main()
