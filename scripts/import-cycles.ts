import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * `npm run lint:cycles`: fails when modules import each other in a circle (DESIGN.md §8: imports
 * flow one way). Reads every .ts/.tsx file of app, components, lib, server and e2e, follows
 * relative and `@/` imports, and ignores type-only imports (erased at compile time, they load
 * nothing). Prints each circle as a chain of files; exits 1 when there is one.
 */
const ROOT = path.resolve(__dirname, '..');
const FOLDERS = ['app', 'components', 'lib', 'server', 'e2e', 'instrumentation.ts'];
const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx'];

function sourceFiles(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return /\.tsx?$/.test(full) ? [full] : [];
  return readdirSync(full).flatMap((name) => (name === 'node_modules' || name.startsWith('.') ? [] : sourceFiles(path.join(entry, name))));
}

function resolveImport(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith('@/')) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith('.')) base = path.resolve(path.dirname(from), specifier);
  else return undefined;
  if (/\.tsx?$/.test(base) && existsSync(base)) return base;
  return EXTENSIONS.map((ext) => base + ext).find((candidate) => existsSync(candidate));
}

/** The modules a file loads when it runs: imports and re-exports that are not type-only. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = clause?.isTypeOnly || (clause && !clause.name && named && named.length > 0 && named.every((e) => e.isTypeOnly));
      if (!typeOnly) specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      const named = statement.exportClause && ts.isNamedExports(statement.exportClause) ? statement.exportClause.elements : undefined;
      if (!(named && named.length > 0 && named.every((e) => e.isTypeOnly))) specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers.map((s) => resolveImport(file, s)).filter((f): f is string => f !== undefined);
}

/** Tarjan's strongly connected components: every group of two or more files that reach each other. */
function circles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indexOf.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indexOf.get(next)!));
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.reverse());
    }
  };
  for (const node of graph.keys()) if (!indexOf.has(node)) visit(node);
  return found;
}

const files = FOLDERS.flatMap(sourceFiles);
const graph = new Map(files.map((file) => [file, runtimeImports(file)]));
const found = circles(graph);
const relative = (file: string) => path.relative(ROOT, file);
if (found.length === 0) {
  console.log(`No import circle among ${files.length} files.`);
} else {
  for (const component of found) console.error(`Import circle: ${component.map(relative).join(' → ')} → ${relative(component[0])}`);
  console.error(`${found.length} import circle(s) among ${files.length} files.`);
  process.exit(1);
}
