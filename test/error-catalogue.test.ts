import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import ts from 'typescript';
import { errorCodes } from '../src/domain/errors.js';

/**
 * The error catalogue, checked both ways (as Fastify checks docs/Reference/Errors.md against
 * lib/errors.js). `errorCodes` in src/domain/errors.ts is the one list of codes with their statuses:
 * SimexitError and the HTTP error handler take a code's status from it. Here docs/ERRORS.md must
 * document exactly those codes with those statuses, every code must be one the source produces, and
 * no code may be written anywhere in src/ that the catalogue lacks.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const catalogue = new Map<string, number>(Object.entries(errorCodes));

interface Documented {
  status: number;
  meaning: string;
  action: string;
}

/** The rows of docs/ERRORS.md's tables: `| \`CODE\` | status | what it means | what to do |`. */
function documentedCodes(): Map<string, Documented> {
  const documented = new Map<string, Documented>();
  const text = readFileSync(join(root, 'docs/ERRORS.md'), 'utf8');
  for (const line of text.split('\n')) {
    const cells = line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|');
    const code = /^\s*`([A-Z][A-Z0-9_]*)`\s*$/.exec(cells[0] ?? '')?.[1];
    if (!line.trim().startsWith('|') || code === undefined) continue;
    assert.equal(cells.length, 4, `docs/ERRORS.md: the row of ${code} has ${cells.length} cells, not 4: ${line}`);
    assert.ok(!documented.has(code), `docs/ERRORS.md documents ${code} twice`);
    const [, status, meaning, action] = cells.map((cell) => cell.trim());
    assert.match(status!, /^\d{3}$/, `docs/ERRORS.md: the status of ${code} is not a number: ${line}`);
    documented.set(code, { status: Number(status), meaning: meaning!, action: action! });
  }
  return documented;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const looksLikeCode = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/**
 * Reads src/ with the type checker. A code is *produced* where a string literal stands in a place
 * whose type admits only catalogue codes (`new SimexitError('…')`, a `code: ErrorCode` field, a
 * `satisfies ErrorCode`); a comparison such as `error.code === '…'` only reads one. A code is
 * *written* where a code-looking literal is given to something named `code` or stands in such a
 * place, typed or not (an untyped `{ code: 'SOMETHING' }` would slip past the compiler).
 */
function codesInSource(): { produced: Set<string>; written: Map<string, string> } {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram(sourceFiles(join(root, 'src')), { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const produced = new Set<string>();
  const written = new Map<string, string>();
  const admitsOnlyCodes = (literal: ts.StringLiteralLike) => {
    const type = checker.getContextualType(literal);
    if (!type) return false;
    const members = type.isUnion() ? type.types : [type];
    return members.every((member) => member.isStringLiteral() && catalogue.has(member.value));
  };
  const namedCode = (node: ts.Node) => {
    const parent = node.parent;
    if ((ts.isPropertyAssignment(parent) || ts.isVariableDeclaration(parent)) && parent.initializer === node)
      return parent.name.getText() === 'code';
    return (
      ts.isBinaryExpression(parent) &&
      parent.right === node &&
      parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      /(^|\.)code$/.test(parent.left.getText())
    );
  };
  for (const file of program.getRootFileNames()) {
    const source = program.getSourceFile(file)!;
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteralLike(node) && looksLikeCode.test(node.text)) {
        const inCodePlace = catalogue.has(node.text) && admitsOnlyCodes(node);
        if (inCodePlace) produced.add(node.text);
        if (inCodePlace || namedCode(node)) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart());
          written.set(node.text, `${file.slice(root.length)}:${line + 1}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { produced, written };
}

const documented = documentedCodes();
const source = codesInSource();

test('docs/ERRORS.md documents every code of the catalogue, with the status the code answers with', () => {
  const missing = [...catalogue.keys()].filter((code) => !documented.has(code));
  assert.deepEqual(missing, [], `document these codes in docs/ERRORS.md: ${missing.join(', ')}`);
  for (const [code, status] of catalogue) {
    assert.equal(documented.get(code)?.status, status, `docs/ERRORS.md gives ${code} another status than ${status}`);
  }
});

test('docs/ERRORS.md documents no code the catalogue lacks, and says what each means and what to do', () => {
  const unknown = [...documented.keys()].filter((code) => !catalogue.has(code));
  assert.deepEqual(unknown, [], `docs/ERRORS.md documents codes src/domain/errors.ts lacks: ${unknown.join(', ')}`);
  for (const [code, row] of documented) {
    assert.ok(row.meaning.length > 0 && row.action.length > 0, `docs/ERRORS.md: ${code} needs a meaning and an action`);
  }
});

test('every code of the catalogue is one the source produces', () => {
  const unused = [...catalogue.keys()].filter((code) => !source.produced.has(code));
  assert.deepEqual(unused, [], `nothing in src/ produces ${unused.join(', ')}: drop them from the catalogue`);
});

test('every error code written in src/ is in the catalogue', () => {
  const strays = [...source.written].filter(([code]) => !catalogue.has(code));
  assert.deepEqual(
    strays.map(([code, where]) => `${code} (${where})`),
    [],
    'add these codes to src/domain/errors.ts and docs/ERRORS.md, or give them an ErrorCode type',
  );
  // The check sees what it should: the codes SimexitError is built with and the handler's own.
  for (const code of ['CASE_NOT_ELIGIBLE', 'ROUTE_NOT_FOUND', 'SERVICE_UNAVAILABLE', 'APPROVER_FILED_CASE']) {
    assert.ok(source.produced.has(code), `the scan missed ${code}`);
  }
});
