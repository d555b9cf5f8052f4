# py_torch: the Python module feeds PyTorch.  With Debian's python3 and
# python3-torch (installed when missing, as root: about 40 s and 46 MiB
# of downloads on a 2-core machine), Result.tensor() goes into a real
# torch.nn.CrossEntropyLoss on a tiny batch with void pixels, whose value
# must equal the weighted cross-entropy computed by hand, and whose
# gradient flows; then every ```python block of README.md that imports
# mfweights runs as written.  Large and not about the C code: skipped
# under the sanitizers.
# suites: plain
need_pkgs python3-torch
PY=/usr/bin/python3
ln -s "$DATA" data

PYTHONPATH=$SRC/python $PY - "$MFW" >&2 <<'PYEOF'
import math, sys
import torch
import mfweights

r = mfweights.compute("data/masks", classes=4, ignore=255,
                      executable=sys.argv[1])
w = r.tensor()
assert isinstance(w, torch.Tensor) and w.dtype == torch.float32, w.dtype
assert w.shape == (4,) and w.tolist() == [float(torch.tensor(x))
                                          for x in r.weights], w
assert r.tensor(dtype=torch.float64).tolist() == r.weights

# A batch of 2 images of 3x3 pixels, 4 classes, two void pixels.
g = torch.Generator().manual_seed(7)
logits = torch.randn(2, 4, 3, 3, generator=g, requires_grad=True)
target = torch.randint(0, 4, (2, 3, 3), generator=g)
target[0, 0, 0] = target[1, 2, 1] = 255
loss = torch.nn.CrossEntropyLoss(weight=w, ignore_index=255)(logits, target)

# By hand: sum of w[y] * -log softmax(x)[y] over counted pixels, divided
# by the sum of their weights.
num = den = 0.0
x = logits.detach().tolist()
for n in range(2):
    for i in range(3):
        for j in range(3):
            y = int(target[n, i, j])
            if y == 255:
                continue
            z = [x[n][c][i][j] for c in range(4)]
            lse = math.log(sum(math.exp(v) for v in z))
            num += r.weights[y] * (lse - z[y])
            den += r.weights[y]
assert abs(loss.item() - num / den) < 1e-5, (loss.item(), num / den)
loss.backward()
assert torch.isfinite(logits.grad).all() and logits.grad.abs().sum() > 0
print("loss %.6f = %.6f by hand" % (loss.item(), num / den))
PYEOF

# README's Python examples, with mfweights on PATH.
awk '/^```python$/ { on = 1; n++; next } /^```/ { on = 0 }
    on { print >("readme" n ".py") }' "$SRC/README.md"
ran=0
for f in readme*.py; do
	[ -f "$f" ] && grep -q '^import mfweights' "$f" || continue
	PATH=$B:$PATH PYTHONPATH=$SRC/python $PY "$f" >out 2>err ||
	    { cat "$f" err >&2; die "README example $f failed"; }
	ran=$((ran + 1))
done
[ "$ran" -ge 1 ] || die "README has no Python example importing mfweights"
