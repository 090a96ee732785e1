#!/usr/bin/env node
// Validates rendered Kubernetes manifests offline.
//   kubectl kustomize deploy/k8s/overlays/prod | node validate-manifests.mjs
//   node validate-manifests.mjs rendered.yaml [more.yaml ...]
// 1. value check: the JSON-schema validators that kubernetes-models / @kubernetes-models/* ship
//    (types, enums, required, patterns, min/max) -- they do NOT reject unknown fields;
// 2. unknown-field check: every object is type-checked by the TypeScript compiler as an object literal
//    against the package's interface (I<Kind>); TS "excess property" errors reject unknown or
//    misspelled fields at any depth (free-form maps such as labels or Kafka config stay free).
// Exit code 0 = all valid, 1 = errors (printed), 2 = usage / unknown kind.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import ts from "typescript";

const here = path.dirname(fileURLToPath(import.meta.url));

function modulePathFor(apiVersion) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group.endsWith("strimzi.io")) return `@kubernetes-models/strimzi-kafka-operator/${group}/${version}`;
  if (group === "postgresql.cnpg.io") return `@kubernetes-models/cloudnative-pg/${group}/${version}`;
  return group ? `kubernetes-models/${group}/${version}` : "kubernetes-models/v1";
}

const read = (f) => (f === "-" ? readFileSync(0, "utf8") : readFileSync(f, "utf8"));
const inputs = process.argv.slice(2).length ? process.argv.slice(2) : ["-"];
const docs = [];
for (const f of inputs) {
  for (const d of parseAllDocuments(read(f))) {
    if (d.errors.length) { console.error(`${f}: YAML error: ${d.errors[0].message}`); process.exit(1); }
    const obj = d.toJS();
    if (obj != null) docs.push(obj);
  }
}

const errors = [];
const label = (o) => `${o.apiVersion} ${o.kind} ${o.metadata?.namespace ?? "-"}/${o.metadata?.name ?? "?"}`;

// ---- 1. schema (value) validation with the shipped validators
const targets = [];
for (const o of docs) {
  if (!o.apiVersion || !o.kind) { errors.push(`${label(o)}: missing apiVersion/kind`); continue; }
  const mod = modulePathFor(o.apiVersion);
  let Cls;
  try { Cls = (await import(mod))[o.kind]; } catch { /* module missing */ }
  if (typeof Cls !== "function") { console.error(`${label(o)}: no model for ${o.apiVersion} ${o.kind}`); process.exit(2); }
  try { new Cls(o).validate(); } catch (e) { errors.push(`${label(o)}: ${e.message}`); }
  targets.push({ o, mod });
}

// ---- 2. unknown-field check: emit `const docN: IKind = <literal>` and type-check it
const lines = [];          // generated TS source, one property per line
const where = [];          // line -> {doc, path}
const imports = new Map();
const stripNulls = (v) => Array.isArray(v) ? v.map(stripNulls)
  : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, stripNulls(x)]))
  : v;
function emit(v, p, doc, indent, prefix, suffix) {
  const pad = "  ".repeat(indent);
  if (v && typeof v === "object") {
    const arr = Array.isArray(v);
    const entries = arr ? v.map((x, i) => [i, x]) : Object.entries(v);
    lines.push(pad + prefix + (arr ? "[" : "{")); where.push({ doc, p });
    for (const [k, x] of entries) {
      const cp = arr ? `${p}[${k}]` : (p ? `${p}.${k}` : k);
      emit(x, cp, doc, indent + 1, arr ? "" : JSON.stringify(String(k)) + ": ", ",");
    }
    lines.push(pad + (arr ? "]" : "}") + suffix); where.push({ doc, p });
  } else {
    lines.push(pad + prefix + JSON.stringify(v) + suffix); where.push({ doc, p });
  }
}
targets.forEach(({ o, mod }, i) => {
  const alias = `T${imports.size}`;
  const key = `${mod}/${o.kind}`;
  if (!imports.has(key)) imports.set(key, `import type { I${o.kind} as ${alias} } from ${JSON.stringify(key)};`);
  const t = imports.get(key).match(/as (T\d+)/)[1];
  emit(stripNulls(o), "", i, 0, `export const doc${i}: ${t} = `, ";");
});
const header = [...imports.values()];
const source = [...header, ...lines].join("\n");
const virtual = path.join(here, "__manifests__.ts");
const options = {
  strict: true, noEmit: true, skipLibCheck: true, types: [],
  target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
};
const host = ts.createCompilerHost(options);
const orig = { getSourceFile: host.getSourceFile, fileExists: host.fileExists, readFile: host.readFile };
host.getSourceFile = (f, lang, ...r) => f === virtual ? ts.createSourceFile(f, source, lang) : orig.getSourceFile(f, lang, ...r);
host.fileExists = (f) => f === virtual || orig.fileExists(f);
host.readFile = (f) => f === virtual ? source : orig.readFile(f);
const program = ts.createProgram([virtual], options, host);
for (const d of ts.getPreEmitDiagnostics(program)) {
  const msg = ts.flattenDiagnosticMessageText(d.messageText, " ");
  if (!d.file || d.file.fileName !== virtual) { errors.push(`typescript: ${msg}`); continue; }
  const line = d.file.getLineAndCharacterOfPosition(d.start).line - header.length;
  const w = where[line];
  if (!w) { errors.push(`typescript: ${msg}`); continue; }
  errors.push(`${label(targets[w.doc].o)}: ${w.p || "<root>"}: ${msg}`);
}

if (errors.length) {
  for (const e of errors) console.error("ERROR " + e);
  console.error(`${docs.length} objects checked, ${errors.length} errors`);
  process.exit(1);
}
console.log(`${docs.length} objects valid`);
