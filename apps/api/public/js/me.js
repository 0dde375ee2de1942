/* `/me#token=…`: the applicant's page. The token stays in the fragment and only travels in the Authorization header. */
(function () {
  'use strict';
  SY.addMessages({
    zh: {
      'me.title': '我的页面 · 师友计划', 'me.heading': '我的页面', 'me.noToken': '链接不完整：缺少个人令牌。请从邮件中重新打开个人链接。',
      'me.application': '我的报名', 'me.cohort': '期次', 'me.status': '状态', 'me.choices': '我的志愿', 'me.noChoices': '未选择师友，将按匹配度推荐。',
      'me.editChoices': '修改志愿', 'me.saveChoices': '保存志愿', 'me.saved': '已保存。', 'me.cancel': '取消', 'me.closedChoices': '本期已截止，志愿不能再修改。',
      'me.withdraw': '撤回报名', 'me.withdrawConfirm': '确定撤回报名吗？撤回后不会再参与匹配，进行中的匹配也会取消。', 'me.withdrawn': '报名已撤回。',
      'me.matches': '匹配', 'me.noMatches': '暂无匹配结果。匹配开始后会发邮件通知您。', 'me.contact': '联系方式', 'me.deadline': '回复截止', 'me.choiceRank': '第 {n} 志愿',
      'me.proposals': '推荐给我的学生', 'me.noProposals': '暂时没有推荐给您的学生。', 'me.accept': '接受', 'me.decline': '婉拒', 'me.reason': '婉拒原因', 'me.note': '补充说明（可选）',
      'me.reason.no_capacity': '名额已满', 'me.reason.not_a_fit': '方向不太匹配', 'me.reason.unavailable': '近期时间不便', 'me.reason.other': '其他',
      'me.accepted': '已接受。学生的联系方式如下，我们也已发邮件通知双方。', 'me.declined': '已婉拒。该学生会进入下一轮匹配。',
      'me.card': '学生卡片', 'me.enrollment': '{year} 级',
      'me.lastRound': '第 {n} 轮匹配说明',
    },
    en: {
      'me.title': 'My page · Mentorship', 'me.heading': 'My page', 'me.noToken': 'This link is incomplete: the personal token is missing. Please open the personal link from your email again.',
      'me.application': 'My application', 'me.cohort': 'Cohort', 'me.status': 'Status', 'me.choices': 'My choices', 'me.noChoices': 'No mentor picked: you will be matched by compatibility.',
      'me.editChoices': 'Change choices', 'me.saveChoices': 'Save choices', 'me.saved': 'Saved.', 'me.cancel': 'Cancel', 'me.closedChoices': 'This cohort is closed: choices can no longer change.',
      'me.withdraw': 'Withdraw application', 'me.withdrawConfirm': 'Withdraw your application? You will take no further part in matching and any open match is cancelled.', 'me.withdrawn': 'Your application is withdrawn.',
      'me.matches': 'Matches', 'me.noMatches': 'No match yet. We will email you once matching starts.', 'me.contact': 'Contact', 'me.deadline': 'Answer by', 'me.choiceRank': 'Choice #{n}',
      'me.proposals': 'Students proposed to me', 'me.noProposals': 'No student has been proposed to you yet.', 'me.accept': 'Accept', 'me.decline': 'Decline', 'me.reason': 'Reason', 'me.note': 'Note (optional)',
      'me.reason.no_capacity': 'No capacity left', 'me.reason.not_a_fit': 'Not a good fit', 'me.reason.unavailable': 'Unavailable at the moment', 'me.reason.other': 'Other',
      'me.accepted': 'Accepted. The student\'s contact is below; we have emailed you both.', 'me.declined': 'Declined. The student stays in the pool for the next round.',
      'me.card': 'Student card', 'me.enrollment': 'Class of {year}',
      'me.lastRound': 'About round {n}',
    },
  });
  var REASONS = ['no_capacity', 'not_a_fit', 'unavailable', 'other'];
  var h = SY.h;
  var content = document.getElementById('content');
  var message = document.getElementById('message');
  var token = new URLSearchParams(location.hash.slice(1)).get('token');
  var state = { profile: null, proposals: null, mentors: null, notice: null };

  function call(path, options) { return SY.api(path, Object.assign({ token: token }, options || {})); }

  function fail(error) { SY.showMessage(message, SY.describeError(error)); window.scrollTo(0, 0); }

  function status(value) { return h('strong', { class: 'status', 'data-status': value, text: SY.t('status.' + value) }); }

  function contactCard(contact) {
    return h('div', { class: 'notice ok contact' }, [
      h('strong', { text: SY.t('me.contact') + '：' + contact.name }), h('br'), contact.headline, h('br'),
      h('a', { href: 'mailto:' + contact.email, text: contact.email }), contact.phone ? ' · ' + contact.phone : null,
    ]);
  }

  function mentorName(id) {
    var mentor = (state.mentors || []).filter(function (m) { return m.id === id; })[0];
    return mentor ? mentor.displayName + ' · ' + mentor.organization : '#' + id;
  }

  function applicationCard() {
    var profile = state.profile;
    return h('section', { class: 'card' }, [
      h('h2', { text: SY.t('me.application') + '：' + profile.application.name }),
      h('p', {}, [SY.t('me.cohort') + '：' + profile.cohort.name + ' (', SY.t('status.' + profile.cohort.status), ')']),
      h('p', {}, [SY.t('me.status') + '：', status(profile.application.status)]),
    ]);
  }

  function choicesSection() {
    var profile = state.profile;
    var choices = profile.application.choices;
    var section = h('section', { class: 'card', id: 'choices' }, [h('h2', { text: SY.t('me.choices') })]);
    section.appendChild(choices.length === 0 ? h('p', { class: 'muted', text: SY.t('me.noChoices') })
      : h('ol', {}, choices.map(function (id) { return h('li', { text: mentorName(id) }); })));
    var editable = profile.cohort.status === 'open' && profile.application.status !== 'withdrawn';
    if (!editable) {
      if (profile.cohort.status !== 'open') section.appendChild(h('p', { class: 'muted', text: SY.t('me.closedChoices') }));
      return section;
    }
    section.appendChild(h('button', { type: 'button', class: 'secondary', id: 'edit-choices', text: SY.t('me.editChoices'), onclick: function () { editChoices(section); } }));
    return section;
  }

  function editChoices(section) {
    var holder = h('div');
    var error = h('div', { class: 'notice error', hidden: true });
    var picker = null;
    section.replaceChildren(h('h2', { text: SY.t('me.choices') }), holder, error, h('div', { class: 'actions' }, [
      h('button', { type: 'button', id: 'save-choices', text: SY.t('me.saveChoices'), onclick: function () {
        call('/api/me/choices', { method: 'PUT', body: { choices: picker.getChoices() } })
          .then(function () { state.notice = SY.t('me.saved'); return reload(); })
          .catch(function (e) { SY.showMessage(error, e.status === 400 ? e.message : SY.describeError(e)); });
      } }),
      h('button', { type: 'button', class: 'secondary', text: SY.t('me.cancel'), onclick: render }),
    ]));
    SY.loadMentorPicker(holder, state.profile.cohort.id, state.profile.cohort.maxChoices, state.profile.application.choices)
      .then(function (loaded) { picker = loaded; }, fail);
  }

  function studentMatches() {
    var matches = state.profile.matches;
    return h('section', { class: 'card', id: 'matches' }, [h('h2', { text: SY.t('me.matches') })].concat(matches.length === 0
      ? [h('p', { class: 'muted', text: SY.t('me.noMatches') })]
      : matches.map(function (match) {
        return h('div', { class: 'match', 'data-match-id': match.id }, [
          h('h3', { text: match.mentor.displayName + ' · ' + match.mentor.organization + ' ' + match.mentor.title }),
          h('p', {}, [status(match.status), match.choiceRank ? ' · ' + SY.t('me.choiceRank', { n: match.choiceRank }) : null,
            match.status === 'proposed' ? ' · ' + SY.t('me.deadline') + ' ' + SY.chinaTime(match.respondBy) : null]),
          match.contact ? contactCard(match.contact) : null,
        ]);
      })));
  }

  /** Why the last round placed the student where it did, in plain words (one line per mentor ranked higher). */
  function lastRound() {
    var round = state.profile.lastRound;
    if (!round) return null;
    var lang = SY.lang();
    return h('section', { class: 'card', id: 'last-round' }, [
      h('h2', { text: SY.t('me.lastRound', { n: round.roundNumber }) }),
      h('p', { text: round.summary[lang] }),
      round.reasons.length ? h('ol', {}, round.reasons.map(function (reason) { return h('li', { text: reason.text[lang] }); })) : null,
    ]);
  }

  function withdrawButton() {
    if (state.profile.application.status === 'withdrawn') return null;
    return h('div', { class: 'actions' }, [h('button', { type: 'button', class: 'secondary', id: 'withdraw', text: SY.t('me.withdraw'), onclick: function () {
      if (!window.confirm(SY.t('me.withdrawConfirm'))) return;
      call('/api/me/withdraw', { method: 'POST' }).then(function () { state.notice = SY.t('me.withdrawn'); return reload(); }).catch(fail);
    } })]);
  }

  function declineForm(proposal) {
    var id = 'p' + proposal.id;
    var reason = h('select', { id: id + '-reason', name: 'reason' }, REASONS.map(function (value) { return h('option', { value: value, text: SY.t('me.reason.' + value) }); }));
    var note = h('input', { type: 'text', id: id + '-note', name: 'note', maxlength: 1000 });
    var form = h('form', { class: 'inline-form decline-form' }, [
      h('div', { class: 'field' }, [h('label', { for: reason.id, text: SY.t('me.reason') }), reason]),
      h('div', { class: 'field' }, [h('label', { for: note.id, text: SY.t('me.note') }), note]),
      h('button', { type: 'submit', class: 'secondary', text: SY.t('me.decline') }),
    ]);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var body = { reason: reason.value };
      if (note.value.trim()) body.note = note.value.trim();
      respond(proposal, 'decline', body, SY.t('me.declined'));
    });
    return form;
  }

  function respond(proposal, action, body, done) {
    call('/api/me/proposals/' + proposal.id + '/' + action, { method: 'POST', body: body })
      .then(function () { state.notice = done; return reload(); })
      .catch(fail);
  }

  function proposalCard(proposal) {
    var student = proposal.student;
    return h('article', { class: 'card proposal', 'data-match-id': proposal.id }, [
      h('h3', { text: SY.t('me.card') + ' · ' + student.college + ' · ' + student.major + ' · ' + SY.t('me.enrollment', { year: student.enrollmentYear }) }),
      SY.chips(student.topics),
      h('p', { text: student.statement }),
      h('p', {}, [status(proposal.status), proposal.status === 'proposed' ? ' · ' + SY.t('me.deadline') + ' ' + SY.chinaTime(proposal.respondBy) : null]),
      proposal.contact ? contactCard(proposal.contact) : null,
      proposal.status === 'proposed' ? h('div', { class: 'actions' }, [
        h('button', { type: 'button', class: 'accept', text: SY.t('me.accept'), onclick: function () { respond(proposal, 'accept', undefined, SY.t('me.accepted')); } }),
      ]) : null,
      proposal.status === 'proposed' ? declineForm(proposal) : null,
    ]);
  }

  function render() {
    if (!state.profile) return;
    var notice = state.notice ? h('div', { class: 'notice ok', role: 'status', id: 'notice', text: state.notice }) : null;
    var parts = [notice, applicationCard()];
    if (state.profile.role === 'student') parts.push(studentMatches(), lastRound(), choicesSection());
    else parts.push(h('section', { id: 'proposals' }, [h('h2', { text: SY.t('me.proposals') })].concat(state.proposals.length === 0
      ? [h('p', { class: 'muted', text: SY.t('me.noProposals') })] : state.proposals.map(proposalCard))));
    parts.push(withdrawButton());
    content.replaceChildren.apply(content, parts.filter(Boolean));
  }

  function reload() {
    SY.showMessage(message, '');
    return call('/api/me').then(function (profile) {
      state.profile = profile;
      if (profile.role === 'mentor') return call('/api/me/proposals').then(function (proposals) { state.proposals = proposals; });
      return SY.api('/api/public/cohorts/' + profile.cohort.id + '/mentors').then(function (mentors) { state.mentors = mentors; });
    }).then(render);
  }

  SY.onLangChange(render);
  SY.initPage();
  if (!token) { SY.showMessage(message, SY.t('me.noToken')); document.getElementById('loading').hidden = true; return; }
  reload().catch(fail).then(function () { document.getElementById('loading').hidden = true; });
})();
