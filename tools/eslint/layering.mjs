// The import rule for the layering: apps → libs/application → projections → libs/infra → the
// foundations (libs/domain, libs/event-store, libs/payments). A file may import its own layer or
// any layer below it, never one above; an app never imports another app (they meet through the
// store and the libraries); the foundations do not import each other, so the domain stays pure
// and the store and the gateways stay free of billing rules. apps/main.ts, which composes the
// apps into one process for `npm start`, is the one place that may import several apps. The web
// app (apps/web) is stricter still: it may import the contract's types (libs/contract) and nothing
// else, since it runs in a browser and talks to the ledger over HTTP.
// test/architecture/layering.spec.ts proves that each part of the rule bites.
import { dirname, relative, resolve, sep } from 'node:path';

const RANKS = { foundation: 0, infra: 1, projections: 2, application: 3, app: 4, root: 5 };

/** Where a repository-relative path sits: its layer, and for apps and foundations which one. */
export function layerOf(path) {
  const parts = path.split(sep).join('/').split('/');
  if (parts[0] === 'apps') return parts.length === 2 ? { layer: 'root', unit: 'main' } : { layer: 'app', unit: parts[1] };
  if (parts[0] === 'projections') return { layer: 'projections', unit: 'projections' };
  if (parts[0] === 'libs') {
    if (parts[1] === 'application') return { layer: 'application', unit: 'application' };
    if (parts[1] === 'infra') return { layer: 'infra', unit: 'infra' };
    return { layer: 'foundation', unit: parts[1] };
  }
  return undefined;
}

function problem(from, to) {
  // The web app runs in a browser and talks to the ledger only over HTTP: of the rest of the
  // repository it may read the contract's generated types, nothing else.
  if (from.unit === 'web' && !(to.unit === 'web' || to.unit === 'contract')) return 'apps/web runs in the browser and reaches the ledger over HTTP only: it may import libs/contract (the API\'s types) and nothing else';
  if (RANKS[to.layer] > RANKS[from.layer]) return `${from.layer} may not import from ${to.layer} (it sits above): move what both need down a layer`;
  if (from.layer === 'app' && to.layer === 'app' && from.unit !== to.unit) return `apps/${from.unit} may not import apps/${to.unit}: apps meet only through the store and shared libraries`;
  if (from.layer === 'foundation' && to.layer === 'foundation' && from.unit !== to.unit) return `libs/${from.unit} may not import libs/${to.unit}: the foundations stay independent of each other`;
  return undefined;
}

export const layeringRule = {
  meta: { type: 'problem', schema: [{ type: 'object', properties: { root: { type: 'string' } } }], messages: { upward: '{{why}}' } },
  create(context) {
    const root = context.options[0]?.root ?? context.cwd;
    const file = relative(root, context.filename);
    const from = layerOf(file);
    if (!from) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = layerOf(relative(root, resolve(dirname(context.filename), source)));
      const why = to && problem(from, to);
      if (why) context.report({ node, messageId: 'upward', data: { why } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { imports: layeringRule } };
