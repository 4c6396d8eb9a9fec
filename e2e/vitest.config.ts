import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // One browser test file at a time: two cores, and each file runs real servers and Chromium.
    fileParallelism: false,
  },
})
