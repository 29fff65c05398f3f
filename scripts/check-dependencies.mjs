// `npm run deps`: the import rules of .dependency-cruiser.cjs over src/, activities/ and workflows/,
// then the same graph folder by folder: no two folders may import each other, directly or round a
// longer loop. A folder is an area (src/actions, src/webhooks …), activities/, workflows/ or one of
// src/temporal's folders (contract, client, worker, schedules, dev); the base (src/db,
// src/security and src's own files: errors, ids, config, partner scope) counts as one. Exits
// non-zero on any breach.
import { cruise, format } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
const tsConfig = extractTSConfig(options.tsConfig.fileName);
const cruised = await cruise(['src', 'activities', 'workflows'], { ...options, outputType: 'json' }, undefined, {
  tsConfig,
});
const result = typeof cruised.output === 'string' ? JSON.parse(cruised.output) : cruised.output;

const base = /^src\/((db|security)\/|[^/]+$)/;
const areaOf = (file) =>
  base.test(file)
    ? 'src/db + src/security + src/*.ts'
    : (file.match(/^(src\/temporal\/[^/]+|src\/[^/]+|activities|workflows)\//)?.[1] ?? null);

const edges = new Map();
for (const module of result.modules) {
  const from = areaOf(module.source);
  if (!from) continue;
  for (const dependency of module.dependencies) {
    const to = areaOf(dependency.resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${module.source} → ${dependency.resolved}`);
  }
}

/** The folder loops: strongly connected groups of more than one folder (Tarjan). */
function folderLoops() {
  const index = new Map(),
    low = new Map(),
    stack = [],
    onStack = new Set(),
    loops = [];
  let next = 0;
  const visit = (area) => {
    index.set(area, next);
    low.set(area, next++);
    stack.push(area);
    onStack.add(area);
    for (const to of edges.get(area)?.keys() ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(area, Math.min(low.get(area), low.get(to)));
      } else if (onStack.has(to)) low.set(area, Math.min(low.get(area), index.get(to)));
    }
    if (low.get(area) !== index.get(area)) return;
    const loop = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      loop.push(member);
    } while (member !== area);
    if (loop.length > 1) loops.push(loop.sort());
  };
  for (const area of edges.keys()) if (!index.has(area)) visit(area);
  return loops;
}

const report = await format(result, { outputType: 'err' });
process.stdout.write(report.output);

const loops = folderLoops();
for (const loop of loops) {
  console.log(`\n  error no-folder-cycles: ${loop.join(', ')} import each other:`);
  for (const from of loop)
    for (const to of loop) if (edges.get(from)?.has(to)) console.log(`    ${edges.get(from).get(to)}`);
}
if (loops.length === 0) console.log('no folder cycles');
process.exit(report.exitCode !== 0 || loops.length > 0 ? 1 : 0);
