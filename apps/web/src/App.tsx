import { lazy, Suspense } from 'react'
import { parseRoute, usePathname } from './lib/routing'
// Applies the device's easy read choice (words and page styles) before anything renders.
import './lib/easyRead'
import { HomePage } from './pages/HomePage'
import { NotFoundPage } from './pages/NotFoundPage'
import { presenterBoardId } from './presenter/route'
import { strings } from './strings'

// The board page carries tldraw (about 2 MB); the start page loads without it.
const BoardPage = lazy(() => import('./pages/BoardPage'))
// The shared screen (projector view), `/b/:id/present`: also tldraw, loaded only there.
const PresenterPage = lazy(() => import('./pages/PresenterPage'))

/** Picks the page from the URL: `/` home, `/b/:id` a board, `/b/:id/present` the shared screen, else "page not found". */
export function App() {
  const pathname = usePathname()
  const presenting = presenterBoardId(pathname)
  if (presenting) {
    return (
      <Suspense
        fallback={
          <p className="rt-centre rt-muted" role="status">
            {strings.board.connecting}
          </p>
        }
      >
        <PresenterPage key={presenting} boardId={presenting} />
      </Suspense>
    )
  }
  const route = parseRoute(pathname)
  switch (route.name) {
    case 'home':
      return <HomePage />
    case 'board':
      return (
        <Suspense
          fallback={
            <p className="rt-centre rt-muted" role="status">
              {strings.board.connecting}
            </p>
          }
        >
          <BoardPage key={route.boardId} boardId={route.boardId} />
        </Suspense>
      )
    case 'not-found':
      return <NotFoundPage />
  }
}
