// The HTML report's stylesheet and script, inline so the page never fetches anything.
#include "report/html_parts.h"

namespace rolecall::report::html {

std::string_view stylesheet() {
  return R"css(
:root{--pass:#2e7d32;--fail:#c62828;--error:#ef6c00;--muted:#757575;--line:#ddd;--bg:#fafafa}
*{box-sizing:border-box}
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:0 24px 40px;color:#222;background:#fff}
header{padding:16px 0 8px;border-bottom:1px solid var(--line)}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:24px 0 8px}
.meta{color:#555;margin:0}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 16px;min-width:110px;background:var(--bg)}
.card .n{font-size:26px;font-weight:600;display:block}
.card.pass .n{color:var(--pass)}.card.fail .n{color:var(--fail)}.card.error .n{color:var(--error)}.card.muted .n{color:var(--muted)}
.charts{display:flex;flex-wrap:wrap;gap:16px}
.chart{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px;background:var(--bg)}
.chart figcaption{font-weight:600;margin-bottom:4px}
.chart svg{display:block;max-width:100%;height:auto}
.chart text{font-size:12px;fill:#333}
rect.pass{fill:var(--pass)}rect.fail{fill:var(--fail)}rect.error{fill:var(--error)}rect.muted{fill:var(--muted)}
.note{color:#555;font-size:12px;margin:4px 0 0}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:end;margin:8px 0}
.filters label{display:flex;flex-direction:column;font-size:12px;color:#555}
.filters select,.filters input{font:inherit;padding:3px 6px;min-width:140px}
table{border-collapse:collapse;width:100%;margin-top:8px}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f0f0;position:sticky;top:0}
th button{all:unset;cursor:pointer;font-weight:600}
th[aria-sort=ascending] button::after{content:" \25B2"}
th[aria-sort=descending] button::after{content:" \25BC"}
td.resource,td.account{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;white-space:nowrap}
td.message{word-break:break-word}
.status{font-weight:600}
.status.PASS{color:var(--pass)}.status.FAIL{color:var(--fail)}.status.ERROR{color:var(--error)}.status.MUTED{color:var(--muted)}
pre{white-space:pre-wrap;word-break:break-all;margin:4px 0;font-size:12px}
.muted-reason{color:var(--muted);display:block}
.account-name{display:block;color:#555;font-family:system-ui,sans-serif}
.tag{display:inline-block;margin:0 4px 0 0;padding:0 4px;border:1px solid var(--line);border-radius:3px;font-size:12px}
.about p{margin:2px 0}
)css";
}

std::string_view script() {
  return R"js(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('rolecall-data').textContent);
  var findings = data.findings;
  var STATUS_ORDER = {FAIL: 0, ERROR: 1, MUTED: 2, PASS: 3};
  var SEVERITY_ORDER = {critical: 0, high: 1, medium: 2, low: 3, info: 4};
  var MAX_ROWS = 5000;
  var sort = {key: 'status', dir: 1};
  function $(id) { return document.getElementById(id); }
  findings.forEach(function (f, i) {
    f._i = i;
    var tags = Object.keys(f.tags || {}).map(function (k) { return k + '=' + f.tags[k]; });
    f._text = [f.check_id, f.title, f.status, f.severity, f.account_id, f.account_name, f.region, f.resource_id,
               f.resource_name, f.message, f.mute_reason, f.evidence].concat(tags).join('\n').toLowerCase();
  });
  var checks = data.checks || {};
  var FILTERS = {status: 'f-status', severity: 'f-severity', check: 'f-check', account: 'f-account',
                 region: 'f-region', q: 'f-text'};

  function fillSelect(id, field) {
    var seen = {};
    findings.forEach(function (f) { seen[f[field]] = true; });
    var select = $(id);
    Object.keys(seen).sort().forEach(function (v) {
      var o = document.createElement('option');
      o.value = v;
      o.textContent = v === '' ? '(none)' : v;
      select.appendChild(o);
    });
  }
  fillSelect('f-check', 'check_id');
  fillSelect('f-account', 'account_id');
  fillSelect('f-region', 'region');

  function sortValue(f, key) {
    if (key === 'status') return STATUS_ORDER[f.status];
    if (key === 'severity') return SEVERITY_ORDER[f.severity];
    return f[key];
  }
  function compare(a, b) {
    var x = sortValue(a, sort.key), y = sortValue(b, sort.key);
    if (x < y) return -sort.dir;
    if (x > y) return sort.dir;
    if (sort.key === 'status') {
      var s = SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
      if (s !== 0) return s;
    }
    return a._i - b._i;
  }

  function cell(tr, cls, text) {
    var td = document.createElement('td');
    td.className = cls;
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function row(f) {
    var tr = document.createElement('tr');
    tr.dataset.status = f.status;
    cell(tr, 'status ' + f.status, f.status);
    cell(tr, 'severity', f.severity);
    var check = cell(tr, 'check', f.check_id);
    check.title = f.title;
    var account = cell(tr, 'account', f.account_id);
    if (f.account_name) {
      var name = document.createElement('span');
      name.className = 'account-name';
      name.textContent = f.account_name;
      account.appendChild(name);
    }
    cell(tr, 'region', f.region);
    cell(tr, 'resource', f.resource_id);
    var named = cell(tr, 'name', f.resource_name || '');
    Object.keys(f.tags || {}).forEach(function (k) {
      var tag = document.createElement('span');
      tag.className = 'tag';
      tag.textContent = k + '=' + f.tags[k];
      named.appendChild(tag);
    });
    var msg = cell(tr, 'message', f.message);
    if (f.mute_reason) {
      var span = document.createElement('span');
      span.className = 'muted-reason';
      span.textContent = 'muted: ' + f.mute_reason;
      msg.appendChild(span);
    }
    if (f.evidence) {
      var details = document.createElement('details');
      var summary = document.createElement('summary');
      summary.textContent = 'evidence';
      var pre = document.createElement('pre');
      pre.textContent = f.evidence;
      details.appendChild(summary);
      details.appendChild(pre);
      msg.appendChild(details);
    }
    var about = checks[f.check_id];
    if (about && f.status !== 'PASS') {
      var why = document.createElement('details');
      why.className = 'about';
      var head = document.createElement('summary');
      head.textContent = 'why and how to fix';
      why.appendChild(head);
      [['Why: ', about.rationale], ['Fix: ', about.remediation], ['More: ', about.page]].forEach(function (p) {
        if (!p[1]) return;
        var para = document.createElement('p');
        para.textContent = p[0] + p[1];
        why.appendChild(para);
      });
      msg.appendChild(why);
    }
    return tr;
  }

  var shownNow = [];  // the rows the filters select, in table order: what an export writes

  // CSV as `rolecall scan --output csv` quotes it (RFC 4180, CRLF), with the same guard against
  // spreadsheet formulas: a cell starting with = + - @ tab or CR gets a leading apostrophe.
  function csvField(value) {
    var text = value === undefined || value === null ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  var EXPORT_COLUMNS = ['check_id', 'title', 'status', 'severity', 'account_id', 'account_name', 'region',
                        'resource_type', 'resource_id', 'resource_name', 'message', 'mute_reason', 'evidence'];
  function exportRows() {
    return shownNow.map(function (f) {
      var out = {};
      EXPORT_COLUMNS.forEach(function (c) { out[c] = f[c]; });
      out.tags = f.tags || {};
      return out;
    });
  }
  function download(name, type, text) {
    var link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], {type: type}));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 0);
  }
  function exportCsv() {
    var rows = exportRows(), tagKeys = {};
    rows.forEach(function (r) { Object.keys(r.tags).forEach(function (k) { tagKeys[k] = true; }); });
    var tags = Object.keys(tagKeys).sort();
    var lines = [EXPORT_COLUMNS.concat(tags.map(function (k) { return 'tag:' + k; })).map(csvField).join(',')];
    rows.forEach(function (r) {
      lines.push(EXPORT_COLUMNS.map(function (c) { return csvField(r[c]); })
                     .concat(tags.map(function (k) { return csvField(r.tags[k]); })).join(','));
    });
    download('rolecall-findings.csv', 'text/csv', lines.join('\r\n') + '\r\n');
  }
  function exportJson() {
    var doc = {filters: location.hash.replace(/^#/, ''), findings: exportRows()};
    download('rolecall-findings.json', 'application/json', JSON.stringify(doc, null, 2) + '\n');
  }

  function render() {
    var status = $('f-status').value, check = $('f-check').value, account = $('f-account').value,
        region = $('f-region').value, text = $('f-text').value.trim().toLowerCase(), severity = $('f-severity').value;
    saveFilters();
    var shown = findings.filter(function (f) {
      return (status === '*' || f.status === status) && (check === '*' || f.check_id === check) &&
             (severity === '*' || f.severity === severity) &&
             (account === '*' || f.account_id === account) && (region === '*' || f.region === region) &&
             (text === '' || f._text.indexOf(text) !== -1);
    });
    shown.sort(compare);
    shownNow = shown;
    var body = document.createElement('tbody');
    body.id = 'findings-body';
    shown.slice(0, MAX_ROWS).forEach(function (f) { body.appendChild(row(f)); });
    $('findings-body').replaceWith(body);
    $('shown-count').textContent = String(shown.length);
    $('truncated').hidden = shown.length <= MAX_ROWS;
    document.querySelectorAll('#findings th[data-key]').forEach(function (th) {
      if (th.dataset.key === sort.key) th.setAttribute('aria-sort', sort.dir > 0 ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
  }

  // The filter state lives in the URL fragment (#status=FAIL&severity=high), so a filtered view
  // can be bookmarked or sent; an unknown value is ignored.
  function saveFilters() {
    var parts = [];
    Object.keys(FILTERS).forEach(function (key) {
      var value = $(FILTERS[key]).value;
      if (value !== '*' && value !== '') parts.push(key + '=' + encodeURIComponent(value));
    });
    var hash = parts.length ? '#' + parts.join('&') : '';
    if (hash !== location.hash && (hash !== '' || location.hash !== '')) {
      history.replaceState(null, '', hash === '' ? location.pathname + location.search : hash);
    }
  }
  function loadFilters() {
    Object.keys(FILTERS).forEach(function (key) {
      var el = $(FILTERS[key]);
      el.value = el.tagName === 'INPUT' ? '' : '*';
    });
    location.hash.replace(/^#/, '').split('&').forEach(function (part) {
      var eq = part.indexOf('=');
      if (eq < 0 || !FILTERS[part.slice(0, eq)]) return;
      var el = $(FILTERS[part.slice(0, eq)]), value = decodeURIComponent(part.slice(eq + 1));
      if (el.tagName === 'INPUT') { el.value = value; return; }
      for (var i = 0; i < el.options.length; ++i) {
        if (el.options[i].value === value) el.value = value;
      }
    });
  }

  document.querySelectorAll('#findings th[data-key] button').forEach(function (button) {
    button.addEventListener('click', function () {
      var key = button.parentNode.dataset.key;
      sort = {key: key, dir: sort.key === key ? -sort.dir : 1};
      render();
    });
  });
  ['f-status', 'f-severity', 'f-check', 'f-account', 'f-region'].forEach(function (id) {
    $(id).addEventListener('change', render);
  });
  $('f-text').addEventListener('input', render);
  $('export-csv').addEventListener('click', exportCsv);
  $('export-json').addEventListener('click', exportJson);
  window.addEventListener('hashchange', function () { loadFilters(); render(); });
  $('filters').hidden = false;
  loadFilters();
  render();
  document.body.dataset.ready = 'true';
})();
)js";
}

}  // namespace rolecall::report::html
