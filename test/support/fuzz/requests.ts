import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { Fixture } from './fixture';
import { addEntry, entriesOf, Json, Obj, pathsOf, Raw, replaceAt, serialize, valueAt } from './json';
import { Random, streamFor } from './random';
import { AuthKind, RouteSpec, routeName } from './routes';
import { ALL_HOSTILE_VALUES, deepArray, deepMixed, deepObject, FIELD_CLASSES, HOSTILE_KEYS, hostileIds, wrongTypeFor } from './values';

/** One request as it goes on the wire, and what it is meant to break. */
export interface FuzzRequest {
  index: number;
  route: string;
  kind: Kind;
  variant: string;
  method: string;
  /** Request target as bytes in a latin1 string (what node:http writes). */
  path: string;
  headers: Record<string, string | string[]>;
  /** How the Authorization header is shown in reports (tokens are named, not printed). */
  authLabel: string;
  body?: Buffer;
  /** When the body is not UTF-8 text (compressed, Latin-1, broken bytes): what it is. */
  bodyNote?: string;
  /** A hand-written HTTP/1.1 message sent alone on its own connection, instead of the above. */
  raw?: Buffer;
}

export const KINDS = [
  'valid', 'path-param', 'path-shape', 'method', 'query', 'auth', 'header', 'content-type',
  'body-field', 'body-key', 'body-shape', 'body-syntax', 'encoding', 'raw-http',
] as const;
export type Kind = (typeof KINDS)[number];

/**
 * The order in which a route meets the mutation kinds. A route with a body is visited twice per round of the
 * routes and spends most of its visits on its body; every route meets every kind within 19 rounds (about 1,250
 * requests), so the default size covers every pair.
 */
const BODY_SCHEDULE: Kind[] = [
  'valid', 'body-field', 'path-param', 'body-key', 'auth', 'body-field', 'content-type', 'body-shape', 'header', 'body-field',
  'query', 'body-syntax', 'body-field', 'encoding', 'body-key', 'method', 'body-field', 'raw-http', 'path-shape', 'body-field',
];
const PLAIN_SCHEDULE: Kind[] = [
  'valid', 'path-param', 'query', 'auth', 'header', 'path-shape', 'method', 'content-type', 'body-syntax', 'encoding',
  'body-shape', 'body-field', 'raw-http', 'path-param', 'query', 'auth', 'body-key', 'header', 'path-shape',
];

/** The rotation: each route once, a route with a body twice. */
const slotsCache = new WeakMap<RouteSpec[], Array<{ route: RouteSpec; copy: number; copies: number }>>();
function slotsOf(routes: RouteSpec[]) {
  let slots = slotsCache.get(routes);
  if (!slots) {
    slots = routes.flatMap((route) => {
      const copies = route.body ? 2 : 1;
      return Array.from({ length: copies }, (_, copy) => ({ route, copy, copies }));
    });
    slotsCache.set(routes, slots);
  }
  return slots;
}

/** Route and kind of request `index`. */
export function scheduleOf(index: number, routes: RouteSpec[]): { route: RouteSpec; kind: Kind } {
  const slots = slotsOf(routes);
  const { route, copy, copies } = slots[index % slots.length];
  const visit = Math.floor(index / slots.length) * copies + copy;
  const schedule = route.body ? BODY_SCHEDULE : PLAIN_SCHEDULE;
  return { route, kind: schedule[visit % schedule.length] };
}

/** Requests a run needs to give every route every kind at least once. */
export function fullCoverage(routes: RouteSpec[]): number {
  return slotsOf(routes).length * Math.max(BODY_SCHEDULE.length / 2, PLAIN_SCHEDULE.length);
}

export interface GeneratorOptions {
  seed: number;
  fixture: Fixture;
  routes: RouteSpec[];
  /** Prefix of every X-Request-Id and of the tags in valid bodies, unique to this run. */
  runTag: string;
}

interface Draft {
  method: string;
  params: Record<string, string>;
  /** The whole target as a path-shape mutation rewrote it; else it is built from the template and params. */
  pathOverride?: string;
  query: Array<[string, string]>;
  rawQuery?: string;
  headers: Record<string, string | string[]>;
  authLabel: string;
  body?: Json;
  bodyBytes?: Buffer;
  bodyNote?: string;
}

/** A body for routes that take none: the hostile parts still go through the parsers. */
const GENERIC_BODY: Json = { note: '备注', ids: [1, 2], nested: { a: 1, list: ['x'] }, flag: true };

const latin1OfUtf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

export function generate(index: number, options: GeneratorOptions): FuzzRequest {
  const { seed, fixture, routes, runTag } = options;
  const random = streamFor(seed, index);
  const { route, kind } = scheduleOf(index, routes);
  const tag = `${runTag}-${index}`;
  const draft = baseDraft(route, fixture, random, tag);
  let variant = 'as documented';
  switch (kind) {
    case 'valid':
      break;
    case 'path-param':
      variant = route.params ? mutatePathParam(draft, route, random) : `no parameter, so the path: ${mutatePathShape(draft, route, random)}`;
      break;
    case 'path-shape':
      variant = mutatePathShape(draft, route, random);
      break;
    case 'method':
      variant = mutateMethod(draft, route, random);
      break;
    case 'query':
      variant = mutateQuery(draft, random);
      break;
    case 'auth':
      variant = mutateAuth(draft, route, fixture, random);
      break;
    case 'content-type':
      variant = mutateContentType(draft, random);
      break;
    case 'header':
      variant = mutateHeader(draft, route, random);
      break;
    case 'body-field':
      variant = mutateBodyField(draft, random);
      break;
    case 'body-key':
      variant = mutateBodyKey(draft, random);
      break;
    case 'body-shape':
      variant = mutateBodyShape(draft, random);
      break;
    case 'body-syntax':
      variant = mutateBodySyntax(draft, random);
      break;
    case 'encoding':
      variant = mutateEncoding(draft, random);
      break;
    case 'raw-http':
      break;
  }
  if (route.auth === 'refused') refuseCoordinator(draft, fixture);
  const request = finish(index, route, kind, variant, draft);
  if (kind === 'raw-http') return rawRequest(request, draft, random);
  return request;
}

function baseDraft(route: RouteSpec, fixture: Fixture, random: Random, tag: string): Draft {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(route.params ?? {})) params[name] = String(value(fixture, random));
  const headers: Record<string, string | string[]> = {
    accept: route.static || !route.path.startsWith('/api') ? '*/*' : 'application/json',
    'user-agent': 'shiyou-fuzz/1',
    'x-request-id': tag,
  };
  const { header, label } = authorization(route.auth, fixture);
  if (header) headers.authorization = header;
  const draft: Draft = { method: route.method, params, query: route.query ? route.query(fixture, random) : [], headers, authLabel: label };
  if (route.body) {
    draft.body = route.body({ fixture, random, tag });
    headers['content-type'] = 'application/json';
  }
  return draft;
}

function authorization(kind: AuthKind, fixture: Fixture): { header?: string; label: string } {
  switch (kind) {
    case 'none':
    case 'refused':
      return { label: '(none)' };
    case 'coordinator':
      return { header: `Bearer ${fixture.tokens.coordinator}`, label: 'Bearer <coordinator token>' };
    default:
      return { header: `Bearer ${fixture.tokens[kind]}`, label: `Bearer <${kind} token>` };
  }
}

/** The body a mutation starts from: the route's valid body, or a generic one for routes without. */
function bodyOf(draft: Draft): Json {
  if (draft.body === undefined) {
    draft.body = GENERIC_BODY;
    draft.headers['content-type'] = 'application/json';
  }
  return draft.body;
}

// ---------------------------------------------------------------------------------------------- paths

function mutatePathParam(draft: Draft, route: RouteSpec, random: Random): string {
  const name = random.pick(Object.keys(route.params!));
  const hostile = random.pick(hostileIds(draft.params[name]));
  draft.params[name] = hostile.value as string;
  return `:${name} ${hostile.label}`;
}

function builtPath(route: RouteSpec, params: Record<string, string>): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) => params[name]);
}

/** Dashboard writes keep their shape: a path trick must not turn them into a write on a real queue. */
const isGuarded = (route: RouteSpec) => route.path.startsWith('/admin/queues') && route.method !== 'GET';

function mutatePathShape(draft: Draft, route: RouteSpec, random: Random): string {
  const path = builtPath(route, draft.params);
  const appendOnly: Array<[string, string]> = [
    ['trailing slash', `${path}/`],
    ['trailing encoded NUL', `${path}%00`],
    ['suffix .json', `${path}.json`],
    ['matrix parameter', `${path};jsessionid=1`],
    ['fragment', `${path}#frag`],
    ['raw Latin-1 byte', `${path}\u00ff`],
    ['raw UTF-8 suffix', `${path}${latin1OfUtf8('/ü一😀')}`],
    ['traversal suffix', `${path}/..%2f..%2f..%2fetc%2fpasswd`],
    ['very long path (10 kB)', `${path}/${'seg/'.repeat(2500)}`],
    ['empty query', `${path}?`],
    ['uppercase', path.toUpperCase()],
  ];
  const restructuring: Array<[string, string]> = [
    ['double slash', path.replace('/', '//')],
    ['leading double slash', `/${path}`],
    ['dot segment', path.replace(/\/([^/]+)$/, '/./$1')],
    ['dot-dot segment', path.replace(/\/([^/]+)$/, '/fuzz/../$1')],
    ['encoded slash', path.replace(/\/([^/]*)$/, '%2F$1')],
    ['backslash', path.replace(/\/([^/]*)$/, '\\$1')],
    ['encoded backslash', path.replace(/\/([^/]*)$/, '%5C$1')],
    ['encoded dots', path.replace(/\/([^/]+)$/, '/%2e/$1')],
  ];
  const staticTricks: Array<[string, string]> = route.static ? [
    ['static: encoded traversal', path.replace(/[^/]+\/[^/]+$/, '..%2f..%2f..%2fpackage.json')],
    ['static: dot-dot traversal', path.replace(/[^/]+\/[^/]+$/, '../../../package.json')],
    ['static: encoded dot traversal', path.replace(/[^/]+\/[^/]+$/, '%2e%2e/%2e%2e/%2e%2e/package.json')],
    ['static: backslash traversal', path.replace(/[^/]+\/[^/]+$/, '..%5c..%5c..%5cpackage.json')],
    ['static: directory', path.replace(/[^/]+$/, '')],
    ['static: directory without slash', path.replace(/\/[^/]+$/, '')],
    ['static: NUL before extension', `${path}%00.png`],
    ['static: dotfile', path.replace(/[^/]+$/, '.env')],
    ['static: git config', path.replace(/[^/]+\/[^/]+$/, '.git/config')],
    ['static: name of 300 chars', path.replace(/[^/]+$/, 'a'.repeat(300))],
    ['static: 3000 segments', path.replace(/[^/]+$/, 'a/'.repeat(3000))],
    ['static: invalid UTF-8', path.replace(/[^/]+$/, '%FF%FE')],
    ['static: truncated UTF-8', path.replace(/[^/]+$/, '%E4%B8')],
    ['static: malformed percent', path.replace(/[^/]+$/, '%ZZ.js')],
    ['static: file as directory', `${path}/x`],
    ['static: NTFS stream', `${path}::$DATA`],
  ] : [];
  const options = isGuarded(route) ? appendOnly : [...appendOnly, ...restructuring, ...staticTricks, ...staticTricks];
  const [label, value] = random.pick(options);
  draft.pathOverride = value;
  return label;
}

function mutateMethod(draft: Draft, route: RouteSpec, random: Random): string {
  const safe = ['DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'FUZZ'];
  const methods = route.path.startsWith('/admin/queues') ? safe : [...safe, 'GET', 'POST', 'PUT', 'PATCH'];
  draft.method = random.pick(methods.filter((method) => method !== route.method));
  if (draft.method === 'HEAD' || draft.method === 'OPTIONS' || draft.method === 'TRACE') {
    delete draft.body;
    delete draft.headers['content-type'];
  }
  return `${draft.method} instead of ${route.method}`;
}

// ---------------------------------------------------------------------------------------------- query

const HOSTILE_QUERY_VALUES: Array<[string, string]> = [
  ['empty', ''], ['unknown word', 'bogus'], ['encoded NUL', '%00'], ['malformed percent', '%ZZ'], ['8 kB', 'a'.repeat(8000)],
  ['1e309', '1e309'], ['-0', '-0'], ['NaN', 'NaN'], ['Infinity', 'Infinity'], ['hex', '0x10'], ['fraction', '1.5'],
  ['padded number', '%20%205%20'], ['negative', '-1'], ['zero', '0'], ['20 digits', '99999999999999999999'],
  ['encoded lone surrogate', '%ED%A0%80'], ['encoded Chinese', '%E5%B7%B2%E6%89%B9%E5%87%86'], ['raw Latin-1', '\u00e9'],
  ['raw UTF-8', latin1OfUtf8('已批准')], ['__proto__', '__proto__'], ['encoded CRLF', '%0D%0ASet-Cookie:%20a=b'],
  ['uppercase status', 'APPROVED'], ['padded status', '%20approved%20'], ['plus as space', 'approved+'],
];

function mutateQuery(draft: Draft, random: Random): string {
  const keys = draft.query.length > 0 ? draft.query.map(([key]) => key) : ['status'];
  const key = random.pick(keys);
  const others = draft.query.filter(([name]) => name !== key).map(([name, value]) => `${name}=${value}`);
  const join = (...parts: string[]) => [...others, ...parts].join('&');
  const choice = random.int(0, 5);
  if (choice <= 1) {
    const [label, value] = random.pick(HOSTILE_QUERY_VALUES);
    draft.rawQuery = join(`${key}=${value}`);
    return `${key}=${label}`;
  }
  const shapes: Array<[string, string]> = [
    ['repeated key', join(`${key}=approved`, `${key}=rejected`)],
    ['repeated key, same value', join(`${key}=1`, `${key}=1`)],
    ['array syntax', join(`${key}[]=approved`)],
    ['indexed array syntax', join(`${key}[0]=approved`, `${key}[1]=x`)],
    ['nested object syntax', join(`${key}[a][b]=c`)],
    ['__proto__ in brackets', join(`${key}[__proto__]=x`)],
    ['unknown key', join('foo=bar')],
    ['__proto__ key', join('__proto__=x')],
    ['__proto__[polluted]', join('__proto__[polluted]=1')],
    ['constructor[prototype]', join('constructor[prototype][polluted]=1')],
    ['toString key', join('toString=x', 'hasOwnProperty=y')],
    ['1000 parameters', join(...Array.from({ length: 1000 }, (_, index) => `p${index}=${index}`))],
    ['key without value', join(key)],
    ['bare equals', join('=')],
    ['only separators', '&&&=&='],
    ['encoded separators', join(`${key}=a%26b%3Dc`)],
    ['second question mark', join(`${key}=approved?x=1`)],
    ['encoded key', join(`%73tatus=approved`)],
  ];
  const [label, value] = random.pick(shapes);
  draft.rawQuery = value;
  return label;
}

// ---------------------------------------------------------------------------------------------- headers

const TOKEN_KINDS = ['coordinator', 'student', 'mentor', 'withdrawer', 'pair', 'ender'] as const;

function mutateAuth(draft: Draft, route: RouteSpec, fixture: Fixture, random: Random): string {
  const own = route.auth === 'none' || route.auth === 'refused' ? fixture.tokens.student : fixture.tokens[route.auth];
  const other = random.pick(TOKEN_KINDS.filter((kind) => kind !== route.auth));
  const b64 = (text: string, encoding: BufferEncoding = 'utf8') => Buffer.from(text, encoding).toString('base64');
  const variants: Array<[string, string | string[] | undefined, string]> = [
    ['missing', undefined, '(none)'],
    ['scheme only', 'Bearer', 'Bearer'],
    ['scheme and space', 'Bearer ', 'Bearer␠'],
    ['lowercase scheme', `bearer ${own}`, 'bearer <own token>'],
    ['uppercase scheme', `BEARER ${own}`, 'BEARER <own token>'],
    ['extra spaces', `Bearer    ${own}   `, 'Bearer␠␠␠␠<own token>␠␠␠'],
    ['tab separator', `Bearer\t${own}`, 'Bearer\\t<own token>'],
    ['two tokens', `Bearer ${own} ${own}`, 'Bearer <own token> <own token>'],
    ['one character more', `Bearer ${own}x`, 'Bearer <own token>x'],
    ['one character less', `Bearer ${own.slice(0, -1)}`, 'Bearer <own token minus its last character>'],
    ['another kind of token', `Bearer ${fixture.tokens[other]}`, `Bearer <${other} token>`],
    ['forged student token', `Bearer s_${'A'.repeat(43)}`, `Bearer s_${'A'.repeat(43)}`],
    ['forged mentor token', `Bearer m_${'B'.repeat(43)}`, `Bearer m_${'B'.repeat(43)}`],
    ['forged coordinator token', `Bearer c_${'C'.repeat(43)}`, `Bearer c_${'C'.repeat(43)}`],
    ['prefix swapped', `Bearer m_${own.slice(2)}`, 'Bearer m_<own token without its prefix>'],
    ['token of 8 kB', `Bearer s_${'x'.repeat(8000)}`, 'Bearer s_x…(8000 x)'],
    ['token with Latin-1 bytes', 'Bearer s_\u00e9\u00ff\u00a0tok', 'Bearer s_\\xe9\\xff\\xa0tok'],
    ['token with UTF-8 bytes', `Bearer ${latin1OfUtf8('s_令牌😀')}`, 'Bearer s_令牌😀 (UTF-8 bytes)'],
    ['percent-encoded token', `Bearer ${encodeURIComponent(own).replace(/_/g, '%5F')}`, 'Bearer <own token, percent-encoded>'],
    ['quoted token', `Bearer "${own}"`, 'Bearer "<own token>"'],
    ['HTML in token', 'Bearer "><script>alert(1)</script>', 'Bearer "><script>…'],
    ['Basic with a token as password', `Basic ${b64(`fuzz:${own}`)}`, 'Basic base64(fuzz:<own token>)'],
    ['Basic not base64', 'Basic !!!not*base64***', 'Basic !!!not*base64***'],
    ['Basic without colon', `Basic ${b64('just-a-user')}`, 'Basic base64(just-a-user)'],
    ['Basic of Latin-1 bytes', `Basic ${b64('us\u00e9r:p\u00e4ss', 'latin1')}`, 'Basic base64(latin1 user:pass)'],
    ['Basic of invalid UTF-8', `Basic ${Buffer.from([0x61, 0x3a, 0xff, 0xfe, 0xed, 0xa0, 0x80]).toString('base64')}`, 'Basic base64(a:\\xff\\xfe\\xed\\xa0\\x80)'],
    ['Basic empty', 'Basic ', 'Basic␠'],
    ['Basic of 10 kB', `Basic ${b64(`u:${'p'.repeat(7000)}`)}`, 'Basic base64(u:p…(7000 p))'],
    ['Digest', 'Digest username="coordinator", realm="x", nonce="1", response="2"', 'Digest username="coordinator", …'],
    ['unknown scheme', `Token ${own}`, 'Token <own token>'],
    ['duplicated header, valid first', [`Bearer ${own}`, 'Bearer garbage'], '[Bearer <own token>, Bearer garbage]'],
    ['duplicated header, garbage first', ['Bearer garbage', `Bearer ${own}`], '[Bearer garbage, Bearer <own token>]'],
  ];
  const [label, header, shown] = random.pick(variants);
  if (header === undefined) delete draft.headers.authorization;
  else draft.headers.authorization = header;
  draft.authLabel = shown;
  return label;
}

/** Routes that change queue state never carry the coordinator token, whatever the mutation. */
function refuseCoordinator(draft: Draft, fixture: Fixture): void {
  const values = ([] as string[]).concat(draft.headers.authorization ?? []);
  const carries = values.some((value) => {
    if (value.includes(fixture.tokens.coordinator)) return true;
    const basic = /^Basic\s+(\S+)/i.exec(value);
    return basic !== null && Buffer.from(basic[1], 'base64').toString('latin1').includes(fixture.tokens.coordinator);
  });
  if (carries) {
    draft.headers.authorization = `Bearer c_refused-${'z'.repeat(30)}`;
    draft.authLabel = 'Bearer c_refused-zzz… (a write on the dashboard never carries the coordinator token)';
  }
}

function mutateContentType(draft: Draft, random: Random): string {
  const text = serialize(bodyOf(draft));
  const form = 'name=%E5%BC%A0%E4%BC%9F&ids=1&ids=2&__proto__=x&constructor[prototype][a]=1&a[b][c]=d&consent=true';
  const variants: Array<[string, string | undefined, Buffer]> = [
    ['missing', undefined, Buffer.from(text)],
    ['text/plain', 'text/plain', Buffer.from(text)],
    ['charset=latin1', 'application/json; charset=latin1', Buffer.from(text, 'latin1')],
    ['charset=iso-8859-1', 'application/json; charset=iso-8859-1', Buffer.from(text, 'latin1')],
    ['charset=utf-16 with a UTF-8 body', 'application/json; charset=utf-16', Buffer.from(text)],
    ['charset=utf-16le', 'application/json; charset=utf-16le', Buffer.from(text, 'utf16le')],
    ['charset=utf-7', 'application/json; charset=utf-7', Buffer.from(text)],
    ['unknown charset', 'application/json; charset=klingon', Buffer.from(text)],
    ['quoted charset', 'application/json; charset="utf-8"', Buffer.from(text)],
    ['two charsets', 'application/json; charset=utf-8; charset=latin1', Buffer.from(text)],
    ['uppercase type', 'APPLICATION/JSON', Buffer.from(text)],
    ['vendor +json', 'application/vnd.api+json', Buffer.from(text)],
    ['xml', 'application/xml', Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')],
    ['form-urlencoded', 'application/x-www-form-urlencoded', Buffer.from(form)],
    ['form-urlencoded with JSON', 'application/x-www-form-urlencoded', Buffer.from(text)],
    ['multipart', 'multipart/form-data; boundary=XyZ', Buffer.from(`--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\n张伟\r\n--XyZ--\r\n`)],
    ['multipart without boundary', 'multipart/form-data', Buffer.from(text)],
    ['garbage', ';;;=;', Buffer.from(text)],
    ['unterminated quote', 'application/json; charset="', Buffer.from(text)],
    ['list of types', 'application/json, text/plain', Buffer.from(text)],
    ['parameter without value', 'application/json; charset', Buffer.from(text)],
    ['very long', `application/json; x=${'y'.repeat(4000)}`, Buffer.from(text)],
    ['octet-stream', 'application/octet-stream', Buffer.from(text)],
  ];
  const [label, type, bytes] = random.pick(variants);
  if (type === undefined) delete draft.headers['content-type'];
  else draft.headers['content-type'] = type;
  draft.bodyBytes = bytes;
  if (label.startsWith('charset=latin1') || label.startsWith('charset=iso')) draft.bodyNote = 'the JSON body encoded as Latin-1 (characters above U+00FF keep only their low byte)';
  if (label === 'charset=utf-16le') draft.bodyNote = 'the JSON body encoded as UTF-16LE';
  return label;
}

function mutateHeader(draft: Draft, route: RouteSpec, random: Random): string {
  const h = draft.headers;
  const variants: Array<[string, () => void]> = [
    ['header of 12 kB', () => { h['x-fuzz-pad'] = 'p'.repeat(12_000); }],
    ['headers over 16 kB', () => { h['x-fuzz-pad'] = 'p'.repeat(17_000); }],
    ['100 headers', () => { for (let index = 0; index < 100; index += 1) h[`x-fuzz-${index}`] = String(index); }],
    ['Latin-1 bytes in a header', () => { h['x-fuzz'] = '\u00e9\u00ff\u0080\u00a0'; }],
    ['UTF-8 bytes in a header', () => { h['x-fuzz'] = latin1OfUtf8('张伟😀'); }],
    ['hostile X-Request-Id', () => { h['x-request-id'] = '../../<script>\u00ff'; }],
    ['X-Request-Id of 65 chars', () => { h['x-request-id'] = 'r'.repeat(65); }],
    ['X-Request-Id repeated', () => { h['x-request-id'] = ['a', 'b']; }],
    ['X-Forwarded-For garbage', () => { h['x-forwarded-for'] = 'not-an-ip, ,,, 999.999.999.999, ::ffff:zz'; }],
    ['X-Forwarded-For 1000 hops', () => { h['x-forwarded-for'] = Array.from({ length: 1000 }, (_, index) => `10.0.${index >> 8}.${index & 255}`).join(', '); }],
    ['Forwarded garbage', () => { h.forwarded = 'for="[::1"; proto=gopher; by=;;'; }],
    ['X-Forwarded-Proto garbage', () => { h['x-forwarded-proto'] = 'gopher\u00ff'; h['x-forwarded-host'] = 'evil.example:99999'; }],
    ['Host with Latin-1', () => { h.host = 'h\u00f6st.example'; }],
    ['Host empty', () => { h.host = ''; }],
    ['Host with bad port', () => { h.host = '127.0.0.1:99999'; }],
    ['Host of 4 kB', () => { h.host = `${'a'.repeat(4000)}.example`; }],
    ['Accept HTML', () => { h.accept = 'text/html'; }],
    ['Accept garbage', () => { h.accept = '*/*;q=bogus, ;;, application/json;q=NaN'; }],
    ['Accept-Encoding garbage', () => { h['accept-encoding'] = 'gzip;q=NaN, br;q=2, *;q=-1'; }],
    ['Accept-Language of 8 kB', () => { h['accept-language'] = 'zh-CN,'.repeat(1300); }],
    ['Range garbage', () => { h.range = 'bytes=abc-def'; }],
    ['Range beyond the end', () => { h.range = 'bytes=999999999999-'; }],
    ['Range of 500 parts', () => { h.range = `bytes=${Array.from({ length: 500 }, (_, index) => `${index}-${index}`).join(',')}`; }],
    ['Range negative', () => { h.range = 'bytes=-0'; }],
    ['If-None-Match garbage', () => { h['if-none-match'] = '"\u00ff", W/, *, "'; }],
    ['If-Modified-Since garbage', () => { h['if-modified-since'] = 'Tue, 99 Foo 99999 99:99:99 GMT'; }],
    ['If-Range garbage', () => { h['if-range'] = 'not-a-date'; h.range = 'bytes=0-1'; }],
    ['Cookie garbage', () => { h.cookie = `a=\u00ff; ;;=; ${'c'.repeat(3000)}=1; __proto__=x`; }],
    ['Origin null', () => { h.origin = 'null'; }],
    ['Expect bogus', () => { h.expect = 'fuzz-continue'; }],
    ['Connection close', () => { h.connection = 'close'; }],
    ['X-HTTP-Method-Override', () => { h['x-http-method-override'] = 'DELETE'; }],
    ['Content-Type repeated', () => { h['content-type'] = ['application/json', 'text/plain']; }],
    ['Transfer-Encoding: chunked body', () => { h['transfer-encoding'] = 'chunked'; }],
    ['Upgrade to websocket', () => { h.upgrade = 'websocket'; h.connection = 'Upgrade'; }],
  ];
  const [label, apply] = random.pick(variants);
  apply();
  if (label === 'Transfer-Encoding: chunked body' && draft.body === undefined && route.method === 'GET') bodyOf(draft);
  return label;
}

// ---------------------------------------------------------------------------------------------- bodies

function mutateBodyField(draft: Draft, random: Random): string {
  const body = bodyOf(draft);
  const paths = pathsOf(body).filter((path) => !(valueAt(body, path) instanceof Raw));
  const path = random.pick(paths);
  const group = random.pick(FIELD_CLASSES);
  const hostile = random.pick(group.name === 'wrong type' ? wrongTypeFor(valueAt(body, path)) : group.values);
  draft.body = replaceAt(body, path, hostile.value);
  return `${path.join('.')} ← ${group.name}: ${hostile.label}`;
}

function mutateBodyKey(draft: Draft, random: Random): string {
  const body = bodyOf(draft);
  const objectPaths = [[], ...pathsOf(body).filter((path) => entriesOf(valueAt(body, path) as Json) !== null)];
  const where = random.pick(objectPaths);
  const at = where.length === 0 ? 'the body' : where.join('.');
  const choice = random.int(0, 9);
  const keys = (entriesOf(valueAt(body, where) as Json) ?? []).map(([key]) => key);
  if (choice <= 5 || keys.length === 0) {
    const hostile = random.pick(HOSTILE_KEYS);
    const first = random.chance(0.5);
    draft.body = addEntry(body, where, hostile.key, hostile.value, first);
    return `${hostile.label} key added ${first ? 'first' : 'last'} in ${at}`;
  }
  const key = random.pick(keys);
  if (choice <= 7) {
    draft.body = replaceAt(body, [...where, key], undefined);
    return `${at}: ${key} missing`;
  }
  if (choice === 8) {
    const hostile = random.pick(ALL_HOSTILE_VALUES.filter((value) => !(value.value instanceof Raw) || value.value.text.length < 100));
    draft.body = addEntry(body, where, key, hostile.value);
    return `${at}: ${key} twice, then ${hostile.label}`;
  }
  const entries = entriesOf(valueAt(body, where) as Json)!;
  const renamed = new Obj(entries.map(([name, value]) => [name === key ? key.toUpperCase() : name, value]));
  draft.body = where.length === 0 ? renamed : replaceAt(body, where, renamed);
  return `${at}: ${key} spelled ${key.toUpperCase()}`;
}

function mutateBodyShape(draft: Draft, random: Random): string {
  const body = bodyOf(draft);
  const variants: Array<[string, Json]> = [
    ['empty array', []],
    ['the body in an array', [body]],
    ['the body twice in an array', [body, body]],
    ['null', new Raw('null')],
    ['a string', '{"name":"张伟"}'],
    ['a number', new Raw('1e309')],
    ['true', true],
    ['empty object', {}],
    ['wrapped in data', { data: body }],
    ['nested arrays 3000 deep', deepArray(3000)],
    ['nested objects 3000 deep', deepObject(3000)],
    ['mixed nesting 3000 deep', deepMixed(3000)],
    ['nested arrays 20000 deep', deepArray(20_000)],
    ['nested objects 10000 deep', deepObject(10_000)],
    ['10000 keys', Object.fromEntries(Array.from({ length: 10_000 }, (_, index) => [`k${index}`, 1]))],
    ['only __proto__', new Obj([['__proto__', body]])],
  ];
  const [label, value] = random.pick(variants);
  draft.body = value;
  return label;
}

function mutateBodySyntax(draft: Draft, random: Random): string {
  const text = serialize(bodyOf(draft));
  const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));
  const variants: Array<[string, Buffer, string?]> = [
    ['truncated', Buffer.from(text.slice(0, Math.max(1, Math.floor(text.length / 2))))],
    ['only an opening brace', Buffer.from('{')],
    ['trailing comma', Buffer.from(text.replace(/}$/, ',}'))],
    ['single quotes', Buffer.from(text.replace(/"/g, "'"))],
    ['unquoted keys', Buffer.from(text.replace(/"(\w+)":/g, '$1:'))],
    ['NaN literal', Buffer.from(text.replace(/}$/, ',"x":NaN}'))],
    ['Infinity literal', Buffer.from(text.replace(/}$/, ',"x":-Infinity}'))],
    ['undefined literal', Buffer.from(text.replace(/}$/, ',"x":undefined}'))],
    ['comment', Buffer.from(`/* c */${text}`)],
    ['UTF-8 BOM', bytes([0xef, 0xbb, 0xbf], text)],
    ['two documents', Buffer.from(`${text}${text}`)],
    ['trailing garbage', Buffer.from(`${text}garbage`)],
    ['top-level string', Buffer.from('"\\ud800"')],
    ['bad escape', Buffer.from('{"name":"\\x41\\u12"}')],
    ['raw control character in a string', Buffer.from('{"name":"a\u0001b\u0000c"}')],
    ['raw newline in a string', Buffer.from('{"name":"a\nb"}')],
    ['empty body', Buffer.alloc(0)],
    ['whitespace only', Buffer.from(' \r\n\t ')],
    ['a NUL byte', Buffer.from([0])],
    ['invalid UTF-8 bytes in a string', bytes('{"name":"', [0xff, 0xfe, 0xc3], '"}'), '{"name":"\\xff\\xfe\\xc3"}'],
    ['overlong UTF-8', bytes('{"name":"', [0xc0, 0xaf, 0xe0, 0x80, 0xaf], '"}'), '{"name":"\\xc0\\xaf\\xe0\\x80\\xaf"}'],
    ['UTF-8-encoded surrogate', bytes('{"name":"', [0xed, 0xa0, 0x80], '"}'), '{"name":"\\xed\\xa0\\x80"}'],
    ['invalid UTF-8 in a key', bytes('{"', [0xff], '":1}'), '{"\\xff":1}'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'UTF-16LE text with a BOM'],
    ['UTF-32 BOM', bytes([0x00, 0x00, 0xfe, 0xff], text), 'UTF-32BE BOM then UTF-8 text'],
    ['binary noise', Buffer.from(Array.from({ length: 512 }, (_, index) => (index * 131 + 7) & 255)), '512 bytes of binary noise'],
    ['unbalanced nesting 3000 deep', Buffer.from('['.repeat(3000))],
    ['deep nesting without close', Buffer.from('{"a":'.repeat(3000))],
    ['number with 5000 digits', Buffer.from(`{"capacity":${'9'.repeat(5000)}}`)],
    ['string of escapes', Buffer.from(`{"name":"${'\\u0000'.repeat(10000)}"}`)],
    ['duplicate keys, 1000 times', Buffer.from(`{${Array.from({ length: 1000 }, (_, index) => `"name":${index}`).join(',')}}`)],
  ];
  const [label, value, note] = random.pick(variants);
  draft.bodyBytes = value;
  if (note) draft.bodyNote = note;
  return label;
}

/** Built once: compressing 20 MB for every request would cost more than the request. */
const once = <T>(build: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= build());
};
const gzipBomb = once(() => gzipSync(Buffer.from(`{"name":"${' '.repeat(20 * 1024 * 1024)}"}`), { level: 9 }));
const gzipDeep = once(() => gzipSync(Buffer.from('['.repeat(50_000) + ']'.repeat(50_000))));

function mutateEncoding(draft: Draft, random: Random): string {
  const plain = Buffer.from(serialize(bodyOf(draft)));
  const gz = () => gzipSync(plain);
  const variants: Array<[string, string, () => Buffer, string]> = [
    ['gzip', 'gzip', gz, 'gzip of the JSON body'],
    ['deflate', 'deflate', () => deflateSync(plain), 'deflate (zlib) of the JSON body'],
    ['raw deflate', 'deflate', () => deflateRawSync(plain), 'raw deflate (no zlib header) of the JSON body'],
    ['brotli', 'br', () => brotliCompressSync(plain), 'brotli of the JSON body'],
    ['x-gzip', 'x-gzip', gz, 'gzip of the JSON body'],
    ['uppercase GZIP', 'GZIP', gz, 'gzip of the JSON body'],
    ['gzip label, plain body', 'gzip', () => plain, 'the plain JSON body'],
    ['deflate label, plain body', 'deflate', () => plain, 'the plain JSON body'],
    ['truncated gzip', 'gzip', () => gz().subarray(0, Math.floor(gz().length / 2)), 'the first half of a gzip of the JSON body'],
    ['gzip, gzip (compressed once)', 'gzip, gzip', gz, 'gzip of the JSON body'],
    ['gzip twice', 'gzip, gzip', () => gzipSync(gz()), 'gzip of a gzip of the JSON body'],
    ['gzip bomb (20 MB inflated)', 'gzip', gzipBomb, 'gzip (about 20 kB) of a 20 MB JSON body'],
    ['unsupported zstd', 'zstd', () => plain, 'the plain JSON body'],
    ['unknown coding', 'fuzz', () => plain, 'the plain JSON body'],
    ['identity', 'identity', () => plain, 'the plain JSON body'],
    ['empty coding', '', () => plain, 'the plain JSON body'],
    ['gzip of invalid JSON', 'gzip', () => gzipSync(Buffer.from('{"name":')), 'gzip of {"name":'],
    ['gzip of a deep nesting', 'gzip', gzipDeep, 'gzip of 50000 nested arrays'],
    ['gzip, empty body', 'gzip', () => Buffer.alloc(0), 'no bytes'],
  ];
  const [label, coding, bytes, note] = random.pick(variants);
  draft.headers['content-encoding'] = coding;
  draft.bodyBytes = bytes();
  draft.bodyNote = note;
  return label;
}

// ---------------------------------------------------------------------------------------------- output

function finish(index: number, route: RouteSpec, kind: Kind, variant: string, draft: Draft): FuzzRequest {
  let path = draft.pathOverride ?? builtPath(route, draft.params);
  const query = draft.rawQuery ?? draft.query.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
  if (query !== '') path += `${path.includes('?') ? '&' : '?'}${query}`;
  const body = draft.bodyBytes ?? (draft.body === undefined ? undefined : Buffer.from(serialize(draft.body)));
  return {
    index,
    route: routeName(route),
    kind,
    variant,
    method: draft.method,
    path,
    headers: draft.headers,
    authLabel: draft.authLabel,
    body,
    bodyNote: draft.bodyNote,
  };
}

/** Messages node:http would refuse to write, or would write correctly: framing, request lines, smuggling. */
function rawRequest(request: FuzzRequest, draft: Draft, random: Random): FuzzRequest {
  const target = request.path;
  const auth = typeof draft.headers.authorization === 'string' ? `Authorization: ${draft.headers.authorization}\r\n` : '';
  const body = request.body ?? Buffer.from(serialize(GENERIC_BODY));
  const host = 'Host: 127.0.0.1\r\n';
  const common = `${host}${auth}Connection: close\r\n`;
  const json = 'Content-Type: application/json\r\n';
  const chunked = (size: number) => {
    const parts: Buffer[] = [];
    for (let start = 0; start < body.length; start += size) {
      const piece = body.subarray(start, start + size);
      parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
    }
    return Buffer.concat([...parts, Buffer.from('0\r\n\r\n')]);
  };
  const m = request.method;
  const variants: Array<[string, () => Buffer]> = [
    ['space in the target', () => Buffer.from(`${m} ${target}/a b HTTP/1.1\r\n${common}\r\n`)],
    ['tab in the target', () => Buffer.from(`${m} ${target}\tx HTTP/1.1\r\n${common}\r\n`)],
    ['NUL in the target', () => Buffer.from(`${m} ${target}\u0000x HTTP/1.1\r\n${common}\r\n`)],
    ['raw UTF-8 in the target', () => Buffer.concat([Buffer.from(`${m} ${target}/`), Buffer.from('张伟😀'), Buffer.from(` HTTP/1.1\r\n${common}\r\n`)])],
    ['bare LF line endings', () => Buffer.from(`${m} ${target} HTTP/1.1\n${common.replace(/\r\n/g, '\n')}\n`)],
    ['header without a colon', () => Buffer.from(`${m} ${target} HTTP/1.1\r\n${common}X-Broken header\r\n\r\n`)],
    ['obsolete line folding', () => Buffer.from(`${m} ${target} HTTP/1.1\r\n${common}X-Folded: a\r\n b\r\n\r\n`)],
    ['space before the colon', () => Buffer.from(`${m} ${target} HTTP/1.1\r\n${common}Content-Type : application/json\r\n\r\n`)],
    ['CR inside a header value', () => Buffer.from(`${m} ${target} HTTP/1.1\r\n${common}X-Fuzz: a\rb\r\n\r\n`)],
    ['two different Content-Lengths', () => Buffer.concat([Buffer.from(`POST ${target} HTTP/1.1\r\n${common}${json}Content-Length: ${body.length}\r\nContent-Length: 1\r\n\r\n`), body])],
    ['Content-Length and chunked', () => Buffer.concat([Buffer.from(`POST ${target} HTTP/1.1\r\n${common}${json}Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n`), chunked(64)])],
    ['negative Content-Length', () => Buffer.from(`POST ${target} HTTP/1.1\r\n${common}${json}Content-Length: -1\r\n\r\n`)],
    ['non-numeric Content-Length', () => Buffer.from(`POST ${target} HTTP/1.1\r\n${common}${json}Content-Length: 1e3\r\n\r\n`)],
    ['invalid chunk size', () => Buffer.from(`POST ${target} HTTP/1.1\r\n${common}${json}Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`)],
    ['chunk extension garbage', () => Buffer.from(`POST ${target} HTTP/1.1\r\n${common}${json}Transfer-Encoding: chunked\r\n\r\n2;\u0001=\u00ff\r\n{}\r\n0\r\n\r\n`)],
    ['unknown Transfer-Encoding', () => Buffer.concat([Buffer.from(`POST ${target} HTTP/1.1\r\n${common}${json}Transfer-Encoding: fuzz\r\n\r\n`), body])],
    ['JSON body in 1-byte chunks', () => Buffer.concat([Buffer.from(`${m === 'GET' ? 'POST' : m} ${target} HTTP/1.1\r\n${common}${json}Transfer-Encoding: chunked\r\n\r\n`), chunked(1)])],
    ['chunked body with trailers', () => Buffer.concat([Buffer.from(`${m} ${target} HTTP/1.1\r\n${common}${json}Transfer-Encoding: chunked\r\n\r\n`), chunked(512).subarray(0, -2), Buffer.from('X-Trailer: \u00ff\r\n\r\n')])],
    ['absolute-form target', () => Buffer.from(`${m} http://evil.example${target} HTTP/1.1\r\n${common}\r\n`)],
    ['asterisk-form target', () => Buffer.from(`OPTIONS * HTTP/1.1\r\n${common}\r\n`)],
    ['HTTP/1.0 without Host', () => Buffer.from(`${m} ${target} HTTP/1.0\r\n${auth}\r\n`)],
    ['HTTP/1.1 without Host', () => Buffer.from(`${m} ${target} HTTP/1.1\r\n${auth}Connection: close\r\n\r\n`)],
    ['two Host headers', () => Buffer.from(`${m} ${target} HTTP/1.1\r\n${common}Host: evil.example\r\n\r\n`)],
    ['HTTP/9.9', () => Buffer.from(`${m} ${target} HTTP/9.9\r\n${common}\r\n`)],
    ['HTTP/2 preface', () => Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')],
    ['lowercase method', () => Buffer.from(`${m.toLowerCase()} ${target} HTTP/1.1\r\n${common}\r\n`)],
    ['TLS ClientHello', () => Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03])],
    ['request line of 20 kB', () => Buffer.from(`${m} ${target}?${'q'.repeat(20_000)} HTTP/1.1\r\n${common}\r\n`)],
    ['pipelined second request hostile', () => Buffer.from(`GET /health HTTP/1.1\r\n${host}\r\n${m} ${target}/%ZZ HTTP/1.1\r\n${common}\r\n`)],
    ['pipelined bodies', () => Buffer.concat([Buffer.from(`POST ${target} HTTP/1.1\r\n${host}${auth}${json}Content-Length: ${body.length}\r\n\r\n`), body, Buffer.from(`POST ${target} HTTP/1.1\r\n${common}${json}Content-Length: 2\r\n\r\n[]`)])],
  ];
  const [label, build] = random.pick(variants);
  return { ...request, variant: label, raw: build(), authLabel: request.authLabel };
}
