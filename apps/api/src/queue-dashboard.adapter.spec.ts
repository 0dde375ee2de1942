import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withoutForeignLinks } from './queue-dashboard.adapter';

describe('withoutForeignLinks', () => {
  const page = readFileSync(join(require.resolve('@bull-board/ui/package.json'), '..', 'dist', 'index.ejs'), 'utf8');

  it("drops bull-board's Google Fonts link and keeps its own stylesheet, icons and scripts", () => {
    expect(page).toContain('fonts.googleapis.com');
    const served = withoutForeignLinks(page);
    expect(served).not.toMatch(/fonts\.(googleapis|gstatic)\.com/);
    expect(served).toMatch(/<link href="static\/css\/main\.[^"]+\.css" rel="stylesheet">/);
    expect(served).toContain('<link rel="icon" type="image/svg+xml"');
    expect(served.match(/<script\b/g)?.length).toBe(page.match(/<script\b/g)?.length);
  });

  it('drops links to any other host, protocol-relative or not, and none of this host', () => {
    const html = '<link rel="preconnect" href="https://fonts.gstatic.com"><link href=//cdn.example/x.css rel=stylesheet><link href="/own.css" rel="stylesheet">';
    expect(withoutForeignLinks(html)).toBe('<link href="/own.css" rel="stylesheet">');
  });
});
