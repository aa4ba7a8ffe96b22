/** Names of the values main saves for the post step. */
export const STATE_KEYS = {
  /** 'true' once the suite started on the lab, so post knows to clean up. */
  labStarted: 'cni-perf-gate-lab-started',
  platform: 'cni-perf-gate-platform',
} as const;
