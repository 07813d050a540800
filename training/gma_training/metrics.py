"""Screening metrics and movement statistics (definitions as in shared domain.md)."""
import numpy as np

LIMBS = {"leftArm": [13, 16, 18, 20, 22], "rightArm": [14, 17, 19, 21, 23], "leftLeg": [1, 4, 7, 10], "rightLeg": [2, 5, 8, 11]}


def auroc(normal_scores, anomaly_scores):
    """Probability that an anomaly scores above a normal window (ties count half): Mann-Whitney U."""
    n0, n1 = len(normal_scores), len(anomaly_scores)
    if n0 == 0 or n1 == 0:
        return float("nan")
    scores = np.concatenate([normal_scores, anomaly_scores])
    order = scores.argsort(kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    r1 = ranks[n0:].sum()
    return float((r1 - n1 * (n1 + 1) / 2) / (n0 * n1))


def percentile_nearest_rank(values, p):
    s = np.sort(values)
    rank = min(len(s), max(1, int(np.ceil(p / 100 * len(s)))))
    return float(s[rank - 1])


def movement_statistics(windows):
    """Per-joint amplitude and velocity statistics of windows [N, W, 75], in the shape of
    packages/core/data/mini-rgbd-normal-statistics.json."""
    x = windows.reshape(windows.shape[0], windows.shape[1], 25, 3).astype(np.float64)
    amp = np.sqrt(x.var(axis=1).sum(axis=-1))  # [N, 25]
    vel = np.linalg.norm(np.diff(x, axis=1), axis=-1).mean(axis=1)  # [N, 25]

    def ratio(left, right):
        r = amp[:, LIMBS[left]].mean(axis=1) / amp[:, LIMBS[right]].mean(axis=1)
        return {"mean": float(r.mean()), "std": float(r.std())}

    return {
        "joint_amplitudes": amp.mean(axis=0).tolist(),
        "joint_amplitudes_std": amp.std(axis=0).tolist(),
        "joint_velocities": vel.mean(axis=0).tolist(),
        "joint_velocities_std": vel.std(axis=0).tolist(),
        "left_right_ratios": {"arm": ratio("leftArm", "rightArm"), "leg": ratio("leftLeg", "rightLeg")},
        "overall_statistics": {
            "amplitude_mean": float(amp.mean()),
            "amplitude_std": float(amp.std()),
            "velocity_mean": float(vel.mean()),
            "velocity_std": float(vel.std()),
        },
        "sample_size": int(windows.shape[0]),
        "source": "synthetic training windows (normal classes)",
    }
