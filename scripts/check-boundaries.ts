/**
 * The second half of `npm run lint:deps`: two boundaries that imports cannot show, so dependency-cruiser cannot
 * check them. Only libs/config reads process.env (everything else is handed an AppConfig), and only
 * libs/database defines TypeORM entities (the migrations there must create every table).
 *
 * Files are parsed with the TypeScript compiler API, so a comment or a string that names process.env or @Entity
 * does not count. Spec files are scanned too: loadConfig takes the environment as an argument, and an entity
 * defined in a test would be a table no migration creates, so no test needs either.
 *
 *   tsx scripts/check-boundaries.ts [root]    (root: the repository, by default)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface BoundaryViolation {
  rule: string;
  /** Relative to the scanned root, with forward slashes. */
  file: string;
  line: number;
}

interface BoundaryRule {
  name: string;
  allowedUnder: string;
  isViolation(node: ts.Node): boolean;
}

const SCANNED_FOLDERS = ['apps', 'libs'];
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist']);
const ENTITY_DECORATORS = new Set(['Entity', 'ViewEntity', 'ChildEntity']);
const PROCESS_MODULES = new Set(['process', 'node:process']);

const RULES: BoundaryRule[] = [
  { name: 'process.env outside libs/config', allowedUnder: 'libs/config/src/', isViolation: readsProcessEnv },
  { name: 'TypeORM entity outside libs/database', allowedUnder: 'libs/database/src/', isViolation: definesEntity },
];

export function checkBoundaries(root: string): BoundaryViolation[] {
  return SCANNED_FOLDERS.flatMap((folder) => typeScriptFiles(root, folder))
    .flatMap((file) => violationsIn(root, file));
}

function typeScriptFiles(root: string, folder: string): string[] {
  if (!existsSync(path.join(root, folder))) return [];
  return readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const file = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : typeScriptFiles(root, file);
    return entry.isFile() && entry.name.endsWith('.ts') ? [file] : [];
  });
}

function violationsIn(root: string, file: string): BoundaryViolation[] {
  const rules = RULES.filter((rule) => !file.startsWith(rule.allowedUnder));
  const source = ts.createSourceFile(file, readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest);
  const violations: BoundaryViolation[] = [];
  const visit = (node: ts.Node): void => {
    for (const rule of rules.filter((candidate) => candidate.isViolation(node))) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      violations.push({ rule: rule.name, file, line });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return violations;
}

/** process.env, process['env'], globalThis.process.env, `const { env } = process`, `import { env } from 'node:process'`. */
function readsProcessEnv(node: ts.Node): boolean {
  if (ts.isPropertyAccessExpression(node)) return node.name.text === 'env' && isProcess(node.expression);
  if (ts.isElementAccessExpression(node)) {
    return stringText(node.argumentExpression) === 'env' && isProcess(node.expression);
  }
  if (ts.isVariableDeclaration(node)) {
    return node.initializer !== undefined && isProcess(node.initializer) && bindsEnv(node.name);
  }
  if (ts.isImportDeclaration(node)) {
    return PROCESS_MODULES.has(stringText(node.moduleSpecifier) ?? '') && importsEnv(node.importClause);
  }
  return false;
}

function isProcess(expression: ts.Expression): boolean {
  if (ts.isIdentifier(expression)) return expression.text === 'process';
  return ts.isPropertyAccessExpression(expression) && expression.name.text === 'process'
    && ts.isIdentifier(expression.expression) && expression.expression.text === 'globalThis';
}

function bindsEnv(name: ts.BindingName): boolean {
  return ts.isObjectBindingPattern(name)
    && name.elements.some((element) => nameText(element.propertyName ?? element.name) === 'env');
}

function importsEnv(clause: ts.ImportClause | undefined): boolean {
  const bindings = clause?.namedBindings;
  return bindings !== undefined && ts.isNamedImports(bindings)
    && bindings.elements.some((element) => nameText(element.propertyName ?? element.name) === 'env');
}

function stringText(expression: ts.Expression): string | undefined {
  return ts.isStringLiteralLike(expression) ? expression.text : undefined;
}

/** The name an import, export or destructuring element refers to; undefined for a computed or nested one. */
function nameText(name: ts.Node): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) ? name.text : undefined;
}

/** @Entity(), @ViewEntity(), @ChildEntity(), also when written as typeorm.Entity(). */
function definesEntity(node: ts.Node): boolean {
  if (!ts.isDecorator(node)) return false;
  const callee = ts.isCallExpression(node.expression) ? node.expression.expression : node.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  return ts.isIdentifier(name) && ENTITY_DECORATORS.has(name.text);
}

function main(): void {
  const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
  const violations = checkBoundaries(root);
  for (const { rule, file, line } of violations) console.error(`  error ${rule}: ${file}:${line}`);
  if (violations.length === 0) {
    console.log('✔ boundaries: process.env only in libs/config, TypeORM entities only in libs/database');
    return;
  }
  console.error(`\nx ${violations.length} boundary violation(s).`);
  process.exitCode = 1;
}

if (require.main === module) main();
