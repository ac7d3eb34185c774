import { describe, expect, it } from 'vitest';
import { idleReasonOf } from './queue-poller';

const aborted = AbortSignal.abort();
const live = new AbortController().signal;

describe('idleReasonOf', () => {
  it.each([
    { state: undefined, pause: undefined, missing: true, reason: 'no event source mapping' },
    { state: 'Disabled', pause: live, missing: false, reason: 'mapping Disabled' },
    { state: 'Disabling', pause: undefined, missing: false, reason: 'mapping Disabling' },
    { state: 'Enabled', pause: aborted, missing: false, reason: 'stalled' },
    { state: 'Enabled', pause: live, missing: false, reason: undefined },
    { state: 'Enabled', pause: undefined, missing: false, reason: undefined },
    // Lambda keeps polling through a configuration update.
    { state: 'Updating', pause: undefined, missing: false, reason: undefined },
  ])('$state, paused $pause.aborted → $reason', ({ state, pause, missing, reason }) => {
    expect(idleReasonOf(state, pause, missing)).toBe(reason);
  });
});
