/** `npm run docs:access`: rewrites the README's IAM lists and docs/iam/*.json from lib/access/actions.ts. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { iamPolicyFiles } from '../../lib/access/iam-files';
import { README_BEGIN, README_END, readmeAccessSection } from '../../lib/access/readme';

const file = path.resolve(__dirname, '..', '..', 'README.md');
const readme = readFileSync(file, 'utf8');
const start = readme.indexOf(README_BEGIN);
const end = readme.indexOf(README_END);
if (start < 0 || end < start) {
  console.error(`README.md has no ${README_BEGIN} … ${README_END} block.`);
  process.exit(1);
}
writeFileSync(file, readme.slice(0, start) + readmeAccessSection() + readme.slice(end + README_END.length));
console.log('README.md: IAM lists regenerated.');

const iamDir = path.resolve(__dirname, '..', '..', 'docs', 'iam');
mkdirSync(iamDir, { recursive: true });
for (const [name, text] of Object.entries(iamPolicyFiles())) writeFileSync(path.join(iamDir, name), text);
console.log('docs/iam: read-only.json and operator.json regenerated.');
