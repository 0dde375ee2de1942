import type { MeSurvey, SurveyAnswer } from '@app/contracts';
import { api } from '@/api/client';

/** The applicant's surveys (`/api/me/surveys`), with the personal token in the Authorization header only, as /me does. */
export function meSurveysApi(token: string) {
  return {
    list: (signal?: AbortSignal) => api<MeSurvey[]>('GET', '/api/me/surveys', { token, signal }),
    answer: (surveyId: number, answers: Record<string, SurveyAnswer>, shareName: boolean) =>
      api<MeSurvey>('PUT', `/api/me/surveys/${surveyId}/response`, { token, body: { answers, shareName } }),
  };
}
