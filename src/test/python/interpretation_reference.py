"""Reference values for jcnn's "what the network looks at" (saliency, Grad-CAM, occlusion, per-example
losses, precision and recall), computed with PyTorch 1.13 (Debian python3-torch) for a small net with
fixed weights. Run once; the output is committed as a test resource and read by
src/test/java/jcnn/nn/InterpretationTest.java and src/test/java/jcnn/train/EvaluationExamplesTest.java:

    /usr/bin/python3 src/test/python/interpretation_reference.py src/test/resources/interpretation/reference.json

The net is jcnn's
    Cnn.input(3, 10, 10).conv(3, 3, padding(1)).relu().maxPool(2).conv(4, 3).relu()
       .flatten().dropout(0.5).dense(5).softmax()
(layers conv1, relu1, pool1, conv2, relu2, flatten1, dropout1, dense1, softmax1), in evaluation mode.
"""
import json
import sys

import torch
import torch.nn.functional as F

torch.manual_seed(13)
params = {
    "conv1.weight": torch.randn(3, 3, 3, 3) * 0.5,
    "conv1.bias": torch.randn(3) * 0.1,
    "conv2.weight": torch.randn(4, 3, 3, 3) * 0.5,
    "conv2.bias": torch.randn(4) * 0.1,
    "dense1.weight": torch.randn(5, 36) * 0.3,
    "dense1.bias": torch.randn(5) * 0.1,
}
images = torch.rand(12, 3, 10, 10)
labels = torch.randint(0, 5, (12,))


def forward(x):
    """Every layer's output by jcnn's layer name (dropout is the identity in evaluation mode)."""
    out = {}
    out["conv1"] = F.conv2d(x, params["conv1.weight"], params["conv1.bias"], stride=1, padding=1)
    out["relu1"] = F.relu(out["conv1"])
    out["pool1"] = F.max_pool2d(out["relu1"], 2)
    out["conv2"] = F.conv2d(out["pool1"], params["conv2.weight"], params["conv2.bias"])
    out["relu2"] = F.relu(out["conv2"])
    out["dense1"] = F.linear(torch.flatten(out["relu2"], 1), params["dense1.weight"], params["dense1.bias"])
    return out


def flat(t):
    return [float(v) for v in t.detach().reshape(-1)]


def saliency(index, target):
    x = images[index:index + 1].clone().requires_grad_(True)
    scores = forward(x)["dense1"]
    scores[0, target].backward()
    return {"image": index, "class": target, "score": float(scores[0, target]), "gradient": flat(x.grad[0]),
            "map": flat(x.grad[0].abs().amax(dim=0))}


def grad_cam(index, layer, target):
    x = images[index:index + 1]
    out = forward_keep(x, layer)
    maps, scores = out
    scores[0, target].backward()
    weights = maps.grad.mean(dim=(2, 3))[0]
    cam = F.relu((weights[:, None, None] * maps[0]).sum(dim=0))
    up = F.interpolate(cam[None, None], size=(10, 10), mode="bilinear", align_corners=False)[0, 0]
    heat = up / up.max() if float(up.max()) > 0 else up
    return {"image": index, "layer": layer, "class": target, "score": float(scores[0, target]), "weights": flat(weights),
            "map": flat(cam), "map_shape": list(cam.shape), "heatmap": flat(heat)}


def forward_keep(x, layer):
    """Like forward, but the output of `layer` is a leaf whose gradient is kept."""
    names = ["conv1", "relu1", "pool1", "conv2", "relu2"]
    steps = {
        "conv1": lambda t: F.conv2d(t, params["conv1.weight"], params["conv1.bias"], padding=1),
        "relu1": F.relu,
        "pool1": lambda t: F.max_pool2d(t, 2),
        "conv2": lambda t: F.conv2d(t, params["conv2.weight"], params["conv2.bias"]),
        "relu2": F.relu,
    }
    t = x
    maps = None
    for name in names:
        t = steps[name](t)
        if name == layer:
            maps = t.detach().requires_grad_(True)
            t = maps
    scores = F.linear(torch.flatten(t, 1), params["dense1.weight"], params["dense1.bias"])
    return maps, scores


def occlusion(index, target, patch, stride, fill):
    x = images[index:index + 1]
    with torch.no_grad():
        base = float(F.softmax(forward(x)["dense1"], dim=1)[0, target])
        rows = (10 - patch) // stride + 1
        cols = (10 - patch) // stride + 1
        drop = []
        for r in range(rows):
            for c in range(cols):
                y = x.clone()
                y[:, :, r * stride:r * stride + patch, c * stride:c * stride + patch] = fill
                drop.append(base - float(F.softmax(forward(y)["dense1"], dim=1)[0, target]))
    return {"image": index, "class": target, "patch": patch, "stride": stride, "fill": fill, "probability": base,
            "map": drop, "map_shape": [rows, cols]}


def evaluation():
    with torch.no_grad():
        scores = forward(images)["dense1"]
        losses = F.cross_entropy(scores, labels, reduction="none")
        probs = F.softmax(scores, dim=1)
        predicted = scores.argmax(dim=1)
        confidence = probs.gather(1, predicted[:, None])[:, 0]
        precision, recall = [], []
        for c in range(5):
            tp = int(((predicted == c) & (labels == c)).sum())
            npred = int((predicted == c).sum())
            nlab = int((labels == c).sum())
            precision.append(tp / npred if npred else None)
            recall.append(tp / nlab if nlab else None)
        return {"labels": [int(v) for v in labels], "logits": flat(scores), "losses": flat(losses),
                "mean_loss": float(F.cross_entropy(scores, labels)), "predictions": [int(v) for v in predicted],
                "confidences": flat(confidence), "precision": precision, "recall": recall}


reference = {
    "generator": "src/test/python/interpretation_reference.py",
    "torch": torch.__version__,
    "params": {k: flat(v) for k, v in params.items()},
    "images": flat(images),
    "image_shape": list(images.shape),
    "saliency": [saliency(0, 2), saliency(5, 4)],
    "grad_cam": [grad_cam(0, layer, 2) for layer in ["conv1", "relu1", "pool1", "conv2", "relu2"]] + [grad_cam(3, "conv2", 0)],
    "occlusion": [occlusion(0, 2, 4, 2, 0.0), occlusion(7, 1, 3, 3, 0.5)],
    "evaluation": evaluation(),
}
with open(sys.argv[1], "w") as f:
    json.dump(reference, f, indent=1)
print("wrote", sys.argv[1], "with torch", torch.__version__)
