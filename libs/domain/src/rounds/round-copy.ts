import { AssignmentExplanation, Bilingual } from '@app/contracts';
import { StoredExplanation } from '@app/database';
import { ExplanationReason, NOT_IN_ROUND, ReasonCode } from '@app/matching';

/** The words a student reads about a round's outcome, in Chinese and English: worded from the stored codes when read. */

type Language = keyof Bilingual;

const EXCLUSION_WORDS: Record<string, Record<Language, string>> = {
  declined_before: { zh: '这位师友此前已婉拒与您匹配', en: 'this mentor declined a match with you before' },
  expired_before: { zh: '这位师友此前未在期限内回复与您的匹配', en: 'this mentor let an earlier match with you expire' },
  ended_before: { zh: '您与这位师友的师友关系此前已结束', en: 'your pair with this mentor ended before' },
  not_approved: { zh: '这位师友目前不在本期可匹配名单中', en: 'this mentor is not taking part in this round' },
  no_capacity: { zh: '这位师友已没有剩余名额', en: 'this mentor has no places left' },
  [NOT_IN_ROUND]: { zh: '这位师友目前不在本期可匹配名单中', en: 'this mentor is not taking part in this round' },
};

/** Plain words for a student about why it did not get one mentor. */
export function describeReason(reason: Pick<ExplanationReason, 'reason' | 'exclusion'>, lang: Language): string {
  switch (reason.reason) {
    case 'full':
      return lang === 'zh'
        ? '这位师友的名额已满，已由其排序更靠前的生友获得'
        : "this mentor's places all went to students the mentor ranked higher";
    case 'no_capacity':
      return EXCLUSION_WORDS.no_capacity[lang];
    case 'not_acceptable':
      return lang === 'zh' ? '您与这位师友未在彼此的名单中' : 'you and this mentor did not both list each other';
    case 'excluded': {
      const words = reason.exclusion === undefined ? undefined : EXCLUSION_WORDS[reason.exclusion];
      return words?.[lang] ?? (lang === 'zh' ? '这位师友本轮未参与与您的匹配' : 'this mentor was not available to you in this round');
    }
  }
}

/**
 * The headline of a student's outcome, above the reasons for each mentor ranked higher. A placed student's reasons are
 * the mentors above the one it got (explain.ts), so that mentor is #reasons + 1 on its list.
 */
function summaryOf(reasons: number, matched: boolean): Bilingual {
  if (matched && reasons === 0) return { zh: '匹配到了您的第一志愿。', en: 'Matched with your first choice.' };
  if (matched) {
    return { zh: `匹配到了您名单上的第 ${reasons + 1} 位师友；排在前面的师友原因如下。`, en: `Matched with mentor #${reasons + 1} on your list; the reasons for those above follow.` };
  }
  if (reasons === 0) {
    return { zh: '本轮没有可匹配的师友（未填写志愿，且没有足够契合的师友）。', en: 'No mentor could be considered this round (no choices and no compatible mentor).' };
  }
  return { zh: '本轮未能匹配；您名单上的每位师友的原因如下。您将进入下一轮。', en: 'Not matched this round; the reason for each mentor on your list follows. You stay in the pool.' };
}

/** A stored explanation in words (rows stored with words of their own are worded afresh from their codes alike). */
export function explanationView(stored: StoredExplanation, matched: boolean): AssignmentExplanation {
  return {
    summary: summaryOf(stored.reasons.length, matched),
    reasons: stored.reasons.map(({ mentorId, rank, reason, cutoffRank, exclusion }) => ({
      mentorId,
      rank,
      reason,
      ...(cutoffRank !== undefined && { cutoffRank }),
      ...(exclusion !== undefined && { exclusion }),
      text: { zh: describeReason({ reason: reason as ReasonCode, exclusion }, 'zh'), en: describeReason({ reason: reason as ReasonCode, exclusion }, 'en') },
    })),
    ...(stored.score && { score: stored.score }),
  };
}
