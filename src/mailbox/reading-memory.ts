/**
 * Bytes of raw mail being read at once in this process. Reading a message (loading it, parsing it, keeping its
 * attachments until they are stored) costs a few times its size in memory; with many large messages in hand at
 * once that multiplies into gigabytes, and a process rarely gives such memory back. So messages wait here for
 * room: small ones pass side by side, a large one waits for its share, and one larger than the whole budget is
 * read alone, never refused.
 */
export class ReadingMemory {
  private inUse = 0;
  private readonly waiting: { bytes: number; admit: () => void }[] = [];

  constructor(private readonly budgetBytes: number) {}

  /** Resolves once `bytes` fit; call the returned function when done with them, exactly once. */
  async reserve(bytes: number): Promise<() => void> {
    if (this.waiting.length > 0 || !this.fits(bytes)) {
      await new Promise<void>((admit) => this.waiting.push({ bytes, admit }));
    } else {
      this.inUse += bytes;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inUse -= bytes;
      this.admitWaiting();
    };
  }

  private fits(bytes: number): boolean {
    return this.inUse === 0 || this.inUse + bytes <= this.budgetBytes;
  }

  // First come, first served: a large message at the head is not overtaken forever by small ones behind it.
  private admitWaiting(): void {
    while (this.waiting.length > 0 && this.fits((this.waiting[0] as { bytes: number }).bytes)) {
      const next = this.waiting.shift() as { bytes: number; admit: () => void };
      this.inUse += next.bytes;
      next.admit();
    }
  }
}
