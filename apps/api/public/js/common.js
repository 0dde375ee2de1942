/* Shared helpers of every page: language, API calls, error display, small DOM builder. */
(function () {
  'use strict';
  var LANG_KEY = 'shiyou.lang';
  var messages = {
    zh: {
      'app.name': '师友计划', 'lang.switch': 'English', 'nav.home': '首页',
      'error.network': '网络连接中断，请检查网络后重试。',
      'error.unauthorized': '链接已失效或不正确。请使用邮件中最新的个人链接。',
      'error.closed': '本期报名已截止（或尚未开放），暂不接受提交。',
      'error.conflict': '操作未完成：',
      'error.notFound': '未找到：',
      'error.fields': '请修改标出的字段后再提交。',
      'error.generic': '出错了：',
      'loading': '加载中…', 'copy': '复制', 'copied': '已复制',
      'status.draft': '草稿', 'status.open': '报名中', 'status.closed': '已截止', 'status.archived': '已归档',
      'status.submitted': '已提交，待审核', 'status.approved': '已通过', 'status.rejected': '未通过', 'status.withdrawn': '已撤回',
      'status.proposed': '待师友回复', 'status.accepted': '已接受', 'status.declined': '已婉拒', 'status.expired': '已过期', 'status.cancelled': '已取消',
      'status.queued': '排队中', 'status.running': '运行中', 'status.completed': '已完成', 'status.failed': '失败',
      'status.pending': '待发送', 'status.sent': '已发送',
    },
    en: {
      'app.name': 'Mentorship Program', 'lang.switch': '中文', 'nav.home': 'Home',
      'error.network': 'The connection was lost. Check your network and try again.',
      'error.unauthorized': 'This link has expired or is wrong. Please use the latest personal link from your email.',
      'error.closed': 'Applications for this cohort are closed (or not open yet).',
      'error.conflict': 'Not done: ',
      'error.notFound': 'Not found: ',
      'error.fields': 'Please correct the marked fields and submit again.',
      'error.generic': 'Something went wrong: ',
      'loading': 'Loading…', 'copy': 'Copy', 'copied': 'Copied',
      'status.draft': 'Draft', 'status.open': 'Open', 'status.closed': 'Closed', 'status.archived': 'Archived',
      'status.submitted': 'Submitted, awaiting review', 'status.approved': 'Approved', 'status.rejected': 'Not approved', 'status.withdrawn': 'Withdrawn',
      'status.proposed': 'Awaiting the mentor', 'status.accepted': 'Accepted', 'status.declined': 'Declined', 'status.expired': 'Expired', 'status.cancelled': 'Cancelled',
      'status.queued': 'Queued', 'status.running': 'Running', 'status.completed': 'Completed', 'status.failed': 'Failed',
      'status.pending': 'Pending', 'status.sent': 'Sent',
    },
  };
  var listeners = [];

  function lang() {
    try { return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh'; } catch (e) { return 'zh'; }
  }

  function t(key, vars) {
    var text = messages[lang()][key];
    if (text === undefined) text = messages.zh[key] !== undefined ? messages.zh[key] : key;
    if (vars) Object.keys(vars).forEach(function (name) { text = text.split('{' + name + '}').join(String(vars[name])); });
    return text;
  }

  function addMessages(extra) {
    ['zh', 'en'].forEach(function (code) { Object.assign(messages[code], extra[code] || {}); });
  }

  function applyI18n(root) {
    var scope = root || document;
    document.documentElement.lang = lang() === 'en' ? 'en' : 'zh-CN';
    scope.querySelectorAll('[data-i18n]').forEach(function (node) { node.textContent = t(node.getAttribute('data-i18n')); });
    scope.querySelectorAll('[data-i18n-placeholder]').forEach(function (node) { node.placeholder = t(node.getAttribute('data-i18n-placeholder')); });
    scope.querySelectorAll('[data-i18n-aria]').forEach(function (node) { node.setAttribute('aria-label', t(node.getAttribute('data-i18n-aria'))); });
    var title = document.querySelector('title[data-i18n-title]');
    if (title) document.title = t(title.getAttribute('data-i18n-title'));
  }

  function setLang(code) {
    try { localStorage.setItem(LANG_KEY, code); } catch (e) { /* private mode: the choice lasts this page only */ }
    applyI18n();
    listeners.forEach(function (listener) { listener(code); });
  }

  function onLangChange(listener) { listeners.push(listener); }

  /** h('p', {class: 'x', onclick: fn}, ['text', child]): builds DOM without innerHTML, so data is never markup. */
  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name.slice(0, 2) === 'on' && typeof value === 'function') node.addEventListener(name.slice(2), value);
      else if (name === 'text') node.textContent = value;
      else if (value === true) node.setAttribute(name, '');
      else node.setAttribute(name, String(value));
    });
    (Array.isArray(children) ? children : children === undefined ? [] : [children]).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    });
    return node;
  }

  function ApiError(kind, status, list, raw) {
    this.kind = kind; this.status = status; this.messages = list; this.raw = raw;
    this.message = list.join('; ');
  }

  /** fetch + JSON; throws ApiError with kind 'network' (no answer) or 'http' (answer with an error status). */
  function api(path, options) {
    var opts = options || {};
    var headers = { Accept: 'application/json' };
    if (opts.token) headers.Authorization = 'Bearer ' + opts.token;
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(path, { method: opts.method || 'GET', headers: headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) })
      .catch(function () { throw new ApiError('network', 0, [t('error.network')], null); })
      .then(function (response) {
        if (opts.raw && response.ok) return response;
        return response.text().then(function (text) {
          var data = null;
          try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
          if (response.ok) return data;
          var list = data && data.message !== undefined ? [].concat(data.message) : [String(response.status)];
          throw new ApiError('http', response.status, list.map(String), data);
        });
      });
  }

  /** Plain words for an error that is not about one field. */
  function describeError(error) {
    if (!(error instanceof ApiError)) return t('error.generic') + String(error && error.message || error);
    if (error.kind === 'network') return t('error.network');
    if (error.status === 401) return t('error.unauthorized');
    if (error.status === 409) return t('error.conflict') + error.message;
    if (error.status === 404) return t('error.notFound') + error.message;
    return t('error.generic') + error.message;
  }

  function fieldOf(message) { return String(message).split(/[\s.:]/)[0]; }

  function clearFieldErrors(form) {
    form.querySelectorAll('[data-error-for]').forEach(function (node) { node.textContent = ''; node.hidden = true; });
    form.querySelectorAll('[aria-invalid]').forEach(function (node) { node.removeAttribute('aria-invalid'); });
  }

  /** Puts each 400 message beside its field (messages start with the field name); returns those that fit no field. */
  function showFieldErrors(form, list) {
    var rest = [];
    var first = null;
    list.forEach(function (message) {
      var field = fieldOf(message);
      var slot = form.querySelector('[data-error-for="' + field + '"]');
      if (!slot) { rest.push(message); return; }
      slot.hidden = false;
      slot.textContent = slot.textContent ? slot.textContent + '；' + message : message;
      var input = form.querySelector('[name="' + field + '"]');
      if (input) { input.setAttribute('aria-invalid', 'true'); if (!first) first = input; }
    });
    if (first) first.focus();
    return rest;
  }

  function showMessage(box, text, kind) {
    box.hidden = !text;
    box.textContent = text || '';
    box.className = 'notice ' + (kind || 'error');
    if (text && kind !== 'ok') box.setAttribute('role', 'alert'); else box.removeAttribute('role');
  }

  function splitTags(value) {
    return String(value || '').split(/[,，、;；\n]/).map(function (tag) { return tag.trim(); }).filter(Boolean);
  }

  /** Reads a form into the API's JSON: data-type int / tags / optional, checkboxes as booleans. */
  function readForm(form) {
    var body = {};
    form.querySelectorAll('[name]').forEach(function (input) {
      if (input.closest('[data-skip-read]')) return;
      var type = input.getAttribute('data-type');
      var value = input.type === 'checkbox' ? input.checked : input.value;
      if (type === 'int') value = value.trim() === '' ? null : Number(value);
      if (type === 'tags') value = splitTags(value);
      if (input.hasAttribute('data-optional') && (value === '' || value === null)) return;
      body[input.name] = value;
    });
    return body;
  }

  function chinaTime(iso) {
    var date = new Date(iso);
    var text = new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
    }).format(date);
    return text + (lang() === 'en' ? ' (China time)' : '（北京时间）');
  }

  function copyButton(text) {
    var button = h('button', { type: 'button', class: 'secondary', text: t('copy') });
    button.addEventListener('click', function () {
      var done = function () { button.textContent = t('copied'); };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, done);
      else done();
    });
    return button;
  }

  function chips(list) {
    return h('span', { class: 'chips' }, (list || []).map(function (tag) { return h('span', { class: 'chip', text: tag }); }));
  }

  /** The header's language button and the [data-tags-preview] chip previews. */
  function initPage() {
    var button = document.getElementById('lang-switch');
    if (button) button.addEventListener('click', function () { setLang(lang() === 'en' ? 'zh' : 'en'); });
    document.querySelectorAll('[data-type="tags"]').forEach(function (input) {
      var preview = document.getElementById(input.id + '-preview');
      if (!preview) return;
      var render = function () { preview.replaceChildren(chips(splitTags(input.value))); };
      input.addEventListener('input', render);
      render();
    });
    applyI18n();
  }

  function cohortIdFromPath() {
    var match = /\/cohorts\/(\d+)\//.exec(location.pathname);
    return match ? Number(match[1]) : null;
  }

  /** The cohort among the open ones, or null when it is not open (applications would get 409). */
  function openCohort(cohortId) {
    return api('/api/public/cohorts').then(function (list) {
      return list.filter(function (cohort) { return cohort.id === cohortId; })[0] || null;
    });
  }

  window.SY = {
    lang: lang, t: t, addMessages: addMessages, applyI18n: applyI18n, setLang: setLang, onLangChange: onLangChange,
    h: h, api: api, ApiError: ApiError, describeError: describeError, clearFieldErrors: clearFieldErrors,
    showFieldErrors: showFieldErrors, showMessage: showMessage, readForm: readForm, splitTags: splitTags,
    chinaTime: chinaTime, copyButton: copyButton, chips: chips, initPage: initPage, cohortIdFromPath: cohortIdFromPath,
    openCohort: openCohort,
  };
})();
