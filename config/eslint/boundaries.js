'use strict';
// The import boundaries of the monorepo, as an ESLint rule (config/eslint.config.js turns it on):
// - libs never import apps;
// - platform libs (core, database, queue, testing) import no capability lib;
// - a capability lib imports only the capability libs below it (CAPABILITY_ORDER);
// - code leaves its own lib or app only through an `@app/<lib>` alias, never a relative path.
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const PLATFORM = ['core', 'database', 'queue', 'testing'];
/** Lowest first: a lib may import those before it. identity writes its events through audit. */
const CAPABILITY_ORDER = ['audit', 'identity', 'cases', 'consent', 'referrals', 'notifications', 'reporting', 'attachments'];

/** Which lib or app a file belongs to: { kind: 'lib' | 'app' | 'other', name }. */
function ownerOf(file) {
  const relative = path.relative(ROOT, file).split(path.sep);
  if (relative[0] === 'libs' && relative[1]) return { kind: 'lib', name: relative[1] };
  if (relative[0] === 'apps' && relative[1]) return { kind: 'app', name: relative[1] };
  return { kind: 'other', name: relative[0] };
}

/** The lib or app an import points at, or undefined for packages. */
function targetOf(specifier, fromFile) {
  const alias = /^@app\/([a-z-]+)(\/.*)?$/.exec(specifier);
  if (alias) return { kind: 'lib', name: alias[1], viaAlias: true, deep: Boolean(alias[2]) };
  if (!specifier.startsWith('.')) return undefined;
  return { ...ownerOf(path.resolve(path.dirname(fromFile), specifier)), viaAlias: false };
}

function problemWith(source, target) {
  if (!target || target.kind === 'other') return undefined;
  if (target.deep) return `import @app/${target.name} through its index, not a deep path`;
  if (source.kind === 'lib' && target.kind === 'app') return `libs never import apps (libs/${source.name} → apps/${target.name})`;
  const inside = source.kind === 'lib' || source.kind === 'app';
  if (inside && !target.viaAlias && (source.kind !== target.kind || source.name !== target.name)) {
    return `leave ${source.kind}s/${source.name} through an @app/* alias, not a relative path into ${target.kind}s/${target.name}`;
  }
  if (source.kind !== 'lib' || target.kind !== 'lib' || source.name === target.name) return undefined;
  if (PLATFORM.includes(source.name) && !PLATFORM.includes(target.name)) {
    return `platform lib ${source.name} must not import capability lib ${target.name}`;
  }
  const from = CAPABILITY_ORDER.indexOf(source.name);
  const to = CAPABILITY_ORDER.indexOf(target.name);
  if (from >= 0 && to >= 0 && to > from) return `capability lib ${source.name} must not import ${target.name}, which stands above it`;
  return undefined;
}

module.exports = {
  PLATFORM,
  CAPABILITY_ORDER,
  rules: {
    imports: {
      meta: { type: 'problem', docs: { description: 'Import boundaries between libs and apps' }, schema: [] },
      create(context) {
        const file = context.filename ?? context.getFilename();
        const source = ownerOf(file);
        const check = (node) => {
          if (!node.source || typeof node.source.value !== 'string') return;
          const problem = problemWith(source, targetOf(node.source.value, file));
          if (problem) context.report({ node: node.source, message: problem });
        };
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
      },
    },
  },
};
