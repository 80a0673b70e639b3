import { build } from 'esbuild';
const entry = process.argv[2];
const r = await build({ entryPoints: [entry], bundle: true, format: 'esm', minify: true, splitting: true, outdir: '/tmp/meta-out', metafile: true, write: false, logLevel: 'silent' });
const outs = r.metafile.outputs;
const entryKey = Object.keys(outs).find((k) => outs[k].entryPoint === entry);
const norm = (p) => Object.keys(outs).find((k) => k.endsWith(p.replace(/^.*\//, '/')));
const seen = new Set(); const stack = [entryKey];
while (stack.length) { const k = stack.pop(); if (!k || seen.has(k)) continue; seen.add(k); for (const i of outs[k].imports) if (i.kind === 'import-statement') stack.push(norm(i.path)); }
const totals = new Map();
for (const k of seen) for (const [f, v] of Object.entries(outs[k].inputs)) totals.set(f, (totals.get(f) ?? 0) + v.bytesInOutput);
let sum=0; for (const [,b] of totals) sum+=b; console.log('total', sum);
for (const [f, b] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(String(b).padStart(7), f);
