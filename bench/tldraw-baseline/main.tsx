// tldraw on its own, the smallest app that shows its editor: the yardstick for the board page's JavaScript size
// (bench/src/scenarios/tldrawBaseline.ts builds it with Vite, the way apps/web is built).
import { createRoot } from 'react-dom/client'
import { Tldraw } from 'tldraw'
import 'tldraw/tldraw.css'

createRoot(document.getElementById('root')!).render(
  <div style={{ position: 'fixed', inset: 0 }}>
    <Tldraw />
  </div>,
)
