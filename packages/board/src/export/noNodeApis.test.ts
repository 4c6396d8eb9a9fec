// packages/board must run in the browser too. Its type-check no longer proves that on its own: csv-stringify's
// declaration files pull Node's types into the program. So this test reads the package's sources and refuses Node
// imports and globals outside tests.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

it('uses no Node APIs outside its tests', () => {
  const offenders = sources(root).filter((file) =>
    /from ['"](node:|fs['"]|path['"]|crypto['"]|stream['"]|buffer['"])|\b(Buffer|process|require|__dirname)\b(?=\s*[.(])/.test(
      readFileSync(file, 'utf8'),
    ),
  )
  expect(offenders).toEqual([])
})
