import { checkInLinkFromHash } from './use-check-in-link';

describe('the check-in link of an email', () => {
  it('reads the token and the answer the button stood for', () => {
    expect(checkInLinkFromHash('#token=ci_abc-123&answer=need_help')).toEqual({ token: 'ci_abc-123', answer: 'need_help' });
  });

  it('takes no answer that is not one of the three, and an empty token when there is none', () => {
    expect(checkInLinkFromHash('#token=abc&answer=maybe')).toEqual({ token: 'abc', answer: null });
    expect(checkInLinkFromHash('#answer=on_track')).toEqual({ token: '', answer: 'on_track' });
    expect(checkInLinkFromHash('')).toEqual({ token: '', answer: null });
  });
});
