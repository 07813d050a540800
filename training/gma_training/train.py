"""Train the movement autoencoder on normal windows, pick the threshold, evaluate per anomaly
class, export to ONNX (+ a float16-weight variant) and write the model card.

    /usr/bin/python3 -m gma_training.train --dataset data.gmads --out-dir ../packages/core/models/anomaly --work-dir /tmp/work
"""
import argparse
import hashlib
import json
import os
import platform
import time

import numpy as np
import torch

from .card import write_card
from .compress import fp16_weights
from .dataset import read_dataset
from .features import feature_reference
from .metrics import auroc, movement_statistics, percentile_nearest_rank
from .model import ModelConfig, MovementAutoencoder, flops_per_window


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--dataset", required=True)
    p.add_argument("--out-dir", required=True, help="where the .onnx files and the model card go")
    p.add_argument("--work-dir", required=True, help="scratch: split, golden windows, errors")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--encoder-hidden", type=int, default=64)
    p.add_argument("--decoder-hidden", type=int, default=64)
    p.add_argument("--latent", type=int, default=16)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--latent-mode", choices=["pooled", "sequence"], default="sequence")
    p.add_argument("--max-train-windows", type=int, default=0, help="0 = all")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--val-share", type=float, default=0.25)
    p.add_argument("--test-share", type=float, default=0.2)
    p.add_argument("--percentile", type=float, default=95.0)
    p.add_argument("--model-name", default="gma-movement-autoencoder")
    return p.parse_args(argv)


def split_infants(ds, seed, val_share, test_share):
    """Normal infants are split into train/val/test by infant (no infant in two sets); every
    anomaly infant is test-only (the model never sees an anomaly)."""
    normal = sorted({int(i["id"]) for i in ds.header["infants"] if i["label"] == "normal"})
    anomaly = sorted({int(i["id"]) for i in ds.header["infants"] if i["label"] == "anomaly"})
    rng = np.random.default_rng(seed)
    perm = list(rng.permutation(normal))
    n_val = max(1, int(round(len(perm) * val_share)))
    n_test = max(1, int(round(len(perm) * test_share)))
    val, test, train = perm[:n_val], perm[n_val : n_val + n_test], perm[n_val + n_test :]
    if not train:
        raise SystemExit("not enough normal infants to split into train/val/test: simulate more")
    return {"train": sorted(map(int, train)), "val": sorted(map(int, val)), "test": sorted(map(int, test)) + anomaly}


def errors_of(model, windows, batch=1024):
    out = []
    with torch.no_grad():
        for i in range(0, len(windows), batch):
            x = torch.from_numpy(windows[i : i + batch])
            out.append(((model(x) - x) ** 2).mean(dim=(1, 2)).numpy())
    return np.concatenate(out) if out else np.zeros(0, dtype=np.float32)


def main(argv=None):
    args = parse_args(argv)
    started = time.time()
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    # Denormal numbers in LSTM states slow CPUs down by an order of magnitude (environment.md).
    torch.set_flush_denormal(True)
    os.makedirs(args.out_dir, exist_ok=True)
    os.makedirs(args.work_dir, exist_ok=True)

    ds = read_dataset(args.dataset)
    if ds.header["windowSize"] != 30:
        print(f"note: window size {ds.header['windowSize']}")
    split = split_infants(ds, args.seed, args.val_share, args.test_share)
    ids = ds.infant_ids.astype(np.int64)
    in_set = {k: np.isin(ids, v) for k, v in split.items()}
    train_idx = np.flatnonzero(in_set["train"])
    if args.max_train_windows and len(train_idx) > args.max_train_windows:
        train_idx = np.sort(np.random.default_rng(args.seed).choice(train_idx, args.max_train_windows, replace=False))
    x_train = ds.windows[train_idx]
    x_val = ds.windows[in_set["val"]]
    print(f"windows: train {len(x_train)}, val {len(x_val)}, test {int(in_set['test'].sum())}; infants {', '.join(f'{k} {len(v)}' for k, v in split.items())}", flush=True)

    cfg = ModelConfig(window=ds.header["windowSize"], encoder_hidden=args.encoder_hidden, attention_heads=args.heads, latent=args.latent, decoder_hidden=args.decoder_hidden, latent_mode=args.latent_mode)
    model = MovementAutoencoder(cfg)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    steps_per_epoch = max(1, int(np.ceil(len(x_train) / args.batch_size)))
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.epochs * steps_per_epoch)
    gen = torch.Generator().manual_seed(args.seed)
    xt = torch.from_numpy(x_train)
    best, best_state, history = float("inf"), None, []
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(len(xt), generator=gen)
        total = 0.0
        for s in range(steps_per_epoch):
            b = xt[perm[s * args.batch_size : (s + 1) * args.batch_size]]
            opt.zero_grad()
            loss = ((model(b) - b) ** 2).mean()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total += float(loss) * len(b)
        model.eval()
        val_loss = float(errors_of(model, x_val).mean()) if len(x_val) else float("nan")
        history.append({"epoch": epoch + 1, "train_mse": total / len(xt), "val_mse": val_loss})
        print(f"epoch {epoch + 1}/{args.epochs}: train mse {total / len(xt):.6f}, val mse {val_loss:.6f} ({time.time() - started:.0f} s)", flush=True)
        if val_loss < best or best_state is None:
            best, best_state = val_loss, {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    model.eval()
    train_seconds = time.time() - started

    val_err = errors_of(model, x_val)
    threshold = percentile_nearest_rank(val_err, args.percentile)
    # Errors below this are smaller than 95 % of normal windows': less movement than normal to explain.
    low_threshold = percentile_nearest_rank(val_err, 100 - args.percentile)
    # The same rule per normal movement period, for analyses that pick the threshold by age.
    val_cls = ds.class_names()[in_set["val"]]
    period_thresholds = {name: percentile_nearest_rank(val_err[val_cls == name], args.percentile) for name in ds.classes if (val_cls == name).any()}
    test_idx = np.flatnonzero(in_set["test"])
    test_err = errors_of(model, ds.windows[test_idx])
    test_cls = ds.class_names()[test_idx]
    test_lab = ds.labels[test_idx]
    test_inf = ids[test_idx]
    metrics = evaluate(test_err, test_cls, test_lab, test_inf, threshold, ds, low_threshold)
    print(json.dumps(metrics["summary"]), flush=True)
    features = feature_reference(x_train, x_val, ds.windows[test_idx], test_cls, test_lab, ds.classes, args.percentile)
    print(json.dumps({k: round(v["combinedAuroc"], 3) for k, v in features["perClass"].items()}), flush=True)

    onnx_path = os.path.join(args.out_dir, "autoencoder.onnx")
    export_onnx(model, cfg, onnx_path)
    fp16_path = os.path.join(args.out_dir, "autoencoder.fp16.onnx")
    fp16_weights(onnx_path, fp16_path)
    golden_idx = np.linspace(0, len(test_idx) - 1, num=min(16, len(test_idx))).astype(int)
    golden_x = ds.windows[test_idx[golden_idx]]
    with torch.no_grad():
        golden_y = model(torch.from_numpy(golden_x)).numpy()
    with open(os.path.join(args.work_dir, "golden.json"), "w") as f:
        json.dump({"shape": list(golden_x.shape), "input": golden_x.ravel().tolist(), "torch_output": golden_y.ravel().tolist(), "torch_errors": ((golden_y - golden_x) ** 2).mean(axis=(1, 2)).tolist()}, f)
    with open(os.path.join(args.work_dir, "split.json"), "w") as f:
        json.dump({**split, "threshold": threshold, "test_errors_torch": test_err.tolist()}, f)

    sha = hashlib.sha256(open(onnx_path, "rb").read()).hexdigest()
    prov = ds.header.get("provenance", {})
    card = {
        "schemaVersion": 1,
        "name": args.model_name,
        "modelVersion": f"{args.model_name}@{sha[:12]}",
        "sha256": sha,
        "files": {"onnx": "autoencoder.onnx", "compressed": "autoencoder.fp16.onnx"},
        "io": {"input": {"name": "windows", "shape": ["batch", cfg.window, cfg.features], "dtype": "float32"}, "output": {"name": "reconstruction", "shape": ["batch", cfg.window, cfg.features], "dtype": "float32"}, "opset": 14},
        "fps": ds.header["fps"],
        "windowSize": cfg.window,
        "windowStride": 1,
        "joints": 25,
        "normalisation": ds.header.get("preprocessing", {}),
        "scoring": "mean squared error over the window's 30 x 75 values; a window is anomalous when error > threshold",
        "threshold": threshold,
        "lowThreshold": low_threshold,
        "periodThresholds": period_thresholds,
        "periodThresholdRule": "the same percentile of the validation errors of each normal class alone (writhing: under 9 weeks, fidgety: 9-20 weeks); informational",
        "lowThresholdRule": f"{100 - args.percentile:g}th percentile of the same validation errors; informational: a window below it is reconstructed better than 95 % of normal windows (less movement to explain)",
        "thresholdRule": f"{args.percentile:g}th percentile (nearest rank) of the errors of {len(val_err)} held-out normal validation windows",
        "normalStatistics": movement_statistics(x_train),
        "architecture": {**cfg.to_dict(), "description": "BiLSTM encoder -> 4-head self-attention (+residual, LayerNorm) -> tanh latent projection -> LSTM decoder -> linear to 75", "parameters": int(sum(p.numel() for p in model.parameters())), "flopsPerWindow": flops_per_window(cfg)},
        "data": {
            "synthetic": bool(ds.header.get("synthetic")),
            "warning": "SYNTHETIC: trained and evaluated only on simulated infant movement (a kinematic model calibrated to MINI-RGBD normal statistics). The metrics say how well the model separates the simulator's classes, not how it performs on real infants.",
            "generator": prov.get("generator"),
            "datasetSeed": prov.get("seed"),
            "durationS": prov.get("durationS"),
            "infantsPerClass": prov.get("infantsPerClass"),
            "datasetStride": ds.header.get("stride"),
            "split": {k: len(v) for k, v in split.items()},
            "splitRule": "normal infants split by infant id into train/val/test; anomaly infants are test only",
            "windows": {"train": int(len(x_train)), "val": int(len(x_val)), "test": int(len(test_idx))},
        },
        "training": {"seed": args.seed, "epochs": args.epochs, "batchSize": args.batch_size, "learningRate": args.lr, "optimizer": "Adam, one-cycle schedule, grad clip 1.0", "loss": "MSE", "bestValMse": best, "history": history, "seconds": round(train_seconds, 1), "torch": torch.__version__, "python": platform.python_version(), "threads": args.threads, "flushDenormal": True},
        "metrics": metrics,
        "movementFeatureReference": features,
    }
    write_card(args.out_dir, card)
    print(f"wrote {onnx_path}, {fp16_path} and the model card in {time.time() - started:.0f} s", flush=True)


def evaluate(err, cls, lab, inf, threshold, ds, low_threshold):
    normal = lab == 0
    normal_err = err[normal]
    specificity = float((normal_err <= threshold).mean()) if normal.any() else float("nan")
    per_class = {}
    # Recording-level: the mean window error of each infant, as a report would summarise it.
    rec_err = {int(i): float(err[inf == i].mean()) for i in np.unique(inf)}
    rec_rate = {int(i): float((err[inf == i] > threshold).mean()) for i in np.unique(inf)}
    normal_infants = sorted({int(i) for i in inf[normal]})
    for name in ds.classes:
        sel = cls == name
        if not sel.any() or lab[sel][0] == 0:
            continue
        infants = sorted({int(i) for i in inf[sel]})
        per_class[name] = {
            "windows": int(sel.sum()),
            "infants": len(infants),
            "auroc": auroc(normal_err, err[sel]),
            "sensitivity": float((err[sel] > threshold).mean()),
            "specificity": specificity,
            "meanError": float(err[sel].mean()),
            # Below 1: the class is reconstructed better than normal movement (less of it to explain).
            "errorRatio": float(err[sel].mean() / normal_err.mean()) if normal.any() else float("nan"),
            "belowLowThreshold": float((err[sel] < low_threshold).mean()),
            "recordingAuroc": auroc(np.array([rec_err[i] for i in normal_infants]), np.array([rec_err[i] for i in infants])),
            "recordingFlagRate": float(np.mean([rec_rate[i] for i in infants])),
        }
    aurocs = [v["auroc"] for v in per_class.values()]
    summary = {
        "threshold": threshold,
        "lowThreshold": low_threshold,
        "normalBelowLowThreshold": float((normal_err < low_threshold).mean()) if normal.any() else float("nan"),
        "specificity": specificity,
        "normalTestWindows": int(normal.sum()),
        "normalMeanError": float(normal_err.mean()) if normal.any() else float("nan"),
        "minAuroc": float(min(aurocs)) if aurocs else float("nan"),
        "meanAuroc": float(np.mean(aurocs)) if aurocs else float("nan"),
        "goal": "AUROC >= 0.95 for every class and specificity >= 0.95",
        "goalMet": bool(aurocs and min(aurocs) >= 0.95 and specificity >= 0.95),
    }
    return {"summary": summary, "perClass": per_class, "level": "window (recordingAuroc: mean error per infant)"}


def export_onnx(model, cfg, path):
    dummy = torch.zeros(2, cfg.window, cfg.features)
    torch.onnx.export(
        model,
        dummy,
        path,
        opset_version=14,
        input_names=["windows"],
        output_names=["reconstruction"],
        dynamic_axes={"windows": {0: "batch"}, "reconstruction": {0: "batch"}},
        do_constant_folding=True,
    )
    import onnx

    onnx.checker.check_model(onnx.load(path))


if __name__ == "__main__":
    main()
