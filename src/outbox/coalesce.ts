/**
 * Wraps a job so calls never overlap: a call while it runs asks for one more run after it,
 * however many calls came in meanwhile. `idle()` resolves once no run is in progress or asked for.
 */
export function coalesce<T>(
  job: () => Promise<T>,
  onError: (err: unknown) => void,
): (() => Promise<T | undefined>) & { idle(): Promise<void> } {
  let running: Promise<T | undefined> | null = null;
  let again = false;
  const run = (): Promise<T | undefined> => {
    if (running) {
      again = true;
      return running;
    }
    running = job()
      .catch((err: unknown) => {
        onError(err);
        return undefined;
      })
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          void run();
        }
      });
    return running;
  };
  const idle = async (): Promise<void> => {
    while (running) await running;
  };
  return Object.assign(run, { idle });
}
