import jsQR from 'jsqr'

/** Modules (true = dark) → RGBA pixels, `scale` pixels per module, decoded as a phone camera would read them. */
export function decodeModules(modules: boolean[][], scale = 6): string | null {
  const width = (modules[0]?.length ?? 0) * scale
  const height = modules.length * scale
  const pixels = new Uint8ClampedArray(width * height * 4)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = modules[Math.floor(y / scale)]?.[Math.floor(x / scale)] ? 0 : 255
      pixels.set([v, v, v, 255], (y * width + x) * 4)
    }
  }
  return jsQR(pixels, width, height)?.data ?? null
}
