import { AUDIT_ACTION_NAMES } from '@app/contracts';
import { describeWrite, targetText } from './audit-describe';

describe('what an audit entry says of a write', () => {
  it('names the staff member written to by the route or by the answer, and the fields an update sent', () => {
    expect(describeWrite('create_staff', { params: {}, body: { name: '李老师', email: 'li@example.edu', role: 'coordinator' }, result: { id: 7 } }))
      .toEqual({ cohortId: null, target: { kind: 'staff', ids: [7] }, summary: '添加：name、email、role' });
    expect(describeWrite('disable_staff', { params: { staffId: '7' }, body: {}, result: { id: 7 } }))
      .toEqual({ cohortId: null, target: { kind: 'staff', ids: [7] }, summary: '停用' });
  });

  it('names a personal API token by its id, never by the secret its creation answers with', () => {
    const created = describeWrite('create_token', { params: {}, body: { label: '周报脚本' }, result: { id: 3, token: 's_secret' } });
    expect(created).toEqual({ cohortId: null, target: { kind: 'token', ids: [3] }, summary: '创建个人 API 令牌 #3' });
    expect(JSON.stringify(created)).not.toContain('s_secret');
    expect(describeWrite('revoke_token', { params: { tokenId: '3' }, body: {}, result: undefined }).summary).toBe('撤销个人 API 令牌 #3');
  });

  it('leaves a target-only route\'s cohort to be looked up, and keeps what a coordinator wrote out of the summary', () => {
    const cancel = describeWrite('cancel_match', { params: { matchId: '12' }, body: { reason: '王小明另有安排' }, result: { studentId: 3, mentorId: 4 } });
    expect(cancel.cohortId).toBeUndefined();
    expect(targetText(cancel.target)).toBe('match:12');
    expect(cancel.summary).toBe('取消 生友 #3 → 师友 #4');
    const review = describeWrite('review_applications', { params: { cohortId: '2' }, body: { ids: [5, 6], decision: 'rejected', note: '王小明材料不全' }, result: { updated: 1 }, role: 'student' });
    expect(review).toEqual({ cohortId: 2, target: { kind: 'student-applications', ids: [5, 6] }, summary: '未通过 2 份生友申请，1 份状态改变，附审核意见' });
  });

  it('describes every action of the contract', () => {
    for (const action of AUDIT_ACTION_NAMES) {
      const entry = describeWrite(action, { params: { cohortId: '1', matchId: '2', surveyId: '3', notificationId: '4', staffId: '5', tokenId: '6' }, body: {}, result: { id: 9 } });
      expect(targetText(entry.target)).toMatch(/^[a-z-]+:[\d,]*$/);
      expect(entry.summary.length).toBeGreaterThan(0);
    }
  });
});
