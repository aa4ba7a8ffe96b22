/** Waits `ms` milliseconds on a real timer (the default of every injectable `sleep`). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
