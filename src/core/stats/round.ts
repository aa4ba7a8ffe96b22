/** Rounds to one decimal place (for figures shown to people and recorded in sample notes). */
export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
