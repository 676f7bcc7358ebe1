// How fresh a live order view is, for every combination of subscription and socket state.
import { describe, expect, it } from 'vitest';

import type { SubscriptionView } from './tracking-connection';
import { connectionOf, needsRestart } from './tracking-connection';

/** A fresh page: socket opened once, nothing received yet. */
const START: SubscriptionView = {
  ended: false,
  final: false,
  online: true,
  errorCode: null,
  liveAt: null,
  socket: { state: 'open', closes: 0 },
};

const view = (patch: Partial<SubscriptionView>): SubscriptionView => ({ ...START, ...patch });

describe('connectionOf', () => {
  it('before the first message: connecting', () => {
    expect(connectionOf(START)).toBe('connecting');
    expect(connectionOf(view({ socket: { state: 'idle', closes: 0 } }))).toBe('connecting');
  });

  it('data confirmed on the open socket: live', () => {
    expect(connectionOf(view({ liveAt: 0 }))).toBe('live');
  });

  it('the socket closes under a live subscription: reconnecting, until the server confirms the resume', () => {
    const dropped = view({ liveAt: 0, socket: { state: 'closed', closes: 1 } });
    expect(connectionOf(dropped)).toBe('reconnecting');
    const reopened = view({ liveAt: 0, socket: { state: 'open', closes: 1 } });
    expect(connectionOf(reopened)).toBe('reconnecting');
    const resumed = view({ liveAt: 1, socket: { state: 'open', closes: 1 } });
    expect(connectionOf(resumed)).toBe('live');
  });

  it('no network beats everything but a finished order', () => {
    expect(connectionOf(view({ online: false, liveAt: 0 }))).toBe('offline');
    expect(connectionOf(view({ online: false }))).toBe('offline');
    expect(connectionOf(view({ online: false, ended: true, final: true }))).toBe('done');
  });

  it('the server ended the stream on a final order: done, whatever the socket does next', () => {
    const ended = view({ ended: true, final: true, liveAt: 0 });
    expect(connectionOf(ended)).toBe('done');
    expect(connectionOf({ ...ended, socket: { state: 'closed', closes: 1 } })).toBe('done');
  });

  it('a final order whose stream has not ended yet is still live', () => {
    expect(connectionOf(view({ final: true, liveAt: 0 }))).toBe('live');
  });

  it('a permanent error (signed out, not allowed): offline, and no restart', () => {
    const unauthorized = view({ errorCode: 'UNAUTHORIZED', liveAt: 0 });
    expect(connectionOf(unauthorized)).toBe('offline');
    expect(needsRestart(unauthorized)).toBe(false);
    expect(needsRestart(view({ errorCode: 'FORBIDDEN' }))).toBe(false);
  });

  it('a server error: reconnecting, and the subscription restarts', () => {
    const failed = view({ errorCode: 'INTERNAL_SERVER_ERROR', liveAt: 0 });
    expect(connectionOf(failed)).toBe('reconnecting');
    expect(needsRestart(failed)).toBe(true);
    expect(connectionOf(view({ errorCode: 'INTERNAL_SERVER_ERROR' }))).toBe('reconnecting');
  });

  it('a stream that ends before the order is final restarts instead of claiming done', () => {
    const cut = view({ ended: true, liveAt: 0 });
    expect(connectionOf(cut)).toBe('reconnecting');
    expect(needsRestart(cut)).toBe(true);
  });
});
