/**
 * Adaptive Card templates (JSON in the Adaptive Card Templating language). Data is bound only through `${…}` in the
 * template itself; user text is passed as data and shown in TextRuns (no Markdown), never spliced into a template.
 *
 * Each template is compiled once, at first use, into a function of its data: adaptivecards-templating parses every
 * expression again on each expand (with an ANTLR parser that was the largest CPU cost of a request, and 370 modules
 * at start-up). Our templates use a small part of the language, which this compiler implements: `${path}` (with
 * `$root.`), strings with embedded `${…}`, `$data` (an array repeats the element per item; an object becomes its
 * scope), `$when`, and in expressions `== != > < >= <=`, `&& || !`, `count(…)`, string and number literals.
 * An expression that is undefined leaves the element as written, as the templating SDK does.
 */
import confirmation from './templates/confirmation.json';
import welcome from './templates/welcome.json';
import notice from './templates/notice.json';
import page from './templates/page.json';
import checkin from './templates/checkin.json';
import task from './templates/task.json';
import sanction from './templates/sanction.json';
import meetingAgenda from './templates/meeting-agenda.json';
import periodReview from './templates/period-review.json';
import actionList from './templates/actions.json';
import help from './templates/help.json';
import measure from './templates/measure.json';

export const TEMPLATES = { confirmation, welcome, notice, page, checkin, task, sanction, meetingAgenda, periodReview, actionList, help, measure } as const;
export type TemplateName = keyof typeof TEMPLATES;

export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: string;
  body: unknown[];
  [key: string]: unknown;
}

interface Scope {
  root: unknown;
  data: unknown;
}
const OMIT = Symbol('omit');
type Compiled = (scope: Scope) => unknown;
type Expr = (scope: Scope) => unknown;

const compiled = new Map<TemplateName, Compiled>();

export function expandTemplate(name: TemplateName, data: object): AdaptiveCardJson {
  let render = compiled.get(name);
  if (!render) {
    render = compileNode(TEMPLATES[name]);
    compiled.set(name, render);
  }
  const out = render({ root: data, data }) as AdaptiveCardJson;
  return out;
}

function compileNode(node: unknown): Compiled {
  if (typeof node === 'string') return compileString(node);
  if (Array.isArray(node)) {
    const items = node.map((item) => ({ render: compileNode(item), repeats: isObject(item) && '$data' in item }));
    return (scope) => {
      const out: unknown[] = [];
      for (const item of items) {
        const value = item.render(scope);
        if (value === OMIT) continue;
        if (item.repeats && Array.isArray(value)) out.push(...value.filter((v) => v !== OMIT));
        else out.push(value);
      }
      return out;
    };
  }
  if (isObject(node)) return compileObject(node);
  return () => node;
}

function compileObject(node: Record<string, unknown>): Compiled {
  const { $data, $when, ...rest } = node;
  const props = Object.entries(rest).map(([key, value]) => [key, compileNode(value)] as const);
  const when = typeof $when === 'string' ? compileString($when) : undefined;
  const one = (scope: Scope) => {
    if (when) {
      const w = when(scope);
      if (w !== true) return OMIT; // only a boolean true keeps the element (the SDK's rule)
    }
    const out: Record<string, unknown> = {};
    for (const [key, render] of props) out[key] = render(scope);
    return out;
  };
  if ($data === undefined) return one;
  const source = compileNode($data);
  // An element with $data: once per item of an array (the caller spreads them), or once in an object's scope.
  return (scope) => {
    const data = source(scope);
    if (Array.isArray(data)) return data.map((item) => one({ root: scope.root, data: item }));
    return one({ root: scope.root, data });
  };
}

const WHOLE = /^\$\{([^{}]*)\}$/;
const PART = /\$\{([^{}]*)\}/g;

function compileString(text: string): Compiled {
  const whole = WHOLE.exec(text);
  if (whole) {
    const expr = parseExpression(whole[1]);
    // Undefined: left as written (the templating SDK's behaviour).
    return (scope) => {
      const value = expr(scope);
      return value === undefined ? text : value;
    };
  }
  if (!text.includes('${')) return () => text;
  const pieces: (string | Expr)[] = [];
  let last = 0;
  for (const m of text.matchAll(PART)) {
    pieces.push(text.slice(last, m.index));
    const expr = parseExpression(m[1]);
    const source = m[0];
    pieces.push((scope) => {
      const value = expr(scope);
      return value === undefined ? source : typeof value === 'object' ? JSON.stringify(value) : String(value);
    });
    last = m.index! + m[0].length;
  }
  pieces.push(text.slice(last));
  return (scope) => pieces.map((p) => (typeof p === 'string' ? p : p(scope))).join('');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---- expressions: a recursive-descent parser over the part of the language the templates use.

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|'((?:[^'\\]|\\.)*)'|(==|!=|>=|<=|&&|\|\||[!()<>,])|([$A-Za-z_][$\w]*(?:\.[$A-Za-z_][$\w]*)*))/y;

function parseExpression(source: string): Expr {
  const tokens: { kind: 'num' | 'str' | 'op' | 'path'; value: string }[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(source);
    if (!m) throw new Error(`card template: cannot read expression "${source}"`);
    if (m[1] !== undefined) tokens.push({ kind: 'num', value: m[1] });
    else if (m[2] !== undefined) tokens.push({ kind: 'str', value: m[2].replace(/\\(.)/g, '$1') });
    else if (m[3] !== undefined) tokens.push({ kind: 'op', value: m[3] });
    else tokens.push({ kind: 'path', value: m[4] });
  }
  let i = 0;
  const peek = () => tokens[i]?.value;
  const expect = (v: string) => {
    if (tokens[i]?.value !== v) throw new Error(`card template: expected "${v}" in "${source}"`);
    i += 1;
  };
  const or = (): Expr => {
    let left = and();
    while (peek() === '||') {
      i += 1;
      const l = left, r = and();
      left = (s) => truthy(l(s)) || truthy(r(s));
    }
    return left;
  };
  const and = (): Expr => {
    let left = compare();
    while (peek() === '&&') {
      i += 1;
      const l = left, r = compare();
      left = (s) => truthy(l(s)) && truthy(r(s));
    }
    return left;
  };
  const compare = (): Expr => {
    const left = unary();
    const op = peek();
    if (op === '==' || op === '!=' || op === '>' || op === '<' || op === '>=' || op === '<=') {
      i += 1;
      const right = unary();
      return (s) => {
        const a = left(s), b = right(s);
        switch (op) {
          case '==': return a === b;
          case '!=': return a !== b;
          case '>': return (a as number) > (b as number);
          case '<': return (a as number) < (b as number);
          case '>=': return (a as number) >= (b as number);
          default: return (a as number) <= (b as number);
        }
      };
    }
    return left;
  };
  const unary = (): Expr => {
    if (peek() === '!') {
      i += 1;
      const inner = unary();
      return (s) => !truthy(inner(s));
    }
    return primary();
  };
  const primary = (): Expr => {
    const token = tokens[i++];
    if (!token) throw new Error(`card template: unexpected end of "${source}"`);
    if (token.kind === 'num') return () => Number(token.value);
    if (token.kind === 'str') return () => token.value;
    if (token.value === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    if (token.kind === 'path') {
      if (peek() === '(') {
        if (token.value !== 'count') throw new Error(`card template: unknown function ${token.value} in "${source}"`);
        i += 1;
        const arg = or();
        expect(')');
        return (s) => {
          const v = arg(s);
          return Array.isArray(v) || typeof v === 'string' ? v.length : 0;
        };
      }
      if (token.value === 'true' || token.value === 'false') return () => token.value === 'true';
      const [head, ...rest] = token.value.split('.');
      return (s) => {
        let value: unknown = head === '$root' ? s.root : head === '$data' ? s.data : (s.data as Record<string, unknown> | undefined)?.[head];
        for (const key of rest) value = isObject(value) ? value[key] : undefined;
        return value;
      };
    }
    throw new Error(`card template: unexpected "${token.value}" in "${source}"`);
  };
  const expr = or();
  if (i !== tokens.length) throw new Error(`card template: cannot read expression "${source}"`);
  return expr;
}

/** Adaptive Expressions' truth: false, null, undefined, 0 and '' are false… except that '' and 0 are true there. */
function truthy(v: unknown): boolean {
  return v !== false && v !== null && v !== undefined;
}
