import { ExpressAdapter } from '@bull-board/express';

/**
 * bull-board serves the dashboard from an Express app of its own, which announces `X-Powered-By: Express`
 * although the API's app does not: this one is told not to.
 */
export class QueueDashboardAdapter extends ExpressAdapter {
  constructor() {
    super();
    this.app.disable('x-powered-by');
  }
}
