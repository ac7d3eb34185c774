import { describe, expect, it } from 'vitest';
import { idleReasonOf } from './queue-poller';

describe('idleReasonOf', () => {
  it.each([
    { state: undefined, paused: false, missing: true, reason: 'no event source mapping' },
    { state: 'Disabled', paused: true, missing: false, reason: 'mapping Disabled' },
    { state: 'Disabling', paused: false, missing: false, reason: 'mapping Disabling' },
    { state: 'Enabled', paused: true, missing: false, reason: 'stalled' },
    { state: 'Enabled', paused: false, missing: false, reason: undefined },
    // Lambda keeps polling through a configuration update.
    { state: 'Updating', paused: false, missing: false, reason: undefined },
  ])('$state, paused $paused → $reason', ({ state, paused, missing, reason }) => {
    expect(idleReasonOf(state, paused, missing)).toBe(reason);
  });
});
