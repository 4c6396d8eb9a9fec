import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './phone.css'
// Easy read, if this phone chose it on another Roundtable page: simpler words here too.
import '../lib/easyRead'
import { strings } from '../strings'
import { PhoneApp } from './PhoneApp'
import { phoneBoardId } from './route'

/**
 * The phone page's own entry (phone.html). It must stay small: no tldraw, no canvas. The build checks this (see
 * e2e/tests/room.test.ts, which measures what a phone downloads).
 */
const root = document.getElementById('root')
if (!root) throw new Error('phone.html has no #root element')
const boardId = phoneBoardId(window.location.pathname)
createRoot(root).render(
  <StrictMode>
    {boardId ? (
      <PhoneApp boardId={boardId} />
    ) : (
      <main className="ph-message">
        <h1>{strings.notFound.title}</h1>
        <p>{strings.notFound.body}</p>
      </main>
    )}
  </StrictMode>,
)
