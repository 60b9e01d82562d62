import { describe, expect, it } from 'vitest';
import { ReadingMemory } from './reading-memory.ts';

const settle = () => new Promise((r) => setImmediate(r));

describe('ReadingMemory', () => {
  it('lets small reads share the budget, holds a large one until its share is free, and never refuses one larger than all', async () => {
    const memory = new ReadingMemory(100);
    const order: string[] = [];
    const a = await memory.reserve(40);
    const b = await memory.reserve(40);
    const large = memory.reserve(70).then((release) => (order.push('large'), release));
    // Behind the waiting large read, even a small one queues: the large one is not overtaken forever.
    const small = memory.reserve(10).then((release) => (order.push('small'), release));
    await settle();
    expect(order).toEqual([]);
    a();
    await settle();
    expect(order).toEqual([]);
    b();
    await settle();
    expect(order).toEqual(['large', 'small']);
    (await large)();
    (await small)();
    const huge = await memory.reserve(1_000);
    const next = memory.reserve(1).then(() => order.push('after huge'));
    await settle();
    expect(order).toEqual(['large', 'small']);
    huge();
    huge();
    await next;
    expect(order).toEqual(['large', 'small', 'after huge']);
  });
});
