"""Train the movement autoencoder on normal windows, pick the threshold, evaluate per anomaly
class, export to ONNX (+ a float16-weight variant) and write the model card.

    /usr/bin/python3 -m gma_training.train --dataset data.gmads --out-dir ../packages/core/models/anomaly --work-dir /tmp/work
"""
import argparse
import base64
import hashlib
import json
import os
import platform
import time

import numpy as np
import torch

from .card import write_card
from .compress import fp16_weights, int8_dynamic
from .dataset import read_dataset
from .features import window_features
from .metrics import auroc, movement_statistics, percentile_nearest_rank
from .model import ModelConfig, MovementAutoencoder, flops_per_window
from .scoring import FEATURES, KIND, components_of, fit_scoring, hybrid_scores


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
    """Normal infants are split into train/val/test by infant (no infant in two sets), each normal
    class (period) on its own so that every set holds both periods in the same proportion; every
    anomaly infant is test-only (the model never sees an anomaly)."""
    rng = np.random.default_rng(seed)
    infants = ds.header["infants"]
    normal_classes = sorted({i["className"] for i in infants if i["label"] == "normal"})
    split = {"train": [], "val": [], "test": []}
    for name in normal_classes:
        ids = sorted({int(i["id"]) for i in infants if i["label"] == "normal" and i["className"] == name})
        perm = [int(x) for x in rng.permutation(ids)]
        n_val = max(1, int(round(len(perm) * val_share)))
        n_test = max(1, int(round(len(perm) * test_share)))
        val, test, train = perm[:n_val], perm[n_val : n_val + n_test], perm[n_val + n_test :]
        if not train:
            raise SystemExit(f"not enough normal {name} infants to split into train/val/test: simulate more")
        split["train"] += train
        split["val"] += val
        split["test"] += test
    anomaly = sorted({int(i["id"]) for i in infants if i["label"] == "anomaly"})
    return {"train": sorted(split["train"]), "val": sorted(split["val"]), "test": sorted(split["test"]) + anomaly}


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
    # The PyTorch weights stay in the scratch folder for follow-up analysis of the same model.
    torch.save(best_state, os.path.join(args.work_dir, "model.pt"))
    train_seconds = time.time() - started

    val_err = errors_of(model, x_val)
    val_age = ds.age_weeks[in_set["val"]]
    train_age = ds.age_weeks[train_idx]
    # The autoencoder alone (kept in the card for comparison): its own 95th-percentile threshold.
    recon_threshold = percentile_nearest_rank(val_err, args.percentile)
    # Errors below this are smaller than 95 % of normal windows': less movement than normal to explain.
    low_threshold = percentile_nearest_rank(val_err, 100 - args.percentile)
    val_cls = ds.class_names()[in_set["val"]]
    recon_period_thresholds = {name: percentile_nearest_rank(val_err[val_cls == name], args.percentile) for name in ds.classes if (val_cls == name).any()}

    # The product's score: reconstruction error and movement features, standardised per period.
    scoring = fit_scoring(x_train, train_age, x_val, val_age, val_err, args.percentile)
    threshold = scoring["threshold"]
    val_scores, _ = hybrid_scores(scoring, window_features(x_val), val_err, val_age)

    test_idx = np.flatnonzero(in_set["test"])
    test_x = ds.windows[test_idx]
    test_err = errors_of(model, test_x)
    test_cls = ds.class_names()[test_idx]
    test_lab = ds.labels[test_idx]
    test_inf = ids[test_idx]
    test_age = ds.age_weeks[test_idx]
    test_feat = window_features(test_x)
    test_scores, test_drivers = hybrid_scores(scoring, test_feat, test_err, test_age)
    # Features alone (the hybrid without its reconstruction part), for comparison.
    test_comp = components_of(scoring, test_feat, test_err, test_age)
    feat_val = np.abs(components_of(scoring, window_features(x_val), val_err, val_age)[:, 1:]).max(axis=1)
    feat_only = {"scores": np.abs(test_comp[:, 1:]).max(axis=1), "threshold": percentile_nearest_rank(feat_val, args.percentile)}
    metrics = evaluate(
        test_scores, test_drivers, test_err, feat_only, test_feat, test_cls, test_lab, test_inf, ds,
        threshold, recon_threshold, low_threshold, val_scores, ids[in_set["val"]],
    )
    print(json.dumps(metrics["summary"]), flush=True)
    print(json.dumps({k: round(v["auroc"], 3) for k, v in metrics["perClass"].items()}), flush=True)

    onnx_path = os.path.join(args.out_dir, "autoencoder.onnx")
    export_onnx(model, cfg, onnx_path)
    fp16_path = os.path.join(args.out_dir, "autoencoder.fp16.onnx")
    fp16_weights(onnx_path, fp16_path)
    int8_path = os.path.join(args.out_dir, "autoencoder.int8.onnx")
    int8_dynamic(onnx_path, int8_path)
    golden_idx = np.linspace(0, len(test_idx) - 1, num=min(16, len(test_idx))).astype(int)
    golden_x = ds.windows[test_idx[golden_idx]]
    with torch.no_grad():
        golden_y = model(torch.from_numpy(golden_x)).numpy()
    with open(os.path.join(args.work_dir, "golden.json"), "w") as f:
        json.dump({"shape": list(golden_x.shape), "input": golden_x.ravel().tolist(), "torch_output": golden_y.ravel().tolist(), "torch_errors": ((golden_y - golden_x) ** 2).mean(axis=(1, 2)).tolist()}, f)
    with open(os.path.join(args.work_dir, "split.json"), "w") as f:
        json.dump({**split, "threshold": threshold, "reconstructionThreshold": recon_threshold, "test_errors_torch": test_err.tolist(), "test_scores": test_scores.tolist(), "test_age_weeks": test_age.tolist(), "test_features": {k: v.tolist() for k, v in test_feat.items()}}, f)
    # Golden windows for serving's parity test (packages/core/tests/anomaly): a few test windows of
    # every class with what Python computes from them.
    golden_scoring = golden_windows(test_x, test_cls, test_age, test_err, test_feat, test_scores, test_drivers, scoring)
    with open(os.path.join(args.out_dir, "scoring-golden.json"), "w") as f:
        json.dump(golden_scoring, f, indent=1)
        f.write("\n")

    sha = hashlib.sha256(open(onnx_path, "rb").read()).hexdigest()
    scoring_sha = hashlib.sha256(json.dumps(scoring, sort_keys=True).encode()).hexdigest()
    prov = ds.header.get("provenance", {})
    card = {
        "schemaVersion": 2,
        "name": args.model_name,
        # The weights and the scoring constants together make the product's model.
        "modelVersion": f"{args.model_name}@{sha[:12]}+{scoring_sha[:8]}",
        "sha256": sha,
        "files": {"onnx": "autoencoder.onnx", "compressed": "autoencoder.fp16.onnx", "quantized": "autoencoder.int8.onnx", "scoringGolden": "scoring-golden.json"},
        "io": {"input": {"name": "windows", "shape": ["batch", cfg.window, cfg.features], "dtype": "float32"}, "output": {"name": "reconstruction", "shape": ["batch", cfg.window, cfg.features], "dtype": "float32"}, "opset": 14},
        "fps": ds.header["fps"],
        "windowSize": cfg.window,
        "windowStride": 1,
        "joints": 25,
        "normalisation": ds.header.get("preprocessing", {}),
        "scoring": {**scoring, "sha256": scoring_sha},
        "threshold": threshold,
        "thresholdRule": scoring["thresholdRule"] + " (the hybrid score; see scoring)",
        "reconstructionThreshold": recon_threshold,
        "reconstructionThresholdRule": f"{args.percentile:g}th percentile (nearest rank) of the reconstruction errors of {len(val_err)} held-out normal validation windows; the autoencoder alone, informational",
        "lowThreshold": low_threshold,
        "lowThresholdRule": f"{100 - args.percentile:g}th percentile of the same validation errors; informational: a window below it is reconstructed better than 95 % of normal windows (less movement to explain)",
        "periodThresholds": recon_period_thresholds,
        "periodThresholdRule": "reconstruction error alone: the same percentile of the validation errors of each normal class (writhing: under 9 weeks, fidgety: 9-20 weeks); informational",
        "normalStatistics": movement_statistics(x_train),
        "architecture": {**cfg.to_dict(), "description": "BiLSTM encoder -> 4-head self-attention (+residual, LayerNorm) -> tanh latent projection -> LSTM decoder -> linear to 75", "parameters": int(sum(p.numel() for p in model.parameters())), "flopsPerWindow": flops_per_window(cfg)},
        "data": {
            "synthetic": bool(ds.header.get("synthetic")),
            "warning": "SYNTHETIC: trained and evaluated only on simulated infant movement (a kinematic model calibrated to MINI-RGBD normal statistics). Every metric in this card says how well the score separates the simulator's classes, not how it performs on real infants.",
            "generator": prov.get("generator"),
            "datasetSeed": prov.get("seed"),
            "durationS": prov.get("durationS"),
            "infantsPerClass": prov.get("infantsPerClass"),
            "datasetStride": ds.header.get("stride"),
            "split": {k: len(v) for k, v in split.items()},
            "splitRule": "normal infants split by infant id into train/val/test, each normal class (period) separately; anomaly infants are test only",
            "windows": {"train": int(len(x_train)), "val": int(len(x_val)), "test": int(len(test_idx))},
        },
        "training": {"seed": args.seed, "epochs": args.epochs, "batchSize": args.batch_size, "learningRate": args.lr, "optimizer": "Adam, one-cycle schedule, grad clip 1.0", "loss": "MSE", "bestValMse": best, "history": history, "seconds": round(train_seconds, 1), "torch": torch.__version__, "python": platform.python_version(), "threads": args.threads, "flushDenormal": True},
        "metrics": metrics,
    }
    write_card(args.out_dir, card)
    print(f"wrote {onnx_path}, {fp16_path}, {int8_path} and the model card in {time.time() - started:.0f} s", flush=True)


def golden_windows(x, cls, age, err, feat, scores, drivers, scoring, per_class=1):
    """`per_class` test windows of every class (the middle one when 1): their float32 values (base64,
    little-endian), age, torch reconstruction error, features, standardised parts and score."""
    picked = []
    for name in sorted(set(cls.tolist())):
        idx = np.flatnonzero(cls == name)
        picked += [int(i) for i in idx[np.linspace(0, len(idx) - 1, num=min(per_class, len(idx)) + 2).astype(int)[1:-1]]]
    comp = components_of(scoring, {k: v[picked] for k, v in feat.items()}, err[picked], age[picked])
    return {
        "note": "Golden windows for the serving parity test: Python's (numpy float64) features, parts and hybrid scores, and PyTorch's reconstruction errors, of these exact float32 windows.",
        "shape": [len(picked), int(x.shape[1]), int(x.shape[2])],
        "windowsBase64": base64.b64encode(np.ascontiguousarray(x[picked], dtype="<f4").tobytes()).decode("ascii"),
        "classes": [str(cls[i]) for i in picked],
        "ageWeeks": [float(age[i]) for i in picked],
        "reconstructionErrors": [float(err[i]) for i in picked],
        "features": {k: [float(v[i]) for i in picked] for k, v in feat.items()},
        "components": comp.tolist(),
        "scores": [float(scores[i]) for i in picked],
        "drivers": [scoring["components"][int(drivers[i])] for i in picked],
    }


def _quantiles(values):
    v = np.asarray(values, dtype=np.float64)
    if not len(v):
        return None
    q = np.quantile(v, [0, 0.5, 0.9, 0.95, 1])
    return {"min": float(q[0]), "median": float(q[1]), "p90": float(q[2]), "p95": float(q[3]), "max": float(q[4])}


def infant_bootstrap_interval(below, infants, resamples=2000, seed=0):
    """95 % interval of a window-level rate (here: normal windows at or below the threshold)
    when whole infants are resampled, since one infant's windows are not independent."""
    ids, idx = np.unique(infants, return_inverse=True)
    if len(ids) < 2:
        return None
    hits = np.bincount(idx, weights=below.astype(np.float64), minlength=len(ids))
    counts = np.bincount(idx, minlength=len(ids)).astype(np.float64)
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(ids), size=(resamples, len(ids)))
    rates = hits[pick].sum(axis=1) / counts[pick].sum(axis=1)
    lo, hi = np.quantile(rates, [0.025, 0.975])
    return [float(lo), float(hi)]


def evaluate(scores, drivers, err, feat_only, feat, cls, lab, inf, ds, threshold, recon_threshold, low_threshold, val_scores, val_inf):
    """Window- and recording-level metrics of the hybrid score on the test infants, with the
    autoencoder alone and the features alone alongside."""
    normal = lab == 0
    spec = lambda s, t: float((s[normal] <= t).mean()) if normal.any() else float("nan")  # noqa: E731
    specificity = spec(scores, threshold)
    recon_specificity = spec(err, recon_threshold)
    feat_specificity = spec(feat_only["scores"], feat_only["threshold"])
    normal_err = err[normal]
    # Recording level: the share of each infant's windows above the threshold, as the risk policy
    # reads it (here at the dataset's window stride; serving scores every window).
    rate = {int(i): float((scores[inf == i] > threshold).mean()) for i in np.unique(inf)}
    mean_score = {int(i): float(scores[inf == i].mean()) for i in np.unique(inf)}
    rec_err = {int(i): float(err[inf == i].mean()) for i in np.unique(inf)}
    normal_infants = sorted({int(i) for i in inf[normal]})
    val_rate = [float((val_scores[val_inf == i] > threshold).mean()) for i in np.unique(val_inf)]
    components = ["reconstruction", *FEATURES]
    per_class = {}
    for name in ds.classes:
        sel = cls == name
        if not sel.any() or lab[sel][0] == 0:
            continue
        infants = sorted({int(i) for i in inf[sel]})
        flagged = sel & (scores > threshold)
        per_feature = {}
        for k in FEATURES:
            a = auroc(feat[k][normal], feat[k][sel])
            per_feature[k] = round(max(a, 1 - a), 4)  # direction-free separability
        per_class[name] = {
            "windows": int(sel.sum()),
            "infants": len(infants),
            "auroc": auroc(scores[normal], scores[sel]),
            "sensitivity": float((scores[sel] > threshold).mean()),
            "specificity": specificity,
            "recordingAuroc": auroc(np.array([mean_score[i] for i in normal_infants]), np.array([mean_score[i] for i in infants])),
            "recordingFlagRate": {"mean": float(np.mean([rate[i] for i in infants])), "min": float(min(rate[i] for i in infants))},
            "flaggedBy": {c: int((drivers[flagged] == j).sum()) for j, c in enumerate(components) if (drivers[flagged] == j).any()},
            "autoencoderOnly": {
                "auroc": auroc(normal_err, err[sel]),
                "sensitivity": float((err[sel] > recon_threshold).mean()),
                "specificity": recon_specificity,
                "meanError": float(err[sel].mean()),
                # Below 1: the class is reconstructed better than normal movement (less of it to explain).
                "errorRatio": float(err[sel].mean() / normal_err.mean()) if normal.any() else float("nan"),
                "belowLowThreshold": float((err[sel] < low_threshold).mean()),
                "recordingAuroc": auroc(np.array([rec_err[i] for i in normal_infants]), np.array([rec_err[i] for i in infants])),
            },
            "featuresOnly": {
                "auroc": auroc(feat_only["scores"][normal], feat_only["scores"][sel]),
                "sensitivity": float((feat_only["scores"][sel] > feat_only["threshold"]).mean()),
                "specificity": feat_specificity,
                "featureSeparability": per_feature,
                "bestFeature": max(per_feature, key=per_feature.get),
            },
        }
    aurocs = [v["auroc"] for v in per_class.values()]
    ae_aurocs = [v["autoencoderOnly"]["auroc"] for v in per_class.values()]
    goal_auroc, goal_spec = 0.95, 0.95
    spec_ci = infant_bootstrap_interval(scores[normal] <= threshold, inf[normal])
    summary = {
        "score": KIND,
        "threshold": threshold,
        "specificity": specificity,
        "normalTestWindows": int(normal.sum()),
        "normalTestInfants": len(normal_infants),
        "specificityInterval95": spec_ci,
        "specificityIntervalRule": "2.5th-97.5th percentile of the specificity over 2000 resamples of the normal test infants with replacement (seed 0): windows of one infant are correlated, so infants, not windows, are the units",
        "minAuroc": float(min(aurocs)) if aurocs else float("nan"),
        "meanAuroc": float(np.mean(aurocs)) if aurocs else float("nan"),
        "goal": f"AUROC >= {goal_auroc} for every class and specificity >= {goal_spec} (window level, hybrid score)",
        "goalMet": bool(aurocs and min(aurocs) >= goal_auroc and specificity >= goal_spec),
        "goalDetail": {
            "aurocMet": bool(aurocs and min(aurocs) >= goal_auroc),
            "specificityMet": bool(specificity >= goal_spec),
        },
        "autoencoderOnly": {
            "threshold": recon_threshold,
            "lowThreshold": low_threshold,
            "specificity": recon_specificity,
            "normalBelowLowThreshold": float((normal_err < low_threshold).mean()) if normal.any() else float("nan"),
            "normalMeanError": float(normal_err.mean()) if normal.any() else float("nan"),
            "minAuroc": float(min(ae_aurocs)) if ae_aurocs else float("nan"),
            "meanAuroc": float(np.mean(ae_aurocs)) if ae_aurocs else float("nan"),
        },
        "featuresOnly": {"threshold": feat_only["threshold"], "specificity": feat_specificity},
    }
    recording = {
        "note": "share of each infant's windows above the threshold (dataset window stride; serving scores every window); what the risk policy's anomalous-window-rate rules read",
        "normalValidation": _quantiles(val_rate),
        "normalTest": _quantiles([rate[i] for i in normal_infants]),
        "perClass": {name: _quantiles([rate[i] for i in sorted({int(j) for j in inf[cls == name]})]) for name in ds.classes if (cls == name).any()},
    }
    return {"summary": summary, "perClass": per_class, "recording": recording, "level": "window (recordingAuroc: mean score per infant)", "synthetic": True}


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
