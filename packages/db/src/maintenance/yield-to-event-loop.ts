/** Lets timers and I/O callbacks (other requests on the same connection) run before continuing. */
export function yieldToEventLoop(pauseMs = 0): Promise<void> {
  return new Promise((resolve) => (pauseMs > 0 ? setTimeout(resolve, pauseMs) : setImmediate(resolve)));
}
