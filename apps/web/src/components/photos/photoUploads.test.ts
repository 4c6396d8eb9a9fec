import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../lib/api'

const uploadPhoto = vi.fn()
vi.mock('../../lib/photos', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/photos')>()),
  shrinkPhoto: async (file: File) => file,
  uploadPhoto: (...args: unknown[]) => uploadPhoto(...args),
}))
const { PhotoUploads } = await import('./photoUploads')

const picture = () => new File([new Uint8Array([0xff, 0xd8, 0xff])], 'flip-chart.jpg', { type: 'image/jpeg' })

afterEach(() => uploadPhoto.mockReset())

describe('PhotoUploads', () => {
  it('sends a picture again after a busy or rate-limited answer, as the words shown promise', async () => {
    uploadPhoto
      .mockRejectedValueOnce(new ApiError('busy', 503, 'photo.busy'))
      .mockRejectedValueOnce(new ApiError('slow down', 429, 'rate.limited'))
      .mockResolvedValueOnce({ id: 'p1' })
    const uploads = new PhotoUploads(
      'board1',
      () => null,
      () => 0,
    )
    await uploads.add([picture()])
    expect(uploadPhoto).toHaveBeenCalledTimes(3)
    expect(uploads.getState()).toMatchObject({ busy: 0, failed: false })
  })

  it('gives up at once on a refusal for good, and after a few tries while busy', async () => {
    uploadPhoto.mockRejectedValue(new ApiError('no', 415, 'photo.not_an_image'))
    const refused = new PhotoUploads(
      'board1',
      () => null,
      () => 0,
    )
    await refused.add([picture()])
    expect(uploadPhoto).toHaveBeenCalledTimes(1)
    expect(refused.getState()).toMatchObject({ busy: 0, failed: true })

    uploadPhoto.mockReset()
    uploadPhoto.mockRejectedValue(new ApiError('busy', 503, 'photo.busy'))
    const busy = new PhotoUploads(
      'board1',
      () => null,
      () => 0,
    )
    await busy.add([picture()])
    expect(uploadPhoto).toHaveBeenCalledTimes(6)
    expect(busy.getState()).toMatchObject({ busy: 0, failed: true })
  })
})
