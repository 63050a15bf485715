import type { ChainProblem } from '../../domain/fund-ledger.js';

/** What a broken chain means, in words a secretary can act on (both books share the chain). */
export function describeChainProblem(p: ChainProblem): string {
  switch (p.kind) {
    case 'changed':
      return `第 ${p.seq} 号记录的内容与它的校验码不符，可能在机器人之外被改动过`;
    case 'missing':
      return `第 ${p.seq} 号记录缺失，可能被删除了`;
    case 'unlinked':
      return `第 ${p.seq} 号记录与前一条（第 ${p.seq - 1} 号）衔接不上，第 ${p.seq - 1} 号可能被改写或替换过`;
    case 'unkeyed':
      return `第 ${p.seq} 号起的记录用账本密钥签名，本服务没有配置 LEDGER_KEY，无法校验（需要 LEDGER_KEY）`;
    case 'downgraded':
      return `第 ${p.seq} 号记录没有用账本密钥签名，而它之前的记录有，可能被没有密钥的人改写过`;
  }
}
