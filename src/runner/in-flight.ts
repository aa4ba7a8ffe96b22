/** Longest wait for an in-flight tool run after an abort, before teardown starts anyway. */
const ABORT_GRACE_MS = 2000;

/** The tool runs of a suite run that have not settled yet. */
export interface InFlight {
  /** Tracks `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T>;
  /** Waits (bounded) for the tracked runs still in flight after an abort or a failure. */
  settle(): Promise<void>;
}

/** An empty set of in-flight tool runs. */
export function createInFlight(): InFlight {
  const works = new Set<Promise<unknown>>();
  return {
    track(work) {
      works.add(work);
      const forget = (): void => void works.delete(work);
      work.then(forget, forget);
      return work;
    },
    async settle() {
      if (works.size === 0) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ABORT_GRACE_MS);
      });
      await Promise.race([Promise.allSettled([...works]), grace]);
      clearTimeout(timer);
    },
  };
}
