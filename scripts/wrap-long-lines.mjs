// @ts-check
/**
 * Wraps what Prettier leaves over the print width (120): string and template literals are split
 * at a space into concatenated parts (the value is unchanged), `//` and ` * ` comments at a word.
 * Then run `npm run format`, and repeat until nothing changes; `npm run lint` (max-len) names
 * what is left for a person (a line of code, a word longer than the width).
 *
 *   node scripts/wrap-long-lines.mjs [file …]     (default: every tracked .ts/.mjs/.js file)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import ts from 'typescript';

const WIDTH = 120;
/** Split well before the width: Prettier indents the second part and adds ` +`. */
const SPLIT_BEFORE = 96;
/** Shorter parts are not worth a line of their own. */
const MIN_PART = 16;
const SQL_START = /^`\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|EXPLAIN|ALTER|DROP|GRANT|REVOKE|COPY|DO|BEGIN|SET)\b/i;

const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : execFileSync('git', ['ls-files', '*.ts', '*.mjs', '*.js'], { encoding: 'utf8' }).split('\n').filter(Boolean);

let changed = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const wrapped = wrapComments(wrapLiterals(file, text));
  if (wrapped !== text) {
    writeFileSync(file, wrapped);
    changed++;
  }
}
console.log(`wrap-long-lines: ${changed} file(s) changed`);

/** @param {string} file @param {string} text */
function wrapLiterals(file, text) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
  const longLines = new Set();
  text.split('\n').forEach((line, index) => line.length > WIDTH && longLines.add(index));
  if (longLines.size === 0) return text;
  /** @type {{ start: number; end: number; replacement: string }[]} */
  const edits = [];
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (isSplittable(node)) {
      const start = node.getStart(source);
      const { line, character } = source.getLineAndCharacterOfPosition(start);
      const endLine = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const endColumn = source.getLineAndCharacterOfPosition(node.getEnd()).character;
      if (line === endLine && longLines.has(line) && endColumn > WIDTH - 24) {
        const replacement = splitLiteral(node, source, character);
        if (replacement) {
          edits.push({ start, end: node.getEnd(), replacement });
          return;
        }
      } else if (line !== endLine && isSql(node.getText(source))) {
        const replacement = wrapSqlLines(node.getText(source), character);
        if (replacement !== node.getText(source)) {
          edits.push({ start, end: node.getEnd(), replacement });
          return;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.replacement + out.slice(edit.end);
  }
  return out;
}

/** @param {string} file */
function scriptKind(file) {
  return file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
}

/** A string or template literal whose value may be written as a concatenation. @param {ts.Node} node */
function isSplittable(node) {
  const literal = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);
  if (!literal) return false;
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isTaggedTemplateExpression(parent)) return false;
  if (ts.isLiteralTypeNode(parent) || ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) return false;
  if (ts.isExternalModuleReference(parent) || ts.isEnumMember(parent)) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name === node) return false;
  if (ts.isCallExpression(parent) && parent.expression.getText() === 'require') return false;
  return !ts.isTemplateSpan(parent) && !ts.isTemplateExpression(parent);
}

/**
 * `'a b c'` → `('a b ' + 'c')`, split at the last space before SPLIT_BEFORE in the literal's own
 * text (for a template, in its text parts, never inside `${…}`), not escaped, leaving at least
 * MIN_PART characters on each side; the parentheses keep the precedence wherever the literal
 * stood, and Prettier drops them where they are not needed.
 * @param {ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression} node
 * @param {ts.SourceFile} source @param {number} column
 */
function splitLiteral(node, source, column) {
  const raw = node.getText(source);
  const start = node.getStart(source);
  const quote = raw[0];
  /** Offsets in `raw` of the literal text, excluding quotes and `${`, `}`. @type {[number, number][]} */
  const texts = [];
  if (ts.isTemplateExpression(node)) {
    texts.push([1, node.head.getEnd() - start - 2]);
    for (const span of node.templateSpans) {
      const literalStart = span.literal.getStart(source) - start;
      const closing = ts.isTemplateTail(span.literal) ? 1 : 2;
      texts.push([literalStart + 1, span.literal.getEnd() - start - closing]);
    }
  } else {
    texts.push([1, raw.length - 1]);
  }
  let best = -1;
  for (const [from, to] of texts) {
    for (let i = from; i < to; i++) {
      if (raw[i] === '\\') {
        i++;
        continue;
      }
      if (raw[i] !== ' ' || i < MIN_PART || raw.length - i < MIN_PART) continue;
      if (column + i < SPLIT_BEFORE || best < 0) best = i;
      if (column + i >= SPLIT_BEFORE) break;
    }
  }
  if (best < 0) return null;
  return `(${raw.slice(0, best + 1)}${quote} + ${quote}${raw.slice(best + 1)})`;
}

/** A template literal that is SQL, where a line break between words means what a space does. @param {string} raw */
function isSql(raw) {
  return SQL_START.test(raw);
}

/**
 * The lines of a multi-line SQL template over the width, broken at a space outside `${…}` and
 * quotes, the rest indented as the line was.
 * @param {string} raw @param {number} column
 */
function wrapSqlLines(raw, column) {
  const lines = raw.split('\n');
  return lines
    .flatMap((line, index) => {
      const offset = index === 0 ? column : 0;
      const out = [];
      let rest = line;
      while (offset + rest.length > WIDTH) {
        const cut = sqlBreak(rest, WIDTH - offset);
        if (cut <= 0) break;
        // Under the first line, one step right of where its clauses start; under another, of itself.
        const indent = index === 0 ? ' '.repeat(column + 1) : (/^\s*/.exec(rest)?.[0] ?? '');
        out.push(rest.slice(0, cut).trimEnd());
        rest = `${indent}  ${rest.slice(cut + 1).trimStart()}`;
      }
      out.push(rest);
      return out;
    })
    .join('\n');
}

/** The last space before `limit` outside quotes and `${…}`. @param {string} line @param {number} limit */
function sqlBreak(line, limit) {
  let quote = '';
  let depth = 0;
  let best = -1;
  for (let i = 0; i < Math.min(line.length, limit); i++) {
    const ch = line[i];
    if (depth > 0) {
      if (ch === '}') depth--;
      continue;
    }
    if (ch === '$' && line[i + 1] === '{') {
      depth++;
      i++;
      continue;
    }
    if (quote) {
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === ' ' && i > 0 && /\S/.test(line.slice(0, i))) best = i;
  }
  return best;
}

/** `// …` and ` * …` lines over the width, wrapped at the last word that fits. @param {string} text */
function wrapComments(text) {
  return text
    .split('\n')
    .flatMap((line) => {
      if (line.length <= WIDTH) return [line];
      const oneLineDoc = /^(\s*)\/\*\* (.*) \*\/$/.exec(line);
      if (oneLineDoc)
        return wrapComments(
          [`${oneLineDoc[1]}/**`, `${oneLineDoc[1]} * ${oneLineDoc[2]}`, `${oneLineDoc[1]} */`].join('\n'),
        ).split('\n');
      const match = /^(\s*(?:\/\/|\*) )(.*)$/.exec(line);
      if (!match) return [line];
      const [, prefix, body] = match;
      const lines = [];
      let rest = body;
      while (prefix.length + rest.length > WIDTH) {
        const cut = rest.lastIndexOf(' ', WIDTH - prefix.length);
        if (cut <= 0) break;
        lines.push(prefix + rest.slice(0, cut));
        rest = rest.slice(cut + 1);
      }
      lines.push(prefix + rest);
      return lines;
    })
    .join('\n');
}
