import { RequestMethod } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ApiModule } from '../api.module';
import { CoordinatorGuard } from '../auth/coordinator.guard';
import { AUDIT_METADATA } from './audit.decorator';

type Handler = (...args: unknown[]) => unknown;

/** Every coordinator route that is not a GET, as `POST api/cohorts/:cohortId/open`, with its `@Audit` action. */
function staffWrites(): Array<{ route: string; action: string | undefined }> {
  const controllers = Reflect.getMetadata('controllers', ApiModule) as Array<new (...args: never[]) => object>;
  return controllers.flatMap((controller) => {
    const classGuards = (Reflect.getMetadata(GUARDS_METADATA, controller) ?? []) as unknown[];
    const prefix = Reflect.getMetadata(PATH_METADATA, controller) as string;
    return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
      const handler = (controller.prototype as Record<string, Handler>)[name];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined || method === RequestMethod.GET) return [];
      const guards = [...classGuards, ...((Reflect.getMetadata(GUARDS_METADATA, handler) ?? []) as unknown[])];
      if (!guards.includes(CoordinatorGuard)) return [];
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string;
      return [{ route: `${RequestMethod[method]} ${prefix}/${path}`, action: (Reflect.getMetadata(AUDIT_METADATA, handler) as { action: string } | undefined)?.action }];
    });
  });
}

describe('the audit of staff writes', () => {
  it('covers every coordinator route that writes: each names its action', () => {
    const writes = staffWrites();
    expect(writes.map((write) => write.route)).toEqual(expect.arrayContaining(['POST api/cohorts/:cohortId/open', 'PUT api/surveys/:surveyId', 'PATCH api/cohorts/:cohortId']));
    expect(writes.filter((write) => !write.action).map((write) => write.route)).toEqual([]);
  });
});
