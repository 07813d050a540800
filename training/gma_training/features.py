"""Window movement features that separate the simulator's anomaly classes where reconstruction
error cannot (they move less, or more simply, than normal infants, which an autoencoder trained
on normal movement reconstructs well). Part of the product's window score (scoring.py); serving
computes the same numbers in packages/core/src/anomaly/window-features.ts, checked against these
on golden windows. Not part of the ONNX model."""
import numpy as np

from .metrics import LIMBS

# Root -> tip joint of each limb: the distance tracks how flexed the limb is.
LIMB_TIPS = [(13, 20), (14, 21), (1, 7), (2, 8)]
DISTAL = [20, 21, 22, 23, 7, 8, 10, 11]
PROXIMAL = [16, 17, 18, 19, 4, 5]

FEATURE_DOCS = {
    "amplitude": "mean joint amplitude (norm of per-axis std over the window); low = reduced movement",
    "leftRightLogRatio": "|log(mean amplitude of left limbs / right limbs)|; high = one side moves less",
    "crossLimbCorrelation": "mean |Pearson correlation| between the four limbs' root-to-tip distances; high = limbs move together",
    "distalProximalRatio": "amplitude of hands, fingers, feet and toes / amplitude of elbows, upper arms and knees; low = distal joints still",
    "spectralPeakShare": "share of the limbs' root-to-tip distance power in the strongest frequency bin and its neighbours; high = monotonous single-rhythm movement",
}


def window_features(windows):
    x = windows.reshape(windows.shape[0], windows.shape[1], 25, 3).astype(np.float64)
    amp = np.sqrt(x.var(axis=1).sum(axis=-1))  # [N, 25]
    left = amp[:, LIMBS["leftArm"] + LIMBS["leftLeg"]].mean(axis=1)
    right = amp[:, LIMBS["rightArm"] + LIMBS["rightLeg"]].mean(axis=1)
    ext = np.stack([np.linalg.norm(x[:, :, tip] - x[:, :, root], axis=-1) for root, tip in LIMB_TIPS], axis=1)  # [N, 4, T]
    ext = ext - ext.mean(axis=2, keepdims=True)
    norm = np.sqrt((ext**2).sum(axis=2)) + 1e-12
    unit = ext / norm[:, :, None]
    corr = np.einsum("nat,nbt->nab", unit, unit)
    iu = np.triu_indices(4, 1)
    cross = np.abs(corr[:, iu[0], iu[1]]).mean(axis=1)
    power = np.abs(np.fft.rfft(ext, axis=2))[:, :, 1:] ** 2  # drop DC
    padded = np.pad(power, ((0, 0), (0, 0), (1, 1)))
    peak = power.argmax(axis=2)
    n_idx, l_idx = np.meshgrid(np.arange(power.shape[0]), np.arange(4), indexing="ij")
    around = padded[n_idx, l_idx, peak] + padded[n_idx, l_idx, peak + 1] + padded[n_idx, l_idx, peak + 2]
    share = (around / (power.sum(axis=2) + 1e-18)).mean(axis=1)
    return {
        "amplitude": amp.mean(axis=1),
        "leftRightLogRatio": np.abs(np.log((left + 1e-12) / (right + 1e-12))),
        "crossLimbCorrelation": cross,
        "distalProximalRatio": amp[:, DISTAL].mean(axis=1) / (amp[:, PROXIMAL].mean(axis=1) + 1e-12),
        "spectralPeakShare": share,
    }
