import { describe, expect, it } from 'vitest';
import { findChainRefs, type ChainRef } from './find-chain-refs.ts';

const GENESIS_ADDRESS = '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa';
const P2SH_ADDRESS = '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy'; // the Bitcoin wiki's P2SH example
const GENESIS_COINBASE_TXID = '4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b';
const FIRST_ETH_TX = '0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060';
const USDT_TRON = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const USDC_SOLANA_MINT = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';
const SPL_TOKEN_PROGRAM = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
const SOLANA_DOCS_SIGNATURE = '5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW';

/** Changes one character to a different one of the same alphabet. */
function corrupt(value: string, at: number, to: string): string {
  expect(value[at]).not.toBe(to);
  return value.slice(0, at) + to + value.slice(at + 1);
}

const address = (chain: ChainRef['chain'], value: string): ChainRef => ({ kind: 'address', chain, value });
const tx = (chain: ChainRef['chain'], value: string): ChainRef => ({ kind: 'tx', chain, value });

describe('Bitcoin addresses', () => {
  it('accepts Base58Check P2PKH and P2SH addresses and refuses them with one character changed', () => {
    expect(findChainRefs(`send to ${GENESIS_ADDRESS} or ${P2SH_ADDRESS}`)).toEqual([
      address('bitcoin', GENESIS_ADDRESS),
      address('bitcoin', P2SH_ADDRESS),
    ]);
    expect(findChainRefs(`send to ${corrupt(GENESIS_ADDRESS, 33, 'b')}`)).toEqual([]);
    expect(findChainRefs(`send to ${corrupt(P2SH_ADDRESS, 10, 'F')}`)).toEqual([]);
  });

  it('accepts the BIP-173/BIP-350 mainnet vectors, in lower case', () => {
    const valid = [
      'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4',
      'bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y',
      'BC1SW50QGDZ25J',
      'bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs',
      'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0',
    ];
    expect(findChainRefs(valid.join('\n'))).toEqual(valid.map((v) => address('bitcoin', v.toLowerCase())));
  });

  it('refuses the BIP-350 invalid vectors: wrong checksum variant, version, program length, padding, case', () => {
    const invalid = [
      'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd', // Bech32 instead of Bech32m
      'BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL', // Bech32 instead of Bech32m
      'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh', // Bech32m instead of Bech32
      'bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4', // invalid character
      'BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R', // witness version 17
      'bc1pw5dgrnzv', // 1-byte program
      'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav', // 41-byte program
      'BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P', // 16-byte v0 program
      'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf', // more than 4 bits of padding
      'bc1gmk9yu', // empty data
      'tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut', // unknown prefix
      'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzK5jj0', // mixed case
      corrupt('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 20, 'z'),
    ];
    for (const value of invalid) expect(findChainRefs(`BTC address ${value}`), value).toEqual([]);
  });

  it('ignores testnet addresses', () => {
    expect(findChainRefs('tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7')).toEqual([]);
  });
});

describe('EVM addresses and transaction hashes', () => {
  const EIP55_EXAMPLES = [
    '0x52908400098527886E0F7030069857D2E4169EE7',
    '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
    '0xde709f2102306220921060314715629080e2fb77',
    '0x27b1fdb04752bbc536007a920d24acb045561c26',
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
    '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
  ];

  it('accepts every EIP-55 example, normalised to lower case', () => {
    expect(findChainRefs(EIP55_EXAMPLES.join(', '))).toEqual(EIP55_EXAMPLES.map((v) => address('evm', v.toLowerCase())));
  });

  it('refuses a mixed-case address whose checksum fails', () => {
    expect(findChainRefs('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD')).toEqual([]); // one letter's case flipped
    expect(findChainRefs('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAee')).toEqual([]); // one digit changed
    expect(findChainRefs('0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d358')).toEqual([]);
  });

  it('recognises 0x-prefixed 64-hex transaction hashes', () => {
    expect(findChainRefs(`tx ${FIRST_ETH_TX.toUpperCase().replace('0X', '0x')}`)).toEqual([tx('evm', FIRST_ETH_TX)]);
  });

  it('counts the checksummed and lower-case spellings of one address once', () => {
    expect(findChainRefs(`${EIP55_EXAMPLES[4]} … ${EIP55_EXAMPLES[4]!.toLowerCase()}`)).toEqual([address('evm', EIP55_EXAMPLES[4]!.toLowerCase())]);
  });
});

describe('TRON addresses', () => {
  it("accepts USDT's TRON contract and refuses it with one character changed", () => {
    expect(findChainRefs(`USDT-TRC20 合约 ${USDT_TRON}`)).toEqual([address('tron', USDT_TRON)]);
    expect(findChainRefs(`USDT-TRC20 合约 ${corrupt(USDT_TRON, 5, 'r')}`)).toEqual([]);
  });

  it('requires the 0x41 version byte, so a valid Bitcoin payload is not a TRON address', () => {
    expect(findChainRefs(GENESIS_ADDRESS)).toEqual([address('bitcoin', GENESIS_ADDRESS)]);
  });
});

describe('bare 64-hex hashes', () => {
  it('labels a hash bitcoin only when the words around it say so', () => {
    expect(findChainRefs(`My BTC withdrawal txid: ${GENESIS_COINBASE_TXID}`)).toEqual([tx('bitcoin', GENESIS_COINBASE_TXID)]);
    expect(findChainRefs(`比特币提现的交易哈希是${GENESIS_COINBASE_TXID}，一直没到账`)).toEqual([tx('bitcoin', GENESIS_COINBASE_TXID)]);
    expect(findChainRefs(`The hash is ${GENESIS_COINBASE_TXID}`)).toEqual([tx('unknown', GENESIS_COINBASE_TXID)]);
  });

  it('takes the nearest preceding chain word when a mail talks about several chains', () => {
    const a = GENESIS_COINBASE_TXID;
    const b = 'a1075db55d416d3ca199f55b6084e2115b9345e16c5cf302fc80e9d5fbf5d48d';
    expect(findChainRefs(`BTC txid: ${a}\nTRX 转账哈希: ${b}`)).toEqual([tx('bitcoin', a), tx('tron', b)]);
  });

  it('labels an EVM-context hash as evm and writes it with 0x', () => {
    expect(findChainRefs(`ETH transfer ${FIRST_ETH_TX.slice(2)}`)).toEqual([tx('evm', FIRST_ETH_TX)]);
  });

  it('gives a repeated hash the chain that its better-placed mention shows, at its first position', () => {
    const text = `Hash ${GENESIS_COINBASE_TXID}, address ${GENESIS_ADDRESS}.\n\n(it was a BTC transfer: ${GENESIS_COINBASE_TXID})`;
    expect(findChainRefs(text)).toEqual([tx('bitcoin', GENESIS_COINBASE_TXID), address('bitcoin', GENESIS_ADDRESS)]);
  });

  it('ignores 64-hex runs inside links to sites that are not explorers', () => {
    expect(findChainRefs(`https://mail.example.com/unsubscribe/${GENESIS_COINBASE_TXID}?u=1`)).toEqual([]);
  });
});

describe('block explorer links', () => {
  it('takes the chain from the explorer domain', () => {
    const text = [
      `https://etherscan.io/tx/${FIRST_ETH_TX}`,
      `mempool.space/tx/${GENESIS_COINBASE_TXID}`,
      `https://tronscan.org/#/transaction/a1075db55d416d3ca199f55b6084e2115b9345e16c5cf302fc80e9d5fbf5d48d`,
      `https://tronscan.org/#/address/${USDT_TRON}`,
      `https://solscan.io/tx/${SOLANA_DOCS_SIGNATURE}`,
      `https://solscan.io/account/${USDC_SOLANA_MINT}`,
      `https://blockchair.com/bitcoin/address/${P2SH_ADDRESS}`,
    ].join('\n');
    expect(findChainRefs(text)).toEqual([
      tx('evm', FIRST_ETH_TX),
      tx('bitcoin', GENESIS_COINBASE_TXID),
      tx('tron', 'a1075db55d416d3ca199f55b6084e2115b9345e16c5cf302fc80e9d5fbf5d48d'),
      address('tron', USDT_TRON),
      tx('solana', SOLANA_DOCS_SIGNATURE),
      address('solana', USDC_SOLANA_MINT),
      address('bitcoin', P2SH_ADDRESS),
    ]);
  });

  it('ends a link at Chinese text that follows it without a space', () => {
    expect(findChainRefs(`请看https://etherscan.io/tx/${FIRST_ETH_TX}谢谢`)).toEqual([tx('evm', FIRST_ETH_TX)]);
  });
});

describe('Solana', () => {
  it('needs the text to name Solana before a 32-byte base58 string counts as an address', () => {
    expect(findChainRefs(`code ${USDC_SOLANA_MINT} and ${SPL_TOKEN_PROGRAM}`)).toEqual([]);
    expect(findChainRefs(`my sol is ${USDC_SOLANA_MINT}`)).toEqual([]);
    expect(findChainRefs(`my SOL address ${USDC_SOLANA_MINT}`)).toEqual([address('solana', USDC_SOLANA_MINT)]);
    expect(findChainRefs(`我的索拉纳地址${USDC_SOLANA_MINT}，代币程序${SPL_TOKEN_PROGRAM}`)).toEqual([
      address('solana', USDC_SOLANA_MINT),
      address('solana', SPL_TOKEN_PROGRAM),
    ]);
  });

  it('recognises a 64-byte signature without context, and nothing of the wrong length', () => {
    expect(findChainRefs(`signature ${SOLANA_DOCS_SIGNATURE}`)).toEqual([tx('solana', SOLANA_DOCS_SIGNATURE)]);
    expect(findChainRefs(`Solana signature ${SOLANA_DOCS_SIGNATURE.slice(0, 70)}`)).toEqual([]);
  });
});

describe('token boundaries and mixed-language text', () => {
  it('finds values glued to Chinese text', () => {
    expect(findChainRefs('地址是0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed请查')).toEqual([address('evm', '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed')]);
    expect(findChainRefs(`收款地址：${USDT_TRON}。谢谢`)).toEqual([address('tron', USDT_TRON)]);
    expect(findChainRefs(`转到${GENESIS_ADDRESS}了`)).toEqual([address('bitcoin', GENESIS_ADDRESS)]);
  });

  it('never matches inside a longer token', () => {
    const texts = [
      'abc0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed_old',
      '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed0', // 41 hex
      `${GENESIS_COINBASE_TXID}a`, // 65 hex
      `BTC x${GENESIS_ADDRESS}`,
      `${USDT_TRON}9`,
      'commit 5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', // a 40-hex git id is no address
    ];
    for (const text of texts) expect(findChainRefs(text), text).toEqual([]);
  });

  it('lists each value once, in order of first appearance', () => {
    const text = `${USDT_TRON} ${GENESIS_ADDRESS} ${USDT_TRON} ${FIRST_ETH_TX} ${GENESIS_ADDRESS}`;
    expect(findChainRefs(text)).toEqual([address('tron', USDT_TRON), address('bitcoin', GENESIS_ADDRESS), tx('evm', FIRST_ETH_TX)]);
  });

  it('returns nothing for ordinary prose', () => {
    expect(findChainRefs('')).toEqual([]);
    expect(findChainRefs('Hello, my withdrawal failed yesterday. 我的账户被盗了，请帮忙。 Internationalization')).toEqual([]);
  });
});
