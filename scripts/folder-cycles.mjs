#!/usr/bin/env node
// Fails when two top-level folders import each other, directly or through others. A folder owns its
// code and tables; a cycle between folders means neither can be understood or changed on its own.
// Usage: node scripts/folder-cycles.mjs [repo root]  (exit 1 and the cycles on stderr when any exist)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SKIP = new Set(['node_modules', '.git', '.data', 'dist', 'coverage', 'docs', 'test']);
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;
// Tests may reach across folders to build their fixtures (the `test/` folder exists for that); the rule is
// about the product's own dependencies.
const TEST = /\.test\.(ts|tsx)$/;
const IMPORT = /(?:^|[^\w.])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Every source file under root, as paths relative to root. */
function sourceFiles(root, dir = root, files = []) {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(root, path, files);
    else if (SOURCE.test(name) && !TEST.test(name)) files.push(relative(root, path));
  }
  return files;
}

/** Top-level folder → the set of other top-level folders it imports (type-only imports included). */
export function folderGraph(root) {
  const graph = new Map();
  for (const file of sourceFiles(root)) {
    const from = file.split(sep)[0];
    if (!file.includes(sep)) continue;
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const target = relative(root, resolve(root, dirname(file), match[1] ?? match[2]));
      const to = target.split(sep)[0];
      if (to === from || to.startsWith('..') || !target.includes(sep)) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      const edges = graph.get(from);
      if (!edges.has(to)) edges.set(to, file);
    }
  }
  return graph;
}

/** Strongly connected components with more than one folder (Tarjan), each with one example import per edge. */
export function findCycles(graph) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  const visit = (node) => {
    indices.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), indices.get(next)));
    }
    if (low.get(node) === indices.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) {
        const members = new Set(component);
        const edges = [];
        for (const from of component) {
          for (const [to, file] of graph.get(from) ?? []) if (members.has(to)) edges.push(`${from} → ${to} (e.g. ${file})`);
        }
        cycles.push({ folders: component.sort(), edges: edges.sort() });
      }
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return cycles;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const cycles = findCycles(folderGraph(root));
  if (cycles.length === 0) {
    console.log('no import cycles between top-level folders');
  } else {
    for (const cycle of cycles) {
      console.error(`import cycle between ${cycle.folders.join(', ')}:`);
      for (const edge of cycle.edges) console.error(`  ${edge}`);
    }
    process.exit(1);
  }
}
