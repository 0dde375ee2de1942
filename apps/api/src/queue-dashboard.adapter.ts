import type { AppViewRoute } from '@bull-board/api/typings/app';
import { ExpressAdapter } from '@bull-board/express';
import { NextFunction, Request, Response } from 'express';

/**
 * bull-board serves the dashboard from an Express app of its own, which announces `X-Powered-By: Express`
 * although the API's app does not: this one is told not to. Its page also links IBM Plex from Google Fonts,
 * which would tell Google who opens the dashboard and when, and breaks it where that host is unreachable: the
 * page is sent without links to other hosts, and its stylesheet's own fallbacks (system-ui, ui-monospace) show.
 */
export class QueueDashboardAdapter extends ExpressAdapter {
  constructor() {
    super();
    this.app.disable('x-powered-by');
  }

  override setEntryRoute(routeDef: AppViewRoute): this {
    this.app[routeDef.method](routeDef.route, (_request: Request, response: Response, next: NextFunction) => {
      const { name, params } = routeDef.handler({ basePath: this.basePath, uiConfig: this.uiConfig });
      response.render(name, params, (error: Error | null, html: string) => (error ? next(error) : response.send(withoutForeignLinks(html))));
    });
    return this;
  }
}

/** The page without `<link>`s to another host (stylesheets, fonts, preconnects): everything it needs is served here. */
export function withoutForeignLinks(html: string): string {
  return html.replace(/<link\b[^>]*\bhref=["']?(?:https?:)?\/\/[^>]*>\s*/gi, '');
}
