import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'

/** A file served under `/s/assets/`, read once at start, with an ETag so browsers revalidate cheaply. */
export interface PageAsset {
  body: string
  contentType: string
  etag: string
}

function asset(name: string, contentType: string): PageAsset {
  const body = readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8')
  return { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` }
}

/** The summary page's script and styles. Files, never inline, so a strict Content-Security-Policy can apply. */
export const SUMMARY_ASSETS: Readonly<Record<string, PageAsset>> = {
  'summary.js': asset('summary.js', 'text/javascript; charset=utf-8'),
  'summary.css': asset('summary.css', 'text/css; charset=utf-8'),
}

/**
 * The summary page's HTML, for a session (`/s/:id`) and for a series (`/s/series/:id`). It holds no session data: the script reads the key from the link's fragment (which the
 * server never sees), asks `GET /api/boards/:id/summary` for the summary with it, and draws the page.
 */
export const SUMMARY_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>Session summary</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/s/assets/summary.css">
<script src="/s/assets/summary.js" defer></script>
</head>
<body>
<div class="page">
  <header class="top">
    <p class="kicker" id="kicker">Session summary</p>
    <h1 id="title" dir="auto">Loading the summary…</h1>
    <p id="dates" class="dates"></p>
    <div class="tools" role="group" aria-label="Page settings">
      <button type="button" id="easy-read" aria-pressed="false" hidden>Easy read</button>
      <button type="button" id="print" hidden>Print or save as PDF</button>
    </div>
  </header>
  <main id="content">
    <noscript><p class="notice">This page needs JavaScript turned on to show the summary.</p></noscript>
  </main>
  <section id="share" class="share" aria-labelledby="share-heading" hidden>
    <h2 id="share-heading">Pass this summary on</h2>
    <p>Everyone who took part can open this summary with this link, or by scanning the code with a phone camera. It shows the summary and nothing else.</p>
    <div class="share__row">
      <div id="share-qr" class="share__qr"></div>
      <p class="share__link"><a id="share-link" href="#"></a></p>
    </div>
    <p id="share-calendar" class="share__calendar" hidden></p>
  </section>
  <footer class="bottom">
    <p id="status" role="status"></p>
    <p class="made-with">Made with Roundtable. This page shows the latest news each time you open it, and checks again every 20 seconds.</p>
  </footer>
</div>
</body>
</html>
`
