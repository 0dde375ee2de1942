import type { Bilingual, CheckInAnswer, EndReason } from '@app/contracts';

/** The server's words for a pair's check-in answers and end reasons (emails and exports); the pages have their catalogs. */

export const CHECK_IN_ANSWER_WORDS: Record<CheckInAnswer, Bilingual> = {
  on_track: { zh: '已见面，进展顺利', en: 'We met, all going well' },
  not_yet: { zh: '还没见面', en: 'We have not met yet' },
  need_help: { zh: '需要协调员帮助', en: 'I need a coordinator’s help' },
};

export const END_REASON_WORDS: Record<EndReason, Bilingual> = {
  goals_met: { zh: '目标已达成', en: 'goals met' },
  no_time: { zh: '时间不够', en: 'no time' },
  not_a_fit: { zh: '不太合适', en: 'not a good fit' },
  no_response: { zh: '对方没有回应', en: 'no response' },
  other: { zh: '其他原因', en: 'other reason' },
};
