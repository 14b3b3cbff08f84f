/**
 * Rate limits count in fixed windows aligned to the clock (every gateway agrees on them). A test that
 * counts requests against a limit must not straddle two windows, or the second one starts from zero:
 * this waits for the next window when fewer than `neededMs` are left in the current one.
 */
export async function withinOneWindow(neededMs: number, windowMs = 60_000): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < neededMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
