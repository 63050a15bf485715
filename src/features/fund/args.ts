import { splitAmountAndNote } from '../../domain/amount-note.js';

/** Argument parsing and small helpers shared by the fund commands. */

/**
 * Splits '50 七一慰问', '50 元 慰问', '50元慰问' or '五十元慰问' into fen and the rest; refuses a
 * token that merely starts with a number ('1e20'). The rule lives in src/domain/amount-note.ts.
 */
export const splitAmount = splitAmountAndNote;

// Entry numbers, reasons and the actor are shared by both ledger books: src/core/ledger/args.ts.
export { actor, parseEntryNumbers, parseReason } from '../../core/ledger/args.js';

export { namesById as memberNames } from '../../core/ledger/args.js';
