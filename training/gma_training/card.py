"""Model card: JSON (read by the analysis code) and Markdown (read by people).

    /usr/bin/python3 -m gma_training.card --model-dir DIR --check onnx-check.json
merges the ONNX verification (written by training/verify-onnx.ts) into the card and rewrites both files.
"""
import argparse
import json
import os


def _f(v, digits=3):
    return "n/a" if v is None or v != v else f"{v:.{digits}f}"


def render_markdown(card):
    m = card["metrics"]
    s = m["summary"]
    a = card["architecture"]
    d = card["data"]
    lines = [
        f"# Model card: {card['name']}",
        "",
        f"**Version** `{card['modelVersion']}` · **file** `{card['files']['onnx']}` (ONNX opset {card['io']['opset']}, dynamic batch axis)",
        "",
        f"> {d['warning']}",
        "",
        "## What it does",
        "",
        f"Reconstructs a window of {card['windowSize']} frames x 75 values (25 joints x, y, z; {card['fps']} fps) of normalised infant movement. "
        f"{card['scoring']}. Threshold **{card['threshold']:.6g}** ({card['thresholdRule']}). A screening aid, never a diagnosis.",
        "",
        "## Preprocessing (must match at serving)",
        "",
    ]
    for k, v in card["normalisation"].items():
        lines.append(f"- {k}: {v}")
    lines += [
        "",
        "## Architecture",
        "",
        f"{a['description']}. Encoder hidden {a['encoder_hidden']} per direction, {a['attention_heads']} heads, latent {a['latent']} ({a['latent_mode']}), decoder hidden {a['decoder_hidden']}; "
        f"{a['parameters']:,} parameters, about {a['flopsPerWindow'] / 1e6:.1f} MFLOP per window.",
        "",
        "## Data",
        "",
        f"- synthetic: **{d['synthetic']}** ({d['generator']}), dataset seed {d['datasetSeed']}, {d['durationS']} s per infant, window stride {d['datasetStride']} in training data",
        f"- infants per class: {json.dumps(d['infantsPerClass'])}",
        f"- split by infant: {json.dumps(d['split'])} ({d['splitRule']})",
        f"- windows: {json.dumps(d['windows'])}",
        "",
        "## Training",
        "",
        f"Seed {card['training']['seed']}, {card['training']['epochs']} epochs, batch {card['training']['batchSize']}, {card['training']['optimizer']}, best validation MSE {_f(card['training']['bestValMse'], 6)}, "
        f"{card['training']['seconds']} s on {card['training']['threads']} CPU threads (PyTorch {card['training']['torch']}, Debian build, flush-denormal on).",
        "",
        "## Metrics (held-out test infants)",
        "",
        f"Specificity at the threshold on {s['normalTestWindows']} normal test windows: **{_f(s['specificity'])}**. Goal: {s['goal']} — **{'met' if s['goalMet'] else 'not met'}**.",
        "",
        f"Thresholds per normal period (informational, same rule on each class's validation windows): {', '.join(f'{k} {v:.6g}' for k, v in card.get('periodThresholds', {}).items())}.",
        "",
        f"Low threshold (informational) {_f(card.get('lowThreshold'), 6)}: {card.get('lowThresholdRule', '')}; normal test windows below it: {_f(s.get('normalBelowLowThreshold'))}.",
        "",
        "| class | test infants | windows | AUROC (window) | sensitivity | specificity | AUROC (recording) | mean error / normal | below low threshold |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, c in m["perClass"].items():
        lines.append(f"| {name} | {c['infants']} | {c['windows']} | {_f(c['auroc'])} | {_f(c['sensitivity'])} | {_f(c['specificity'])} | {_f(c['recordingAuroc'])} | {_f(c.get('errorRatio'), 2)} | {_f(c.get('belowLowThreshold'))} |")
    ref = card.get("movementFeatureReference")
    if ref:
        low = [n for n, c in m["perClass"].items() if c.get("errorRatio", 0) < 1]
        below_one = (", ".join(low) + (" is" if len(low) == 1 else " are")) if low else "No class is"
        lines += [
            "",
            "### Why reconstruction error misses these classes, and what separates them",
            "",
            f"{below_one} reconstructed at least as well as normal movement (mean error / normal below 1 above): these classes move *less* or *more simply* than normal infants, "
            "and an autoencoder trained on normal movement cannot flag that by its error (a PCA reconstruction with 8-512 components behaves the same on this data). "
            "The distinguishing signal is in window statistics. "
            f"{ref['note']} Specificity of the combined reference at its threshold: {_f(ref['specificity'])}.",
            "",
            "| class | combined AUROC | combined sensitivity | best single feature | its separability |",
            "|---|---|---|---|---|",
        ]
        for name, c in ref["perClass"].items():
            lines.append(f"| {name} | {_f(c['combinedAuroc'])} | {_f(c['combinedSensitivity'])} | {c['bestFeature']} | {_f(c['featureSeparability'][c['bestFeature']])} |")
        lines += ["", "Features (normal mean ± std over training windows):", ""]
        for k, v in ref["normal"].items():
            lines.append(f"- `{k}` {_f(v['mean'], 4)} ± {_f(v['std'], 4)}: {v['doc']}")
    check = card.get("onnxCheck")
    if check:
        lines += [
            "",
            "## ONNX check and compressed variant",
            "",
            f"{check.get('runtime', 'onnxruntime-node')} on {check['goldenWindows']} golden test windows: max |ONNX - PyTorch| = {check['maxAbsDiff']:.2e} (limit {check['limit']:g}) — **{'pass' if check['pass'] else 'FAIL'}**.",
            "",
            "| variant | file | size (KiB) | windows/s at batch 64 | min AUROC | mean AUROC | max AUROC delta vs fp32 |",
            "|---|---|---|---|---|---|---|",
        ]
        for v in check["variants"]:
            lines.append(f"| {v['name']} | `{v['file']}` | {v['sizeKiB']:.0f} | {v['windowsPerS']:.0f} | {_f(v['minAuroc'], 4)} | {_f(v['meanAuroc'], 4)} | {_f(v.get('maxAurocDelta'), 5)} |")
        lines += ["", f"Served variant: `{card['files'].get('served', card['files']['onnx'])}` ({check.get('servedReason', '')}). Session option `set_denormal_as_zero` on."]
    lines += [
        "",
        "## Normal statistics",
        "",
        f"`normalStatistics` in model-card.json: per-joint amplitude and velocity (mean, std) of the {card['normalStatistics']['sample_size']} training windows, same keys as `packages/core/data/mini-rgbd-normal-statistics.json`. "
        f"Overall amplitude {_f(card['normalStatistics']['overall_statistics']['amplitude_mean'], 4)}, velocity {_f(card['normalStatistics']['overall_statistics']['velocity_mean'], 4)}; "
        f"arm L/R ratio {_f(card['normalStatistics']['left_right_ratios']['arm']['mean'])} ± {_f(card['normalStatistics']['left_right_ratios']['arm']['std'])}, "
        f"leg {_f(card['normalStatistics']['left_right_ratios']['leg']['mean'])} ± {_f(card['normalStatistics']['left_right_ratios']['leg']['std'])}.",
        "",
        "## Limitations",
        "",
        "- Synthetic data only; no real infant has been scored by this model. Retrain on real keypoints (the importer writes the same dataset format) before any clinical use.",
        "- Reconstruction error measures how unlike normal movement a window is in form. The simulated warning signs (less movement, synchronised limbs, one rhythm, one side still) stay inside the range of normal forms, so the error alone does not flag them: the analysis stage must use movement statistics (amplitude, asymmetry, and the cross-limb correlation and distal/proximal features above).",
        "- The synthetic classes are simplified caricatures of the GMA categories; their detectability here says little about real recordings.",
        "",
        "Reproduce: `npm run train` (see training/README.md).",
        "",
    ]
    return "\n".join(lines)


def write_card(out_dir, card):
    with open(os.path.join(out_dir, "model-card.json"), "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    with open(os.path.join(out_dir, "model-card.md"), "w") as f:
        f.write(render_markdown(card))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model-dir", required=True)
    p.add_argument("--check", help="onnx-check.json to merge; without it the Markdown is only re-rendered")
    args = p.parse_args()
    with open(os.path.join(args.model_dir, "model-card.json")) as f:
        card = json.load(f)
    if args.check:
        with open(args.check) as f:
            check = json.load(f)
        card["onnxCheck"] = check
        card["files"]["served"] = check["served"]
    write_card(args.model_dir, card)


if __name__ == "__main__":
    main()
