// The inspector's page (`listen --inspect`): one self-contained HTML document, served with a strict CSP that
// names its one inline script and its one inline style by hash. What it shows (entry.ts) came from whoever
// sent a request, so the page builds every node with createElement and sets text with textContent only.
import { createHash } from 'node:crypto';
import type { InspectedDetail, InspectedSummary, InspectedText, InspectorEvicted, InspectorHello } from './entry.js';

const STYLE = `
:root{--bg:#f5f6f8;--panel:#fff;--fg:#1c2230;--muted:#69707d;--line:#e2e5ea;--head:#f0f2f5;--sel:#e6efff;--sel-line:#2f6fed;
--green:#146c36;--green-bg:#def3e6;--grey:#4d5562;--grey-bg:#e9ebef;--amber:#8a5a00;--amber-bg:#fcefd2;--red:#b3261e;--red-bg:#fde6e3;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
*{box-sizing:border-box}
[hidden]{display:none!important}
html,body{margin:0;background:var(--bg);color:var(--fg)}
body{font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header{display:flex;flex-wrap:wrap;align-items:center;gap:.35rem 1.2rem;padding:.65rem 1rem;background:#1c2230;color:#fff}
h1{margin:0;font-size:15px;font-weight:600}
h2{margin:0;font-size:15px;font-weight:600;font-family:var(--mono);overflow-wrap:anywhere}
h3{margin:0 0 .4rem;font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.where{color:#c3c9d4}.where b{color:#fff;font-weight:500;font-family:var(--mono);font-size:12px}
#connection{margin-left:auto;display:inline-flex;align-items:center;gap:.4rem;padding:.1rem .6rem;border-radius:999px;background:#2c3445;color:#fbbf24;font-size:12px}
#connection::before{content:"";width:8px;height:8px;border-radius:50%;background:currentColor}
#connection.live{color:#4ade80}
.toolbar{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.5rem 1rem;background:var(--panel);border-bottom:1px solid var(--line)}
.toolbar label{color:var(--muted);margin-right:.3rem}
select,button{font:inherit;color:inherit}
select{padding:.2rem .4rem;border:1px solid #c9ced6;border-radius:4px;background:#fff}
#count{margin-left:auto;color:var(--muted)}
.list{max-height:48vh;overflow:auto;contain:content;background:var(--panel);border-bottom:1px solid var(--line)}
table{border-collapse:collapse;width:100%}
#requests{table-layout:fixed;min-width:58rem}
#requests .time{width:7.5rem}#requests .sender{width:8.5rem}#requests .type{width:12rem}#requests .kind{width:8rem}
#requests .verdict{width:16.5rem}#requests .app{width:8.5rem}#requests .sent{width:3.6rem}
#requests th{position:sticky;top:0;z-index:1;background:var(--head);text-align:left;font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);padding:.35rem .6rem;border-bottom:1px solid var(--line);white-space:nowrap}
#requests td{padding:.3rem .6rem;border-bottom:1px solid var(--line);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
#requests tbody tr{cursor:pointer}
#requests tbody tr:hover{background:#f7f9fc}
#requests tbody tr.selected{background:var(--sel)}
#requests tbody tr:focus-visible{outline:2px solid var(--sel-line);outline-offset:-2px}
#requests tbody tr td:first-child{border-left:3px solid transparent}
#requests tbody tr.o-accepted td:first-child{border-left-color:#34a853}
#requests tbody tr.o-refused td:first-child,#requests tbody tr.o-failed td:first-child{border-left-color:#d93025}
#requests tbody tr.o-pending td:first-child,#requests tbody tr.o-in-progress td:first-child,#requests tbody tr.o-defaulted td:first-child{border-left-color:#f2a900}
#requests tbody tr.o-duplicate td:first-child{border-left-color:#9aa0a6}
td.time,td.sender,td.request,td.sent,td.app{font-family:var(--mono);font-size:12px}
td.time{color:var(--muted)}
td.request b{font-weight:600;margin-right:.4em}
.muted,td .size,td .none{color:var(--muted)}
td .size{margin-left:.4em}
td.verdict .code,.facts .code{font-family:var(--mono);font-size:12px;margin-left:.4em}
.s-ok{color:var(--green);font-weight:600}.s-err{color:var(--red);font-weight:600}.s-wait{color:var(--muted)}
.badge{display:inline-block;padding:0 .5em;border-radius:999px;font-size:11px;font-weight:600;line-height:18px;background:var(--grey-bg);color:var(--grey)}
.b-accepted{background:var(--green-bg);color:var(--green)}
.b-pending,.b-in-progress,.b-defaulted{background:var(--amber-bg);color:var(--amber)}
.b-refused,.b-failed{background:var(--red-bg);color:var(--red)}
#empty{margin:0;padding:1.2rem 1rem;color:var(--muted)}
#detail{padding:1rem}
#detail-empty{color:var(--muted);margin:0}
.detail-head{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;margin-bottom:.8rem}
button{padding:.3rem .8rem;border:1px solid #2f6fed;border-radius:4px;background:#2f6fed;color:#fff;cursor:pointer}
button:disabled{background:#e9ebef;border-color:#d5d9df;color:#8a919c;cursor:not-allowed}
#resend-status.ok{color:var(--green)}#resend-status.error{color:var(--red)}
#detail-gone{margin:0 0 .8rem;padding:.5rem .8rem;border-radius:4px;background:var(--grey-bg);color:var(--grey)}
.facts{display:flex;flex-wrap:wrap;gap:.3rem 1.6rem;margin:0 0 .9rem}
.facts div{display:flex;gap:.4rem;align-items:baseline}.facts dt{color:var(--muted)}.facts dd{margin:0;overflow-wrap:anywhere}
.hint{margin:0 0 .9rem;padding:.6rem .9rem;border-left:4px solid #d93025;border-radius:4px;background:var(--red-bg)}
.hint strong{display:block;color:var(--red);font-family:var(--mono);font-size:12px}
.hint p{margin:.2rem 0 0;font-size:14px}
.note{margin:0 0 .9rem;padding:.5rem .9rem;border-left:4px solid #f2a900;border-radius:4px;background:var(--amber-bg)}
.answers{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem;margin-bottom:1rem}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.7rem .9rem;min-width:0}
.panel p{margin:.2rem 0}
.line{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem}
.meta{color:var(--muted);font-size:12px;margin:.5rem 0 0}
.truncated{color:var(--amber);font-weight:600}
pre{margin:.3rem 0 0;padding:.55rem .7rem;max-height:26rem;overflow:auto;background:#f6f8fa;border:1px solid var(--line);border-radius:4px;font:12px/1.45 var(--mono);white-space:pre-wrap;overflow-wrap:anywhere}
.headers{width:100%;font:12px/1.45 var(--mono)}
.headers th,.headers td{text-align:left;vertical-align:top;padding:.15rem .6rem .15rem 0;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
.headers th{font-weight:600;white-space:nowrap;width:1%}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem}
`;

const BODY = `<header>
<h1>wmspanel-notifications inspector</h1>
<span class="where" id="listening"></span>
<span class="where" id="forwarding" hidden></span>
<span id="connection" role="status">connecting&hellip;</span>
</header>
<div class="toolbar">
<span><label for="filter-kind">Kind</label><select id="filter-kind"><option value="">every kind</option><option value="none">not recognised</option></select></span>
<span><label for="filter-verdict">Verdict</label><select id="filter-verdict"><option value="">every verdict</option><option>pending</option><option>accepted</option><option>duplicate</option><option>in-progress</option><option>refused</option><option>defaulted</option><option>failed</option></select></span>
<span id="count" aria-live="polite">0 requests</span>
</div>
<main>
<div class="list">
<table id="requests" aria-label="Requests received, newest first">
<thead><tr><th scope="col" class="time">Time (UTC)</th><th scope="col" class="sender">Sender</th><th scope="col" class="request">Request</th><th scope="col" class="type">Type</th><th scope="col" class="kind">Kind</th><th scope="col" class="verdict">Verdict</th><th scope="col" class="app" hidden>App</th><th scope="col" class="sent">Sent</th></tr></thead>
<tbody></tbody>
</table>
<p id="empty">No requests yet: they appear here as they arrive.</p>
</div>
<section id="detail" aria-label="Selected request">
<p id="detail-empty">Select a request to see its verdict, answer, headers and body.</p>
<div id="detail-body" hidden>
<div class="detail-head"><h2 id="detail-title"></h2><button id="resend" type="button" disabled>Send again</button><span id="resend-status" role="status"></span></div>
<p id="detail-gone" hidden></p>
<div id="detail-content"></div>
</div>
</section>
</main>`;

/** The page's script. It runs in the browser from its source text, so it uses nothing of this module. */
function pageScript(): void {
  type FeedEvent = { type: 'hello'; data: InspectorHello } | { type: 'entry'; data: InspectedSummary } | { type: 'evicted'; data: InspectorEvicted };

  const byId = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
  const table = byId<HTMLTableElement>('requests');
  const tbody = table.tBodies[0]!;
  const appHeader = table.tHead!.querySelector<HTMLElement>('th.app')!;
  const kindSelect = byId<HTMLSelectElement>('filter-kind');
  const verdictSelect = byId<HTMLSelectElement>('filter-verdict');
  const count = byId('count');
  const connection = byId('connection');
  const listening = byId('listening');
  const forwarding = byId('forwarding');
  const empty = byId('empty');
  const detailEmpty = byId('detail-empty');
  const detailBody = byId('detail-body');
  const detailTitle = byId('detail-title');
  const detailGone = byId('detail-gone');
  const detailContent = byId('detail-content');
  const resend = byId<HTMLButtonElement>('resend');
  const resendStatus = byId('resend-status');

  const COLUMNS = ['time', 'sender', 'request', 'type', 'kind', 'verdict', 'app', 'sent'];
  let limit = 500;
  let forwardTo: string | null = null;
  /** Ids below it were evicted: a late update to one is dropped. */
  let floor = 0;
  const entries = new Map<number, InspectedSummary>();
  const rows = new Map<number, HTMLTableRowElement>();
  const kinds = new Set<string>();
  let queue: FeedEvent[] = [];
  let scheduled = false;
  let selected: number | null = null;
  let detailToken = 0;
  let resending = false;

  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] => {
    const node = document.createElement(tag);
    if (className !== undefined && className !== '') node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const time = (iso: string): string => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(11, 23);
  };
  const size = (bytes: number): string =>
    bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1048576).toFixed(1)} MB`;
  const statusClass = (status: number): string => (status === 0 ? 's-wait' : status < 400 ? 's-ok' : 's-err');
  const badge = (outcome: string): HTMLElement => el('span', `badge b-${outcome}`, outcome);
  const plural = (n: number): string => `${n} request${n === 1 ? '' : 's'}`;
  const kindOf = (entry: InspectedSummary): string => entry.kind ?? 'none';
  const visible = (entry: InspectedSummary): boolean =>
    (kindSelect.value === '' || kindSelect.value === kindOf(entry)) && (verdictSelect.value === '' || verdictSelect.value === entry.verdict.outcome);

  const addKind = (kind: string): void => {
    if (kinds.has(kind)) return;
    kinds.add(kind);
    const option = el('option', '', kind);
    option.value = kind;
    kindSelect.insertBefore(option, kindSelect.lastElementChild);
  };

  const applyHello = (hello: InspectorHello): void => {
    limit = Math.max(1, hello.limit);
    forwardTo = hello.forwardTo;
    listening.replaceChildren('listening on ', el('b', '', hello.listening));
    forwarding.replaceChildren('forwarding to ', el('b', '', hello.forwardTo ?? ''));
    forwarding.hidden = hello.forwardTo === null;
    appHeader.hidden = hello.forwardTo === null;
    const chosen = kindSelect.value;
    for (const kind of kinds) kindSelect.querySelector(`option[value="${CSS.escape(kind)}"]`)?.remove();
    kinds.clear();
    for (const kind of hello.kinds) addKind(kind);
    if (chosen !== '' && chosen !== 'none') addKind(chosen);
    kindSelect.value = chosen;
  };

  const appCell = (cell: HTMLElement, entry: InspectedSummary): void => {
    const forward = entry.forward;
    if (forward === null) cell.replaceChildren(el('span', 'none', '\u2014'));
    else if (forward.outcome === 'answered') cell.replaceChildren(el('span', statusClass(forward.status ?? 0), String(forward.status)), el('span', 'size', `${forward.ms ?? 0} ms`));
    else if (forward.outcome === 'pending') cell.replaceChildren(el('span', 's-wait', 'waiting\u2026'));
    else if (forward.outcome === 'not-sent') cell.replaceChildren(el('span', 's-wait', 'not sent'));
    else cell.replaceChildren(el('span', 's-err', forward.outcome), el('span', 'size', forward.ms === null ? '' : `${forward.ms} ms`));
  };

  const makeRow = (id: number): HTMLTableRowElement => {
    const row = el('tr');
    row.dataset.id = String(id);
    row.tabIndex = 0;
    for (const name of COLUMNS) {
      if (name !== 'app' || forwardTo !== null) row.append(el('td', name));
    }
    return row;
  };

  const fillRow = (row: HTMLTableRowElement, entry: InspectedSummary): void => {
    const outcome = entry.verdict.outcome;
    row.dataset.kind = kindOf(entry);
    row.dataset.outcome = outcome;
    row.className = `o-${outcome}${entry.id === selected ? ' selected' : ''}`;
    row.setAttribute('aria-selected', String(entry.id === selected));
    row.hidden = !visible(entry);
    const cell = (name: string): HTMLElement => row.cells[COLUMNS.indexOf(name) - (forwardTo === null && name === 'sent' ? 1 : 0)]!;
    cell('time').textContent = time(entry.receivedAt);
    cell('sender').textContent = entry.sender;
    cell('request').replaceChildren(el('b', '', entry.method), entry.path);
    cell('request').title = `${entry.method} ${entry.path}`;
    cell('type').replaceChildren(entry.contentType ?? el('span', 'none', 'no type'), el('span', 'size', entry.bodyBytes === null ? '' : size(entry.bodyBytes)));
    cell('kind').replaceChildren(entry.kind ?? el('span', 'none', 'not recognised'));
    const verdict = [badge(outcome)];
    if (entry.verdict.status !== 0) verdict.push(el('span', 'code', String(entry.verdict.status)));
    if (entry.verdict.code !== null) verdict.push(el('span', 'code', entry.verdict.code));
    cell('verdict').replaceChildren(...verdict);
    cell('verdict').title = entry.verdict.message ?? '';
    cell('type').title = cell('type').textContent ?? '';
    if (forwardTo !== null) appCell(cell('app'), entry);
    const sent = cell('sent');
    sent.className = `sent ${statusClass(entry.sentStatus)}`;
    sent.textContent = entry.sentStatus === 0 ? '\u2026' : String(entry.sentStatus);
  };

  const updateCount = (): void => {
    let shown = 0;
    for (const entry of entries.values()) if (visible(entry)) shown++;
    const filtered = kindSelect.value !== '' || verdictSelect.value !== '';
    count.textContent = filtered ? `${shown} of ${plural(entries.size)}` : plural(entries.size);
    empty.hidden = entries.size !== 0;
  };

  const applyFilters = (): void => {
    for (const [id, row] of rows) row.hidden = !visible(entries.get(id)!);
    updateCount();
  };

  const textBlock = (text: InspectedText, contentType: string | null, className: string): HTMLElement[] => {
    const meta = el('p', 'meta', [contentType ?? 'no content type', size(text.bytes), text.json ? 'JSON, pretty-printed' : 'text'].join(' \u00b7 '));
    if (text.truncated) meta.append(' ', el('span', 'truncated', '(truncated)'));
    return [meta, el('pre', className, text.text === '' ? '(empty)' : text.text)];
  };

  const renderDetail = (detail: InspectedDetail): void => {
    const verdict = detail.verdict;
    detailTitle.textContent = `#${detail.id} ${detail.method} ${detail.path}`;
    detailGone.hidden = true;
    resend.disabled = resending || !detail.resendable;
    resend.title = detail.resendable ? 'Post this exact body to listen again' : 'Its body was not kept whole, so it cannot be sent again';
    const parts: HTMLElement[] = [];

    const facts = el('dl', 'facts');
    const fact = (name: string, value: string | HTMLElement): void => {
      const pair = el('div');
      const dd = el('dd');
      dd.append(value);
      pair.append(el('dt', '', name), dd);
      facts.append(pair);
    };
    fact('received', `${time(detail.receivedAt)} UTC`);
    fact('from', detail.sender);
    fact('kind', detail.kind ?? 'not recognised');
    const verdictLine = el('span', 'line');
    verdictLine.append(badge(verdict.outcome));
    if (verdict.code !== null) verdictLine.append(el('span', 'code', verdict.code));
    fact('verdict', verdictLine);
    fact('sender got', el('span', statusClass(detail.sentStatus), detail.sentStatus === 0 ? 'nothing yet' : String(detail.sentStatus)));
    parts.push(facts);

    if (verdict.message !== null) {
      const refusal = verdict.outcome === 'refused' || verdict.outcome === 'failed';
      const box = el('div', refusal ? 'hint' : 'note');
      if (refusal) box.append(el('strong', '', `${verdict.code ?? verdict.outcome} \u00b7 ${verdict.status}`));
      box.append(el('p', '', verdict.message));
      parts.push(box);
    }

    const answers = el('div', 'answers');
    const ours = el('div', 'panel ours');
    const oursStatus = el('p', 'line');
    oursStatus.append(badge(verdict.outcome), el('span', statusClass(verdict.status), verdict.status === 0 ? 'deciding\u2026' : `answers ${verdict.status}`));
    ours.append(el('h3', '', forwardTo === null ? 'This package' : 'This package (would answer)'), oursStatus);
    if (detail.answer === null) ours.append(el('p', 'muted', 'No answer yet.'));
    else ours.append(...textBlock(detail.answer.body, detail.answer.contentType, 'answer'));
    answers.append(ours);
    if (forwardTo !== null) {
      const theirs = el('div', 'panel theirs');
      const heading = el('h3', '', 'Your app');
      const forward = detail.forward;
      const line = el('p', 'line');
      if (forward === null || forward.outcome === 'pending') line.append(el('span', 's-wait', forward === null ? 'not forwarded' : 'waiting for its answer\u2026'));
      else if (forward.outcome === 'answered') line.append(el('span', statusClass(forward.status ?? 0), `answered ${forward.status}`), el('span', 'muted', `in ${forward.ms} ms`));
      else {
        const what = forward.outcome === 'timeout' ? 'timed out: the sender got 504' : forward.outcome === 'down' ? 'down: the sender got 502' : 'not sent to it';
        line.append(el('span', forward.outcome === 'not-sent' ? 's-wait' : 's-err', what));
        if (forward.ms !== null) line.append(el('span', 'muted', `after ${forward.ms} ms`));
      }
      theirs.append(heading, line);
      if (forward?.error != null) theirs.append(el('p', 'muted', forward.error));
      if (detail.forwardAnswer !== null) theirs.append(...textBlock(detail.forwardAnswer.body, detail.forwardAnswer.contentType, 'answer'));
      answers.append(theirs);
    }
    parts.push(answers);

    const sections = el('div', 'grid2');
    const headers = el('div', 'panel');
    const headerTable = el('table', 'headers');
    headerTable.setAttribute('aria-label', 'Request headers');
    for (const [name, value] of detail.headers) {
      const row = el('tr');
      row.append(el('th', '', name), el('td', '', value));
      headerTable.append(row);
    }
    headers.append(el('h3', '', `Headers (${detail.headers.length})`), headerTable);
    const body = el('div', 'panel');
    body.append(el('h3', '', 'Body'));
    if (detail.body === null) body.append(el('p', 'muted', 'No body was read.'));
    else body.append(...textBlock(detail.body, detail.contentType, 'body'));
    sections.append(body, headers);
    parts.push(sections);
    detailContent.replaceChildren(...parts);
  };

  const errorOf = async (response: Response): Promise<string> => {
    try {
      const answer = (await response.json()) as { error?: { message?: unknown } };
      if (typeof answer.error?.message === 'string') return answer.error.message;
    } catch {
      // Not JSON: the status says it.
    }
    return `the inspector answered ${response.status}`;
  };

  const markGone = (): void => {
    detailGone.textContent = `This request was dropped from the history (the inspector keeps the last ${limit}); what it showed last is below.`;
    detailGone.hidden = false;
    resend.disabled = true;
  };

  const loadDetail = async (id: number): Promise<void> => {
    const token = ++detailToken;
    try {
      const response = await fetch(`/api/requests/${id}`, { cache: 'no-store', headers: { accept: 'application/json' } });
      if (token !== detailToken) return;
      if (response.status === 404) return markGone();
      if (!response.ok) {
        const message = await errorOf(response);
        if (token === detailToken) detailContent.replaceChildren(el('p', 's-err', `Could not load it: ${message}`));
        return;
      }
      const detail = (await response.json()) as InspectedDetail;
      if (token === detailToken && selected === id) renderDetail(detail);
    } catch (error) {
      if (token === detailToken) detailContent.replaceChildren(el('p', 's-err', `Could not load it: ${String(error)}`));
    }
  };

  const select = (id: number): void => {
    const entry = entries.get(id);
    if (entry === undefined) return;
    if (selected !== null) {
      const previous = rows.get(selected);
      previous?.classList.remove('selected');
      previous?.setAttribute('aria-selected', 'false');
    }
    const row = rows.get(id);
    row?.classList.add('selected');
    row?.setAttribute('aria-selected', 'true');
    if (selected !== id) {
      resendStatus.textContent = '';
      resendStatus.className = '';
    }
    selected = id;
    detailEmpty.hidden = true;
    detailBody.hidden = false;
    detailGone.hidden = true;
    detailTitle.textContent = `#${id} ${entry.method} ${entry.path}`;
    resend.disabled = resending || !entry.resendable;
    detailContent.replaceChildren(el('p', 'muted', 'Loading\u2026'));
    void loadDetail(id);
  };

  const flush = (): void => {
    scheduled = false;
    const events = queue;
    queue = [];
    if (events.length === 0) return;
    const dirty = new Set<number>();
    let rebuild = false;
    for (const event of events) {
      if (event.type === 'hello') {
        applyHello(event.data);
        entries.clear();
        dirty.clear();
        floor = 0;
        rebuild = true;
      } else if (event.type === 'entry') {
        if (event.data.id < floor) continue;
        entries.set(event.data.id, event.data);
        dirty.add(event.data.id);
      } else {
        floor = Math.max(floor, event.data.before);
      }
    }
    for (const id of entries.keys()) if (id < floor) entries.delete(id);
    if (entries.size > limit) {
      const ids = [...entries.keys()].sort((a, b) => a - b);
      for (const id of ids.slice(0, ids.length - limit)) entries.delete(id);
    }
    // A burst of more than `limit` replaces every row: one clear costs far less than hundreds of removals.
    if (rebuild || [...rows.keys()].every((id) => !entries.has(id))) {
      tbody.replaceChildren();
      rows.clear();
    }
    for (const [id, row] of rows) {
      if (entries.has(id)) continue;
      row.remove();
      rows.delete(id);
    }
    const added: number[] = [];
    for (const id of dirty) {
      const entry = entries.get(id);
      if (entry === undefined) continue;
      if (entry.kind !== null) addKind(entry.kind);
      let row = rows.get(id);
      if (row === undefined) {
        row = makeRow(id);
        rows.set(id, row);
        added.push(id);
      }
      fillRow(row, entry);
    }
    // Newest first: merge the new rows (newest first) into the rows shown, which are in that order already.
    added.sort((a, b) => b - a);
    let next = tbody.firstElementChild as HTMLElement | null;
    let run = document.createDocumentFragment();
    for (const id of added) {
      while (next !== null && Number(next.dataset.id) > id) {
        if (run.firstChild !== null) tbody.insertBefore(run, next);
        run = document.createDocumentFragment();
        next = next.nextElementSibling as HTMLElement | null;
      }
      run.append(rows.get(id)!);
    }
    if (run.firstChild !== null) tbody.insertBefore(run, next);
    updateCount();
    if (selected !== null) {
      if (!entries.has(selected)) {
        if (!detailBody.hidden) markGone();
      } else if (dirty.has(selected)) {
        rows.get(selected)?.classList.add('selected');
        void loadDetail(selected);
      }
    }
  };

  const enqueue = (event: FeedEvent): void => {
    queue.push(event);
    // A hidden tab runs no animation frame: a burst is applied at once rather than held.
    if (queue.length > 20000) flush();
    if (scheduled) return;
    scheduled = true;
    if (document.hidden) setTimeout(flush, 200);
    else requestAnimationFrame(flush);
  };

  const setLive = (live: boolean): void => {
    connection.textContent = live ? 'live' : 'reconnecting\u2026';
    connection.className = live ? 'live' : '';
  };

  const connect = (): void => {
    const source = new EventSource('/events');
    const listen = (type: FeedEvent['type']): void => {
      source.addEventListener(type, (event: MessageEvent<string>) => {
        let data: unknown;
        try {
          data = JSON.parse(event.data);
        } catch {
          return;
        }
        if (type === 'hello') setLive(true);
        enqueue({ type, data } as FeedEvent);
      });
    };
    listen('hello');
    listen('entry');
    listen('evicted');
    source.addEventListener('error', () => {
      setLive(false);
      // EventSource retries by itself unless the server answered with an error: then start again.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, 2000);
      }
    });
  };

  tbody.addEventListener('click', (event) => {
    const row = (event.target as Element).closest('tr');
    if (row?.dataset.id !== undefined) select(Number(row.dataset.id));
  });
  tbody.addEventListener('keydown', (event) => {
    const row = (event.target as Element).closest('tr');
    if (row === null) return;
    let target: Element | null = row;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      do target = event.key === 'ArrowDown' ? target.nextElementSibling : target.previousElementSibling;
      while (target !== null && (target as HTMLElement).hidden);
    } else if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    if (target instanceof HTMLTableRowElement) {
      target.focus();
      select(Number(target.dataset.id));
    }
  });
  kindSelect.addEventListener('change', applyFilters);
  verdictSelect.addEventListener('change', applyFilters);

  resend.addEventListener('click', async () => {
    if (selected === null) return;
    const id = selected;
    resending = true;
    resend.disabled = true;
    resendStatus.className = '';
    resendStatus.textContent = 'sending\u2026';
    let message: string;
    let ok = false;
    try {
      const response = await fetch(`/api/requests/${id}/resend`, { method: 'POST', headers: { 'x-wmspanel-inspector': '1' } });
      ok = response.status === 202;
      message = ok ? 'Sent again as a new request: it is at the top of the list.' : `Not sent again: ${await errorOf(response)}`;
    } catch {
      message = 'Not sent again: the inspector could not be reached.';
    }
    resending = false;
    if (selected !== id) return;
    resendStatus.className = ok ? 'ok' : 'error';
    resendStatus.textContent = message;
    resend.disabled = !(entries.get(id)?.resendable ?? false);
  });

  connect();
}

let page: { html: string; csp: string } | undefined;

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function buildPage(): { html: string; csp: string } {
  // The compiler that built this module may have written the script's strings in UTF-8 or as \u escapes:
  // escaped, the hashed text is ASCII, which no charset can read differently. Non-ASCII text is only ever
  // in its string literals, where an escape means the same.
  const source = pageScript.toString().replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const script = `'use strict';(${source})();`;
  if (/<\/script/i.test(script) || /<\/style/i.test(STYLE)) throw new Error('the inspector page would close its own script or style');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>wmspanel-notifications inspector</title>
<style>${STYLE}</style>
</head>
<body>
${BODY}
<script>${script}</script>
</body>
</html>
`;
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(STYLE)}`,
    "connect-src 'self'",
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return Object.freeze({ html, csp });
}

/**
 * The inspector's page: one self-contained HTML document (its style and script inline, nothing fetched but
 * the inspector's own `/events` feed and `/api/requests/…`), and the Content-Security-Policy to serve it
 * with, which allows exactly that inline script and style by their SHA-256. Built on the first call.
 *
 * @example
 * ```ts
 * const { html, csp } = inspectorPage();
 * response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
 * response.end(html);
 * ```
 */
export function inspectorPage(): { html: string; csp: string } {
  page ??= buildPage();
  return page;
}
