import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { listSupportedBackends } from "onnxruntime-node";

/** Whether an execution provider can run here, and why not when it cannot. */
export interface ProviderAvailability {
  available: boolean;
  reason: string;
}

/** What this machine and this onnxruntime-node build can run. */
export interface ExecutionProviderSupport {
  cpu: ProviderAvailability;
  cuda: ProviderAvailability;
}

let cached: ExecutionProviderSupport | undefined;

/** True when the kernel exposes an NVIDIA GPU (driver loaded, device present). */
export function hasNvidiaGpu(): boolean {
  try {
    if (existsSync("/proc/driver/nvidia/gpus") && readdirSync("/proc/driver/nvidia/gpus").length > 0) return true;
  } catch {
    // unreadable proc entry: fall through to the device node
  }
  return existsSync("/dev/nvidia0");
}

/** Directory of the onnxruntime-node native binding, where a CUDA install puts its providers. */
function bindingDir(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve("onnxruntime-node/package.json");
    return path.join(path.dirname(pkg), "bin", "napi-v6", process.platform, process.arch);
  } catch {
    return undefined;
  }
}

/**
 * Detects the execution providers usable here. CUDA needs three things: a binding that knows it,
 * the CUDA provider library (which onnxruntime-node installs only with
 * `ONNXRUNTIME_NODE_INSTALL=cuda12`), and an NVIDIA GPU. The result is cached per process.
 */
export function detectExecutionProviders(): ExecutionProviderSupport {
  if (cached) return cached;
  const cpu = { available: true, reason: "always available" };
  let cuda: ProviderAvailability;
  if (!listSupportedBackends().some((b) => b.name === "cuda")) {
    cuda = { available: false, reason: "this onnxruntime-node build has no CUDA backend" };
  } else {
    const dir = bindingDir();
    const lib = dir && existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith("libonnxruntime_providers_cuda")) : undefined;
    if (lib === undefined) cuda = { available: false, reason: "the CUDA provider library is not installed (onnxruntime-node was installed without ONNXRUNTIME_NODE_INSTALL=cuda12)" };
    else if (!hasNvidiaGpu()) cuda = { available: false, reason: "no NVIDIA GPU or driver found" };
    else cuda = { available: true, reason: `${lib} and an NVIDIA GPU are present` };
  }
  cached = { cpu, cuda };
  return cached;
}
