import { useId } from 'react'
import { canEdit } from '@roundtable/board'
import { useSession, useSessionState } from '../SessionContext'
import { useSettings } from '../../sync/docHooks'
import { strings } from '../../strings'
import { AddPhotoButton, usePhotoUploads, useTypeUp } from './PhotoTray'
import { usePhotos } from './usePhotos'

/**
 * The list view's "Photos from the room": every photo of paper on the board, waiting ones first, each with its
 * state in words ("Photo from a phone, not yet typed up") and a "Type it up" button; and "Add a photo".
 */
export function PhotoList({ say }: { say: (text: string) => void }) {
  const { session, photos: uploads } = useSession()
  const { role } = useSessionState(session)
  const settings = useSettings(session.doc)
  const photos = usePhotos(session.doc)
  const sending = usePhotoUploads(uploads)
  const typeUp = useTypeUp(say)
  const headingId = useId()
  const editable = role !== null && canEdit(role)
  if (photos.length === 0 && !editable) return null
  const waiting = photos.filter((p) => p.typedUp === 0).length
  return (
    <section className="rt-list-board rt-photo-list" aria-labelledby={headingId}>
      <h2 id={headingId} className="rt-list-board__title">
        {strings.photos.listTitle}{' '}
        {waiting > 0 && <span className="rt-list-group__count">({strings.photos.waiting(waiting)})</span>}
      </h2>
      <p className="rt-muted">{strings.photos.listIntro}</p>
      {editable && (
        <p className="rt-photo-list__add">
          <AddPhotoButton uploads={uploads} />
          <span className={sending.failed ? 'rt-error' : 'rt-muted'} role="status">
            {sending.message ?? ''}
          </span>
        </p>
      )}
      {photos.length > 0 && (
        <ul className="rt-photo-cards">
          {photos.map((photo) => (
            <li key={photo.shapeId} className="rt-photo-card">
              <img
                className="rt-photo-card__img"
                src={photo.src}
                alt={photo.typedUp > 0 ? strings.photos.altTypedUp(photo.typedUp) : strings.photos.altWaiting}
              />
              <div className="rt-photo-card__body">
                <p className="rt-photo-card__state">
                  {photo.typedUp > 0 ? strings.photos.altTypedUp(photo.typedUp) : strings.photos.altWaiting}
                </p>
                {!settings.anonymous && photo.author && (
                  <p className="rt-muted rt-small">{strings.photos.from(photo.author)}</p>
                )}
                {editable && (
                  <button
                    type="button"
                    className={`rt-button ${photo.typedUp > 0 ? 'rt-button--secondary' : 'rt-button--primary'}`}
                    onClick={() => typeUp.open(photo)}
                  >
                    {photo.typedUp > 0 ? strings.photos.typeUpMore : strings.photos.typeUp}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {typeUp.dialog}
    </section>
  )
}
