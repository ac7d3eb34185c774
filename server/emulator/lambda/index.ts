import type { EmulatorDeps, RestService } from '../core/types';

export function createLambda(deps: EmulatorDeps): RestService & { close?(): void } {
  void deps;
  return {
    match: () => undefined,
    handle: () => ({ status: 404 }),
  };
}
