import { useEffect, useId, useRef, useState } from 'react'
import { useValue, type Editor, type TLPageId } from 'tldraw'
import { addTemplateBoard, TEMPLATES, type TemplateId } from '@roundtable/board'
import type { BoardSession } from '../sync/boardSession'
import { strings } from '../strings'
import './templates.css'

/**
 * "Add a board from a template": offered, never imposed. Anyone who can edit may add one; it becomes a new board
 * (tldraw page) after the others and this person is taken to it. Nothing on the existing boards changes, and
 * every part of the template can be changed or deleted like anything else.
 */
export function TemplateButton({ session, editor }: { session: BoardSession; editor: Editor | null }) {
  const dialog = useRef<HTMLDialogElement>(null)
  const [done, setDone] = useState<string | null>(null)
  const [failed, setFailed] = useState(false)
  const ids = { title: useId(), intro: useId() }
  const full = useValue('boards full', () => (editor ? editor.getPages().length >= editor.options.maxPages : false), [
    editor,
  ])

  useEffect(() => {
    if (!done) return
    const timer = setTimeout(() => setDone(null), 8000)
    return () => clearTimeout(timer)
  }, [done])

  const add = (templateId: TemplateId, name: string): void => {
    setFailed(false)
    try {
      const { pageId } = addTemplateBoard(session.doc, templateId)
      // The binding has already put the new board into the editor's store; go there, and bring all of it into view
      // (a new page's camera starts wherever it was, which can leave the template's boxes off screen).
      if (editor?.getPage(pageId as TLPageId)) {
        editor.setCurrentPage(pageId as TLPageId)
        editor.zoomToFit()
        requestAnimationFrame(() => editor.getCurrentPageId() === pageId && editor.zoomToFit())
      }
      dialog.current?.close()
      setDone(strings.room.templateAdded(name))
    } catch {
      setFailed(true)
    }
  }

  return (
    <div className="rt-templates">
      <button
        type="button"
        className="rt-button rt-button--secondary rt-templates__open"
        disabled={!editor}
        onClick={() => {
          setFailed(false)
          dialog.current?.showModal()
        }}
      >
        <span className="rt-templates__plus" aria-hidden="true">
          +
        </span>
        {strings.room.templatesLabel}
      </button>
      <p className="rt-small rt-templates__status" role="status">
        {done ?? ''}
      </p>
      <dialog ref={dialog} className="rt-templates__dialog" aria-labelledby={ids.title} aria-describedby={ids.intro}>
        <h2 id={ids.title} className="rt-templates__title">
          {strings.room.templatesTitle}
        </h2>
        <p id={ids.intro}>{strings.room.templatesIntro}</p>
        {full && (
          <p className="rt-error" role="alert">
            {strings.room.templatesFull}
          </p>
        )}
        <ul className="rt-templates__list">
          {TEMPLATES.map((template) => (
            <li key={template.id} className="rt-templates__item">
              <h3 className="rt-subtitle">{template.name}</h3>
              <p className="rt-small">{template.description}</p>
              <p className="rt-small rt-muted">{template.boxes.map((box) => box.title).join(' · ')}</p>
              <button
                type="button"
                className="rt-button rt-button--primary"
                disabled={full}
                onClick={() => add(template.id, template.name)}
              >
                {strings.room.templateAdd(template.name)}
              </button>
            </li>
          ))}
        </ul>
        {failed && (
          <p className="rt-error" role="alert">
            {strings.room.templatesFailed}
          </p>
        )}
        <form method="dialog">
          <button type="submit" className="rt-button rt-button--secondary">
            {strings.room.templatesClose}
          </button>
        </form>
      </dialog>
    </div>
  )
}
