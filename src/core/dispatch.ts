import { dayOf } from '../domain/time.js';
import { dispatchMessage } from './dispatch-message.js';
import { applyRosterEvent, chatOfEvent, renameChat } from './membership.js';
import { findChat } from './members.js';
import type { InboundEvent } from './message.js';
import type { OutboxItem } from './outbox.js';
import { chatOfSent } from './sending.js';
import { scopeFor, type DispatchDeps, type Outcome } from './scope.js';

/**
 * Dispatches one inbox event inside the caller's transaction: normalise → match → locate →
 * authorise → run. A refusal (UserError) rolls back only the command's own savepoint, so the
 * speaker stays a known member and gets the refusal as a reply.
 */
export function dispatch(deps: DispatchDeps, event: InboundEvent, out: OutboxItem[]): Outcome {
  switch (event.type) {
    case undefined:
    case 'message':
      return dispatchMessage(deps, event, out);
    case 'member-joined':
    case 'member-left':
    case 'roster': {
      const { chat, branch } = applyRosterEvent(deps.db, event, dayOf(event.at, deps.tz));
      const ctx = scopeFor(deps, { branch, chat, at: event.at }, out);
      for (const f of deps.registry.features) {
        if (event.type === 'member-joined') f.on?.memberJoined?.(ctx, event);
        if (event.type === 'member-left') f.on?.memberLeft?.(ctx, event);
      }
      return { outcome: 'ok', command: event.type };
    }
    case 'chat-renamed':
    case 'bot-joined': {
      const { chat, branch } = chatOfEvent(deps.db, event);
      if (event.type === 'chat-renamed') renameChat(deps.db, chat, branch, event.chatTitle ?? '');
      else {
        const ctx = scopeFor(deps, { branch, chat, at: event.at }, out);
        for (const f of deps.registry.features) f.on?.botJoined?.(ctx);
      }
      return { outcome: 'ok', command: event.type };
    }
    case 'button': {
      // A button that carries a command runs it as if the presser had typed it.
      const command = event.value.command;
      if (typeof command === 'string') {
        return dispatchMessage(
          deps,
          {
            ...event,
            type: 'message',
            messageId: event.eventId,
            sentAt: event.at,
            text: command,
            addressed: true,
          },
          out,
        );
      }
      const ctx = scopeFor(deps, { ...chatOfEvent(deps.db, event), at: event.at }, out);
      const handled = deps.registry.features.some((f) => f.on?.button?.(ctx, event) === true);
      return { outcome: handled ? 'ok' : 'ignored', command: 'button' };
    }
    case 'read': {
      // Receipts name the messages read; the chat is the one those messages were sent to.
      const found =
        chatOfSent(deps.db, event.platform, event.messageIds) ??
        findChat(deps.db, event.platform, event.chatId);
      if (!found) return { outcome: 'ignored', command: 'read' };
      const ctx = scopeFor(deps, { ...found, at: event.at }, out);
      for (const f of deps.registry.features) f.on?.read?.(ctx, event);
      return { outcome: 'ok', command: 'read' };
    }
  }
}
