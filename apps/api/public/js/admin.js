/* `/admin`: the coordinator dashboard. The token lives in sessionStorage and travels only as a Bearer header. */
(function () {
  'use strict';
  SY.addMessages({
    zh: {
      'admin.title': '协调员控制台 · 师友计划', 'admin.heading': '协调员控制台', 'admin.signIn': '协调员登录', 'admin.token': '协调员令牌',
      'admin.tokenRule': '由 npm run cli -- coordinator:create 生成；仅保存在本标签页中', 'admin.signInButton': '登录', 'admin.signOut': '退出', 'admin.queues': '队列看板',
      'admin.badToken': '令牌不正确或已失效。', 'admin.cohorts': '期次', 'admin.cohortName': '名称', 'admin.maxChoices': '最多志愿数（1–10）', 'admin.window': '回复时限（小时）',
      'admin.create': '新建期次', 'admin.open': '开放报名', 'admin.close': '截止报名', 'admin.manage': '管理', 'admin.status': '状态', 'admin.actions': '操作',
      'admin.tab.applications': '报名审核', 'admin.tab.rounds': '匹配轮次', 'admin.tab.matches': '匹配', 'admin.tab.notifications': '通知',
      'admin.mentors': '师友', 'admin.students': '学生', 'admin.filter': '状态筛选', 'admin.all': '全部', 'admin.approve': '批准所选', 'admin.reject': '拒绝所选',
      'admin.selectAll': '全选', 'admin.select': '选择', 'admin.none': '没有记录。', 'admin.reviewed': '已处理 {n} 份申请。', 'admin.name': '姓名', 'admin.detail': '信息',
      'admin.dryRun': '预览（试运行）', 'admin.realRound': '正式匹配并发送邀请', 'admin.roundRunning': '第 {n} 轮运行中…', 'admin.round': '第 {n} 轮', 'admin.preview': '（预览）',
      'admin.students.n': '学生', 'admin.mentors.n': '有名额的师友', 'admin.matched': '已匹配', 'admin.unmatched': '未匹配', 'admin.fill': '师友名额使用率',
      'admin.byChoice': '获得第几志愿', 'admin.choiceN': '第 {n} 志愿', 'admin.filled': '按匹配度补位', 'admin.unmatchedReasons': '未匹配原因', 'admin.student': '学生',
      'admin.reason': '原因', 'admin.rounds': '历史轮次', 'admin.roundFailed': '本轮失败：',
      'admin.exportCsv': '导出 CSV', 'admin.history': '历史', 'admin.mentor': '师友', 'admin.rank': '志愿', 'admin.respondBy': '回复截止', 'admin.historyOf': '匹配 #{id} 的历史',
      'admin.failedOnly': '只看发送失败的', 'admin.retry': '重试', 'admin.recipient': '收件人', 'admin.subject': '主题', 'admin.attempts': '尝试次数', 'admin.error': '错误', 'admin.retried': '已重新排队。',
    },
    en: {
      'admin.title': 'Coordinator dashboard · Mentorship', 'admin.heading': 'Coordinator dashboard', 'admin.signIn': 'Coordinator sign-in', 'admin.token': 'Coordinator token',
      'admin.tokenRule': 'Made by npm run cli -- coordinator:create; kept in this tab only', 'admin.signInButton': 'Sign in', 'admin.signOut': 'Sign out', 'admin.queues': 'Queue dashboard',
      'admin.badToken': 'The token is wrong or no longer valid.', 'admin.cohorts': 'Cohorts', 'admin.cohortName': 'Name', 'admin.maxChoices': 'Max choices (1–10)', 'admin.window': 'Response window (hours)',
      'admin.create': 'Create cohort', 'admin.open': 'Open', 'admin.close': 'Close', 'admin.manage': 'Manage', 'admin.status': 'Status', 'admin.actions': 'Actions',
      'admin.tab.applications': 'Applications', 'admin.tab.rounds': 'Rounds', 'admin.tab.matches': 'Matches', 'admin.tab.notifications': 'Notifications',
      'admin.mentors': 'Mentors', 'admin.students': 'Students', 'admin.filter': 'Status filter', 'admin.all': 'All', 'admin.approve': 'Approve selected', 'admin.reject': 'Reject selected',
      'admin.selectAll': 'Select all', 'admin.select': 'Select', 'admin.none': 'Nothing here.', 'admin.reviewed': '{n} applications reviewed.', 'admin.name': 'Name', 'admin.detail': 'Details',
      'admin.dryRun': 'Preview (dry run)', 'admin.realRound': 'Run the round and send proposals', 'admin.roundRunning': 'Round {n} running…', 'admin.round': 'Round {n}', 'admin.preview': ' (preview)',
      'admin.students.n': 'Students', 'admin.mentors.n': 'Mentors with places', 'admin.matched': 'Matched', 'admin.unmatched': 'Unmatched', 'admin.fill': 'Mentor fill rate',
      'admin.byChoice': 'Which choice students got', 'admin.choiceN': 'Choice {n}', 'admin.filled': 'Filled by score', 'admin.unmatchedReasons': 'Why unmatched', 'admin.student': 'Student',
      'admin.reason': 'Reason', 'admin.rounds': 'Past rounds', 'admin.roundFailed': 'The round failed: ',
      'admin.exportCsv': 'Export CSV', 'admin.history': 'History', 'admin.mentor': 'Mentor', 'admin.rank': 'Choice', 'admin.respondBy': 'Answer by', 'admin.historyOf': 'History of match #{id}',
      'admin.failedOnly': 'Failed only', 'admin.retry': 'Retry', 'admin.recipient': 'Recipient', 'admin.subject': 'Subject', 'admin.attempts': 'Attempts', 'admin.error': 'Error', 'admin.retried': 'Queued again.',
    },
  });
  var TOKEN_KEY = 'shiyou.coordinatorToken';
  var APPLICATION_STATUSES = ['submitted', 'approved', 'rejected', 'withdrawn'];
  var MATCH_STATUSES = ['proposed', 'accepted', 'declined', 'expired', 'cancelled'];
  var h = SY.h;
  var message = document.getElementById('message');
  var tabBody = document.getElementById('tab-body');
  var state = { cohorts: [], cohortId: null, tab: 'applications', role: 'student', appStatus: 'submitted', matchStatus: '', failedOnly: false, round: null, history: null };

  // The tab panel shows the answer to the latest load only. Every load that fills it (opening a tab, a filter, a
  // reload after an action) takes the next number; an answer that arrives after a newer load began is dropped, so a
  // slow answer for the tab the coordinator just left cannot replace the tab they opened. While a load is under way
  // the panel is aria-busy; data-shown names the tab whose data it shows.
  var panelLoads = 0;
  var cohortLoads = 0;
  function loadPanel(path, render) {
    var mine = ++panelLoads;
    var tab = state.tab;
    var current = function () { return mine === panelLoads; };
    tabBody.setAttribute('aria-busy', 'true');
    return call(path).then(function (data) {
      if (!current()) return;
      render(data, current);
      tabBody.setAttribute('data-shown', tab);
      tabBody.setAttribute('aria-busy', 'false');
    }).catch(function (error) {
      if (!current()) { if (error.status === 401) fail(error); return; }
      tabBody.replaceChildren();
      tabBody.setAttribute('data-shown', tab);
      tabBody.setAttribute('aria-busy', 'false');
      fail(error);
    });
  }

  function token() { return sessionStorage.getItem(TOKEN_KEY); }
  function call(path, options) { return SY.api(path, Object.assign({ token: token() }, options || {})); }
  function fail(error) {
    if (error.status === 401) { signOut(); SY.showMessage(message, SY.t('admin.badToken')); return; }
    SY.showMessage(message, SY.describeError(error));
  }
  function ok(text) { SY.showMessage(message, text, 'ok'); }
  function tableParts(headers, rows) {
    return [h('thead', {}, h('tr', {}, headers.map(function (title) { return h('th', { scope: 'col' }, title); }))), h('tbody', {}, rows)];
  }
  function table(headers, rows) { return h('div', { class: 'table-wrap' }, h('table', {}, tableParts(headers, rows))); }
  function statusSelect(id, statuses, value, onChange) {
    var select = h('select', { id: id }, [h('option', { value: '', text: SY.t('admin.all') })].concat(statuses.map(function (s) { return h('option', { value: s, text: SY.t('status.' + s) }); })));
    select.value = value;
    select.addEventListener('change', function () { onChange(select.value); });
    return h('div', { class: 'field' }, [h('label', { for: id, text: SY.t('admin.filter') }), select]);
  }

  // ---- sign-in and cohorts ----
  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    document.getElementById('dashboard').hidden = true;
    document.getElementById('sign-in').hidden = false;
  }

  function loadCohorts() {
    var mine = ++cohortLoads;
    return call('/api/cohorts').then(function (cohorts) {
      if (mine !== cohortLoads) return;   // a newer list is on its way
      state.cohorts = cohorts;
      document.getElementById('sign-in').hidden = true;
      document.getElementById('dashboard').hidden = false;
      renderCohorts();
    });
  }

  function renderCohorts() {
    var rows = state.cohorts.map(function (cohort) {
      var transition = function (action) { return function () { call('/api/cohorts/' + cohort.id + '/' + action, { method: 'POST' }).then(loadCohorts).catch(fail); }; };
      return h('tr', { 'data-cohort-id': cohort.id }, [
        h('td', { text: '#' + cohort.id + ' ' + cohort.name }), h('td', { text: SY.t('status.' + cohort.status) }),
        h('td', {}, h('span', { class: 'actions' }, [
          h('button', { type: 'button', class: 'small', text: SY.t('admin.manage'), onclick: function () { selectCohort(cohort.id); } }),
          cohort.status === 'draft' ? h('button', { type: 'button', class: 'small secondary', text: SY.t('admin.open'), onclick: transition('open') }) : null,
          cohort.status === 'open' ? h('button', { type: 'button', class: 'small secondary', text: SY.t('admin.close'), onclick: transition('close') }) : null,
        ])),
      ]);
    });
    var cohortsTable = document.getElementById('cohorts-table');
    cohortsTable.replaceChildren.apply(cohortsTable, tableParts([SY.t('admin.cohortName'), SY.t('admin.status'), SY.t('admin.actions')], rows));
  }

  function selectCohort(cohortId) {
    state.cohortId = cohortId;
    state.round = null;
    state.history = null;
    var cohort = state.cohorts.filter(function (c) { return c.id === cohortId; })[0];
    document.getElementById('cohort-title').textContent = '#' + cohort.id + ' ' + cohort.name;
    document.getElementById('cohort-panel').hidden = false;
    showTab(state.tab);
  }

  function showTab(tab) {
    state.tab = tab;
    document.querySelectorAll('[data-tab]').forEach(function (button) { button.setAttribute('aria-selected', String(button.getAttribute('data-tab') === tab)); });
    SY.showMessage(message, '');
    ({ applications: applicationsTab, rounds: roundsTab, matches: matchesTab, notifications: notificationsTab })[tab]();
  }

  // ---- applications ----
  function applicationsTab() {
    var base = '/api/cohorts/' + state.cohortId + '/' + state.role + '-applications';
    loadPanel(base + (state.appStatus ? '?status=' + state.appStatus : ''), function (applications, current) {
      var boxes = [];
      var rows = applications.map(function (application) {
        var box = h('input', { type: 'checkbox', value: application.id, id: 'app-' + application.id, 'aria-label': SY.t('admin.select') + ' ' + application.name });
        boxes.push(box);
        var detail = state.role === 'mentor' ? application.organization + ' · ' + application.title + ' · ' + application.city
          : application.college + ' · ' + application.major + ' · ' + application.enrollmentYear;
        return h('tr', {}, [h('td', {}, box), h('td', { text: application.name }), h('td', { text: detail }), h('td', { text: SY.t('status.' + application.status) })]);
      });
      var all = h('input', { type: 'checkbox', id: 'select-all', 'aria-label': SY.t('admin.selectAll'), onchange: function () { boxes.forEach(function (box) { box.checked = all.checked; }); } });
      var review = function (decision) {
        return function () {
          var ids = boxes.filter(function (box) { return box.checked; }).map(function (box) { return Number(box.value); });
          if (ids.length === 0) return;
          call(base + '/review', { method: 'POST', body: { ids: ids, decision: decision } })
            .then(function () { ok(SY.t('admin.reviewed', { n: ids.length })); if (current()) applicationsTab(); }).catch(fail);
        };
      };
      var roleTabs = h('div', { class: 'actions', role: 'group' }, ['student', 'mentor'].map(function (role) {
        return h('button', { type: 'button', class: role === state.role ? 'small' : 'small secondary', 'aria-pressed': String(role === state.role),
          text: SY.t(role === 'mentor' ? 'admin.mentors' : 'admin.students'), onclick: function () { state.role = role; applicationsTab(); } });
      }));
      tabBody.replaceChildren(roleTabs, statusSelect('application-status', APPLICATION_STATUSES, state.appStatus, function (value) { state.appStatus = value; applicationsTab(); }),
        h('div', { class: 'actions' }, [
          h('button', { type: 'button', id: 'approve', text: SY.t('admin.approve'), onclick: review('approved') }),
          h('button', { type: 'button', class: 'secondary', id: 'reject', text: SY.t('admin.reject'), onclick: review('rejected') }),
        ]),
        applications.length === 0 ? h('p', { class: 'muted', text: SY.t('admin.none') })
          : table([all, SY.t('admin.name'), SY.t('admin.detail'), SY.t('admin.status')], rows));
    });
  }

  // ---- rounds ----
  function roundsTab() {
    loadPanel('/api/cohorts/' + state.cohortId + '/rounds', function (rounds, current) {
      var list = rounds.map(function (round) {
        return h('li', {}, h('button', { type: 'button', class: 'small secondary', onclick: function () { state.round = round; roundsTab(); },
          text: SY.t('admin.round', { n: round.number }) + (round.dryRun ? SY.t('admin.preview') : '') + ' · ' + SY.t('status.' + round.status) }));
      });
      renderRounds(list, current);
      // Back on this tab while the shown round still runs: follow it again.
      if (state.round && (state.round.status === 'queued' || state.round.status === 'running')) poll(state.round.id, current).catch(fail);
    });
  }

  function renderRounds(list, current) {
    tabBody.replaceChildren(
      h('div', { class: 'actions' }, [
        h('button', { type: 'button', class: 'secondary', id: 'dry-run', text: SY.t('admin.dryRun'), onclick: function () { requestRound(true, current); } }),
        h('button', { type: 'button', id: 'real-round', text: SY.t('admin.realRound'), onclick: function () { requestRound(false, current); } }),
      ]),
      h('div', { id: 'round-result', 'aria-live': 'polite' }, state.round ? roundView(state.round) : null),
      list.length ? h('h3', { text: SY.t('admin.rounds') }) : null,
      list.length ? h('ul', { class: 'plain-list actions' }, list) : null,
    );
  }

  /** `current` says whether the panel still shows the rounds view the button belongs to. */
  function requestRound(dryRun, current) {
    var cohortId = state.cohortId;
    call('/api/cohorts/' + cohortId + '/rounds', { method: 'POST', body: { dryRun: dryRun } }).then(function (round) {
      if (state.cohortId !== cohortId) return;
      state.round = round;
      if (!current()) return;   // the coordinator moved on; the rounds tab follows the round when opened again
      document.getElementById('round-result').replaceChildren(roundView(round));
      return poll(round.id, current);
    }).catch(fail);
  }

  /** Follows a round until it ends, as long as the panel shows the same rounds view; then reloads the tab. */
  function poll(roundId, current) {
    return call('/api/rounds/' + roundId).then(function (round) {
      if (!current()) return round;
      state.round = round;
      if (round.status === 'queued' || round.status === 'running') {
        document.getElementById('round-result').replaceChildren(roundView(round));
        return new Promise(function (resolve) { setTimeout(resolve, 500); }).then(function () { return current() ? poll(roundId, current) : round; });
      }
      roundsTab();
      return round;
    });
  }

  function roundView(round) {
    var title = SY.t('admin.round', { n: round.number }) + (round.dryRun ? SY.t('admin.preview') : '');
    if (round.status === 'queued' || round.status === 'running') return h('p', { class: 'notice info', text: SY.t('admin.roundRunning', { n: round.number }) });
    if (round.status === 'failed') return h('p', { class: 'notice error', text: SY.t('admin.roundFailed') + (round.error || '') });
    var stats = round.stats;
    var stat = function (label, value) { return h('div', { class: 'stat' }, [h('b', { text: String(value) }), label]); };
    return h('section', { id: 'round-stats', 'data-round-id': round.id }, [
      h('h3', { text: title + ' · ' + SY.t('status.' + round.status) }),
      h('div', { class: 'stats' }, [stat(SY.t('admin.students.n'), stats.students), stat(SY.t('admin.mentors.n'), stats.mentors), stat(SY.t('admin.matched'), stats.matched),
        stat(SY.t('admin.unmatched'), stats.unmatched), stat(SY.t('admin.fill'), Math.round(stats.mentorFillRate * 100) + '%')]),
      h('h3', { text: SY.t('admin.byChoice') }),
      choiceChart(stats.byChoiceRank),
      stats.unmatchedReasons.length ? h('h3', { text: SY.t('admin.unmatchedReasons') }) : null,
      stats.unmatchedReasons.length ? table([SY.t('admin.student'), SY.t('admin.reason')], stats.unmatchedReasons.map(function (item) {
        return h('tr', {}, [h('td', { text: '#' + item.studentId }), h('td', { text: item.reason })]);
      })) : null,
    ]);
  }

  /** A horizontal CSS bar per rank (1st, 2nd, …) and one for score-filled places. */
  function choiceChart(byChoiceRank) {
    var keys = Object.keys(byChoiceRank).filter(function (key) { return key !== 'filled'; }).sort(function (a, b) { return Number(a) - Number(b); });
    if (byChoiceRank.filled !== undefined) keys.push('filled');
    var top = Math.max.apply(null, [1].concat(keys.map(function (key) { return byChoiceRank[key]; })));
    return h('div', { class: 'chart', id: 'choice-chart', role: 'img', 'aria-label': SY.t('admin.byChoice') }, keys.map(function (key) {
      var label = key === 'filled' ? SY.t('admin.filled') : SY.t('admin.choiceN', { n: key });
      var value = byChoiceRank[key];
      return h('div', { class: 'bar-row', 'data-rank': key }, [
        h('span', { text: label }),
        h('div', { class: 'bar-track' }, h('div', { class: 'bar', style: 'width:' + Math.round((value / top) * 100) + '%' })),
        h('span', { class: 'value', text: String(value) }),
      ]);
    }));
  }

  // ---- matches ----
  function matchesTab() {
    var query = state.matchStatus ? '?status=' + state.matchStatus : '';
    loadPanel('/api/cohorts/' + state.cohortId + '/matches' + query, function (matches, current) {
      var rows = matches.map(function (match) {
        return h('tr', { 'data-match-id': match.id }, [
          h('td', { text: '#' + match.id }), h('td', { text: match.student.name + ' (' + match.student.studentNumber + ')' }),
          h('td', { text: match.mentor.name + ' · ' + match.mentor.organization }), h('td', { text: match.choiceRank === null ? '—' : String(match.choiceRank) }),
          h('td', { text: SY.t('status.' + match.status) }), h('td', { text: SY.chinaTime(match.respondBy) }),
          h('td', {}, h('button', { type: 'button', class: 'small secondary', text: SY.t('admin.history'), onclick: function () { showHistory(match.id, current); } })),
        ]);
      });
      tabBody.replaceChildren(
        h('div', { class: 'inline-form' }, [statusSelect('match-status', MATCH_STATUSES, state.matchStatus, function (value) { state.matchStatus = value; matchesTab(); }),
          h('button', { type: 'button', class: 'secondary', id: 'export-csv', text: SY.t('admin.exportCsv'), onclick: exportCsv })]),
        matches.length === 0 ? h('p', { class: 'muted', text: SY.t('admin.none') }) : table(['#', SY.t('admin.student'), SY.t('admin.mentor'), SY.t('admin.rank'),
          SY.t('admin.status'), SY.t('admin.respondBy'), ''], rows),
        h('div', { id: 'history' }),
      );
    });
  }

  /** Shows the history last asked for, while the panel still shows the matches it was asked from. */
  function showHistory(matchId, current) {
    state.history = matchId;
    call('/api/matches/' + matchId + '/history').then(function (events) {
      if (!current() || state.history !== matchId) return;
      document.getElementById('history').replaceChildren(h('h3', { text: SY.t('admin.historyOf', { id: matchId }) }), h('ol', {}, events.map(function (event) {
        return h('li', { text: SY.chinaTime(event.createdAt) + ' · ' + (event.fromStatus ? SY.t('status.' + event.fromStatus) + ' → ' : '') + SY.t('status.' + event.toStatus) +
          ' · ' + event.actorRole + (event.reason ? ' · ' + event.reason : '') }); })));
    }).catch(fail);
  }

  function exportCsv() {
    var query = state.matchStatus ? '?status=' + state.matchStatus : '';
    call('/api/cohorts/' + state.cohortId + '/matches.csv' + query, { raw: true })
      .then(function (response) { return response.blob(); })
      .then(function (blob) {
        var url = URL.createObjectURL(blob);
        var link = h('a', { href: url, download: 'cohort-' + state.cohortId + '-matches.csv' });
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      }).catch(fail);
  }

  // ---- notifications ----
  function notificationsTab() {
    var query = '?cohortId=' + state.cohortId + (state.failedOnly ? '&status=failed' : '');
    loadPanel('/api/notifications' + query, function (notifications, current) {
      var failed = h('input', { type: 'checkbox', id: 'failed-only' });
      failed.checked = state.failedOnly;
      failed.addEventListener('change', function () { state.failedOnly = failed.checked; notificationsTab(); });
      var rows = notifications.map(function (notification) {
        return h('tr', { 'data-notification-id': notification.id }, [
          h('td', { text: notification.recipientEmail }), h('td', { text: notification.subject }), h('td', { text: SY.t('status.' + notification.status) }),
          h('td', { text: String(notification.attempts) }), h('td', { text: notification.lastError || '' }),
          h('td', {}, notification.status === 'failed' ? h('button', { type: 'button', class: 'small', text: SY.t('admin.retry'), onclick: function () {
            call('/api/notifications/' + notification.id + '/retry', { method: 'POST' }).then(function () { ok(SY.t('admin.retried')); if (current()) notificationsTab(); }).catch(fail);
          } }) : null),
        ]);
      });
      tabBody.replaceChildren(h('div', { class: 'check' }, [failed, h('label', { for: 'failed-only', text: SY.t('admin.failedOnly') })]),
        notifications.length === 0 ? h('p', { class: 'muted', text: SY.t('admin.none') }) : table([SY.t('admin.recipient'), SY.t('admin.subject'), SY.t('admin.status'),
          SY.t('admin.attempts'), SY.t('admin.error'), ''], rows));
    });
  }

  // ---- wiring ----
  document.getElementById('sign-in').addEventListener('submit', function (event) {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, document.getElementById('token').value.trim());
    SY.showMessage(message, '');
    loadCohorts().catch(fail);
  });
  document.getElementById('sign-out').addEventListener('click', signOut);
  document.getElementById('create-cohort').addEventListener('submit', function (event) {
    event.preventDefault();
    var form = event.target;
    SY.clearFieldErrors(form);
    call('/api/cohorts', { method: 'POST', body: SY.readForm(form) }).then(function () { form.reset(); return loadCohorts(); }).catch(function (error) {
      if (error.status === 400) { var rest = SY.showFieldErrors(form, error.messages); if (rest.length) SY.showMessage(message, rest.join(' ')); } else fail(error);
    });
  });
  document.querySelectorAll('[data-tab]').forEach(function (button) { button.addEventListener('click', function () { showTab(button.getAttribute('data-tab')); }); });
  SY.onLangChange(function () { if (!token()) return; renderCohorts(); if (state.cohortId) showTab(state.tab); });
  SY.initPage();
  if (token()) loadCohorts().catch(fail); else signOut();
})();
