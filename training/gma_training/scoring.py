"""The product's window anomaly score: a hybrid of the autoencoder's reconstruction error and the
window movement features, each standardised against normal windows of the infant's GMA period.

    r      = (ln(mse) - reconstruction[p].mean) / reconstruction[p].std      (one-sided)
    z_k    = (f_k - features[k][p].mean) / features[k][p].std                (two-sided, |z_k|)
    score  = max(r, max_k |z_k|)

with p the period of the infant's (corrected) age: writhing below 9 weeks, fidgety from 9 weeks
(beyond 20 weeks, outside the GMA window, the fidgety reference is the nearest there is).

Why this form (chosen on separate development datasets, simulator seeds 101 and 202 scored by a
model trained on seed 1, never on this run's test infants):
- The reconstruction error flags movement unlike normal in form, but the simulated warning signs
  move *less* or *more simply* than normal and are reconstructed as well as normal movement; the
  features (amplitude, left/right balance, cross-limb correlation, distal/proximal ratio, spectral
  peak share) measure exactly those departures. A max over standardised parts keeps each part's
  meaning ("this window is k standard deviations from normal in X") and names the part that set
  the score, which the report shows.
- Only a high reconstruction error counts (r is one-sided): a low error means less movement to
  reconstruct, which the amplitude feature already measures two-sided.
- The error is standardised on a log scale (it is a positive, right-skewed quantity) against the
  validation windows: the training windows' errors are optimistically low (the model fitted them).
  The features are standardised against the training windows (nothing was fitted to them).
- Per-period references: writhing and fidgety movement differ in amplitude, correlation and rhythm;
  one pooled reference made normal writhing infants' windows exceed the threshold in long runs
  (on the development data the worst normal recording had 52 % of its windows flagged with a
  pooled reference, 27 % with per-period ones).
The threshold is the 95th percentile (nearest rank) of the validation windows' scores, one for
both periods: thresholds per period changed the development data's specificity by less than
0.002 (the scores are already standardised per period).
"""
import numpy as np

from .features import FEATURE_DOCS, window_features
from .metrics import percentile_nearest_rank

KIND = "hybrid-max-z"
VERSION = 1
FEATURES = list(FEATURE_DOCS)
COMPONENTS = ["reconstruction", *FEATURES]
PERIODS = ["writhing", "fidgety"]
FIDGETY_FROM_WEEKS = 9.0


def period_of(age_weeks):
    """Period index (0 writhing, 1 fidgety) of each (corrected) age in weeks."""
    return (np.asarray(age_weeks, dtype=np.float64) >= FIDGETY_FROM_WEEKS).astype(np.int64)


STD_FLOOR = 1e-9


# Significant digits kept of each reference mean and std. numpy's vectorised sums round
# differently on CPUs with different SIMD units, so the same weights gave a std differing in the
# last bit on two machines, and a different model version (the version hashes these constants).
# 12 digits are far beyond what a z-score needs and absorb that noise.
REFERENCE_DIGITS = 12


def _rounded(x):
    return float(f"{x:.{REFERENCE_DIGITS}g}")


def _mean_std(values):
    v = np.asarray(values, dtype=np.float64)
    # The floor only matters for degenerate data (one window); it keeps z finite.
    return {"mean": _rounded(v.mean()), "std": _rounded(max(v.std(), STD_FLOOR))}


def fit_scoring(train_windows, train_age, val_windows, val_age, val_errors, percentile):
    """Constants of the score from normal windows only: feature references from the training
    windows, reconstruction references and the threshold from the validation windows."""
    ftr = window_features(train_windows)
    ptr, pva = period_of(train_age), period_of(val_age)
    log_err = np.log(np.asarray(val_errors, dtype=np.float64))
    # A period without normal windows (e.g. imported recordings all of one age) falls back to
    # every normal window, and the card says so.
    fallback = [name for i, name in enumerate(PERIODS) if not (ptr == i).any() or not (pva == i).any()]
    tr_sel = {name: (ptr == i) if name not in fallback else np.ones(len(ptr), bool) for i, name in enumerate(PERIODS)}
    va_sel = {name: (pva == i) if name not in fallback else np.ones(len(pva), bool) for i, name in enumerate(PERIODS)}
    scoring = {
        "kind": KIND,
        "version": VERSION,
        "formula": "score = max(r, max_k |z_k|); r = (ln(mse) - reconstruction[p].mean) / reconstruction[p].std; z_k = (f_k - features[k][p].mean) / features[k][p].std",
        "components": COMPONENTS,
        "periods": {
            "names": PERIODS,
            "fidgetyFromWeeks": FIDGETY_FROM_WEEKS,
            "rule": "p = writhing when the (corrected) age is below fidgetyFromWeeks, else fidgety; beyond 20 weeks the fidgety reference is used (the nearest one)",
        },
        "reconstruction": {
            "error": "mean squared difference between the window and its reconstruction over its 30 x 75 values (the ONNX model's output)",
            "transform": "natural log, then standardised; one-sided (only errors above normal raise the score)",
            "source": f"{len(log_err)} normal validation windows",
            **{name: _mean_std(log_err[va_sel[name]]) for name in PERIODS},
        },
        "features": {
            k: {"doc": FEATURE_DOCS[k], **{name: _mean_std(ftr[k][tr_sel[name]]) for name in PERIODS}}
            for k in FEATURES
        },
        "featureSource": f"{len(ptr)} normal training windows",
        "pooledPeriods": fallback,
        "featureDefinitions": "training/gma_training/features.py (numpy) = packages/core/src/anomaly/window-features.ts (serving); float64",
    }
    val_scores, _ = hybrid_scores(scoring, window_features(val_windows), val_errors, val_age)
    scoring["threshold"] = percentile_nearest_rank(val_scores, percentile)
    scoring["thresholdRule"] = f"{percentile:g}th percentile (nearest rank) of the scores of {len(val_scores)} normal validation windows (both periods together)"
    scoring["periodThresholds"] = {name: percentile_nearest_rank(val_scores[va_sel[name]], percentile) for name in PERIODS}
    scoring["periodThresholdsNote"] = "informational: the same percentile per period; the scores are standardised per period, so one threshold serves both"
    return scoring


def components_of(scoring, features, errors, age_weeks):
    """[N, 1 + features] standardised parts: column 0 the one-sided reconstruction part r, then z_k
    (signed) of each feature, in `scoring["components"]` order."""
    p = period_of(age_weeks)
    names = scoring["periods"]["names"]
    rec = scoring["reconstruction"]
    mean = np.array([rec[n]["mean"] for n in names])[p]
    std = np.array([rec[n]["std"] for n in names])[p]
    cols = [(np.log(np.asarray(errors, dtype=np.float64)) - mean) / std]
    for k in scoring["components"][1:]:
        ref = scoring["features"][k]
        m = np.array([ref[n]["mean"] for n in names])[p]
        s = np.array([ref[n]["std"] for n in names])[p]
        cols.append((np.asarray(features[k], dtype=np.float64) - m) / s)
    return np.stack(cols, axis=1)


def hybrid_scores(scoring, features, errors, age_weeks):
    """Window scores and the index of the component that set each one."""
    c = components_of(scoring, features, errors, age_weeks)
    parts = np.concatenate([c[:, :1], np.abs(c[:, 1:])], axis=1)
    return parts.max(axis=1), parts.argmax(axis=1)
