"""numpy peer of the softmax-ntk benchmark (bench/run.ts starts it; it is optional).

Usage: python3 bench/numpy_ref.py SPEC.json

SPEC.json: {"reps": k, "warmup": w, "slowMs": t, "cases": [{"task", "n", "d", "m", "X", "W", "A", "Y",
"steps", "eta"}]} where X, W, A, Y are paths of raw little-endian float64 row-major files (X n×d, W d×m,
A d×m, Y n×d), the very matrices the TypeScript side benchmarks. For each case it times, with the same
warm-up / median-of-k rule as bench/timing.ts, its task:

- ntk-assembly: the softmax empirical NTK of SPEC §3, H = (G Gᵀ) ∘ (1_{d×d} ⊗ X Xᵀ), including the forward
  pass that builds G (nd×m, output-major rows (ℓ, i) ↦ ℓ·n + i);
- lambda-min: numpy.linalg.eigvalsh(H)[0] on that H (H assembled once, untimed);
- gd-steps: `steps` gradient-descent steps W ← W − η ∇_W ½‖F − Y‖²_F of the softmax network with c = √m
  (forward pass, analytic gradient Xᵀ Q of SPEC §2, update), the maths of bench/workload.ts `gdSteps`.

Prints one JSON object on stdout: numpy's version, which BLAS it runs (threadpoolctl when installed, else
numpy.show_config plus the OpenBLAS core it selected at run time) and the timings.
"""

import ctypes
import json
import os
import sys
import time

import numpy as np


def softmax_ntk(X, W, A):
    """Empirical NTK H (nd×nd, output-major) of the softmax network (SPEC §3)."""
    n, d = X.shape
    m = W.shape[1]
    U = X @ W
    U -= U.max(axis=1, keepdims=True)
    S = np.exp(U)
    S /= S.sum(axis=1, keepdims=True)
    Fbar = S @ A.T  # n×d, Fbar[i, l] = <a_l, S_i>
    # G[(l, i), r] = sqrt(m) * S[i, r] * (A[l, r] - Fbar[i, l])
    G = (np.sqrt(m) * S[None, :, :] * (A[:, None, :] - Fbar.T[:, :, None])).reshape(d * n, m)
    P = X @ X.T
    return (G @ G.T) * np.tile(P, (d, d))


def gd_steps(X, Y, W0, A, steps, eta):
    """`steps` descent steps of the softmax network with c = sqrt(m) (SPEC §2 gradient); returns the final W."""
    W = W0.copy()
    c = np.sqrt(W.shape[1])
    for _ in range(steps):
        U = X @ W
        U -= U.max(axis=1, keepdims=True)
        S = np.exp(U)
        S /= S.sum(axis=1, keepdims=True)
        Fbar = S @ A.T  # n×d
        E = c * Fbar - Y
        Q = c * S * (E @ A - np.sum(E * Fbar, axis=1, keepdims=True))
        W -= eta * (X.T @ Q)
    return W


def lambda_min(H):
    """Smallest eigenvalue of the symmetric matrix H (LAPACK through numpy.linalg.eigvalsh)."""
    return float(np.linalg.eigvalsh(H)[0])


def time_median(fn, reps, warmup, slow_ms):
    """Warm-up runs, then the median of `reps` timed runs (3 when a warm-up run exceeded slow_ms).

    Also the median process CPU time per run (all BLAS threads together)."""
    slowest = 0.0
    value = None
    for _ in range(max(1, warmup)):
        t0 = time.perf_counter()
        value = fn()
        slowest = max(slowest, (time.perf_counter() - t0) * 1e3)
    reduced = slowest > slow_ms and reps > 3
    k = 3 if reduced else reps
    samples = []
    cpu = []
    for _ in range(k):
        c0 = time.process_time()
        t0 = time.perf_counter()
        value = fn()
        samples.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
    return {
        "medianMs": float(np.median(samples)),
        "cpuMedianMs": float(np.median(cpu)),
        "minMs": min(samples),
        "samplesMs": samples,
        "reps": k,
        "reduced": reduced,
    }, value


def openblas_runtime():
    """The OpenBLAS library numpy loaded and the core kernel / thread count it chose (None if not OpenBLAS)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "openblas" in line.lower() and "/" in line})
    except OSError:
        return None
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        out = {"library": os.path.basename(path)}
        for prefix, suffix in (("scipy_openblas_", "64_"), ("scipy_openblas_", ""), ("openblas_", "64_"), ("openblas_", "")):
            try:
                corename = getattr(lib, f"{prefix}get_corename{suffix}")
                threads = getattr(lib, f"{prefix}get_num_threads{suffix}")
            except AttributeError:
                continue
            corename.restype = ctypes.c_char_p
            threads.restype = ctypes.c_int
            out["corename"] = corename().decode()
            out["threads"] = int(threads())
            return out
    return None


def blas_info():
    """Which BLAS numpy uses: threadpoolctl's report when installed, else a numpy.show_config summary."""
    info = {
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE"),
    }
    try:
        from threadpoolctl import threadpool_info  # type: ignore[import-not-found]

        info["source"] = "threadpoolctl"
        info["pools"] = [
            {k: p.get(k) for k in ("internal_api", "version", "architecture", "num_threads", "filepath")}
            for p in threadpool_info()
            if p.get("user_api") == "blas"
        ]
    except ImportError:
        info["source"] = "numpy.show_config (threadpoolctl not installed)"
        try:
            deps = np.show_config(mode="dicts")["Build Dependencies"]
            blas = deps.get("blas", {})
            info["blas"] = {k: blas.get(k) for k in ("name", "version", "openblas configuration")}
        except Exception as exc:  # older numpy: no mode="dicts"
            info["blas"] = {"error": repr(exc)}
        info["runtime"] = openblas_runtime()
    return info


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    reps, warmup, slow_ms = int(spec["reps"]), int(spec["warmup"]), float(spec["slowMs"])
    results = []
    for case in spec["cases"]:
        n, d, m = int(case["n"]), int(case["d"]), int(case["m"])
        X = np.fromfile(case["X"], dtype="<f8").reshape(n, d)
        W = np.fromfile(case["W"], dtype="<f8").reshape(d, m)
        A = np.fromfile(case["A"], dtype="<f8").reshape(d, m)
        task = case["task"]
        head = {"task": task, "n": n, "d": d, "m": m}
        if task == "ntk-assembly":
            timing, H = time_median(lambda: softmax_ntk(X, W, A), reps, warmup, slow_ms)
            results.append({**head, **timing, "value": float(np.linalg.norm(H))})
        elif task == "lambda-min":
            H = softmax_ntk(X, W, A)
            timing, lam = time_median(lambda: lambda_min(H), reps, warmup, slow_ms)
            results.append({**head, **timing, "value": lam})
        elif task == "gd-steps":
            Y = np.fromfile(case["Y"], dtype="<f8").reshape(n, d)
            steps, eta = int(case["steps"]), float(case["eta"])
            timing, Wt = time_median(lambda: gd_steps(X, Y, W, A, steps, eta), reps, warmup, slow_ms)
            results.append({**head, **timing, "value": float(np.linalg.norm(Wt))})
        else:
            raise ValueError(f"unknown task {task!r}")
    # blas_info after the work: the BLAS library is loaded for sure by then.
    print(json.dumps({"numpy": np.__version__, "python": sys.version.split()[0], "blas": blas_info(),
                      "results": results}))


if __name__ == "__main__":
    main()
