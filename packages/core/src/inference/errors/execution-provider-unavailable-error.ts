import { GmaError } from "../../errors/gma-error";

/** The configuration asks for an execution provider (CUDA) this machine or build cannot run. */
export class ExecutionProviderUnavailableError extends GmaError {
  constructor(provider: string, reason: string) {
    super("EXECUTION_PROVIDER_UNAVAILABLE", `execution provider "${provider}" is not available: ${reason}`, {
      hint: `Set the execution provider to "auto" or "cpu", or install onnxruntime-node with ONNXRUNTIME_NODE_INSTALL=cuda12 on a machine with an NVIDIA GPU and driver.`,
      isUserError: false,
    });
  }
}
