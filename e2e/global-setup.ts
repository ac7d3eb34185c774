import { ensureBuild } from '../server/launch/app';

/** Specs run against the production build: build it once, unless a current one exists. */
export default function globalSetup(): void {
  ensureBuild((line) => console.log(line));
}
