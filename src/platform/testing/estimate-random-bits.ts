/**
 * Test support: how many bits of a family of identifiers vary, judged from a sample. Each character position
 * contributes log2 of the number of different characters seen there, so a fixed prefix, a counter's stable
 * digits or a UUID's version nibble count for nothing. With a sample much larger than the alphabet (2,000 ids of
 * hex or base64url) every truly random position shows its whole alphabet, so the estimate is the real entropy
 * of random ids and far above it for none of the weak shapes (times, counters, account ids).
 */
export function estimateRandomBits(ids: readonly string[]): number {
  const length = Math.min(...ids.map((id) => id.length));
  let bits = 0;
  for (let i = 0; i < length; i++) bits += Math.log2(new Set(ids.map((id) => id[i])).size);
  return bits;
}
