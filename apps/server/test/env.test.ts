import { describe, expect, it } from 'vitest'
import { parseConfig } from '../src/env'

describe('configuration', () => {
  it('has working defaults', () => {
    const config = parseConfig({})
    expect(config.port).toBe(8787)
    expect(config.dataDir).toMatch(/\/data$/)
  })

  it('refuses bad values with a message naming each one', () => {
    expect(() => parseConfig({ PORT: 'eighty', SQLITE_SYNCHRONOUS: 'OFF' })).toThrow(/PORT[\s\S]*SQLITE_SYNCHRONOUS/)
  })

  it('reads PostgreSQL and Redis settings, and never echoes a connection string', () => {
    const config = parseConfig({
      DATABASE_URL: 'postgres://rt:pw@db:5432/roundtable',
      DATABASE_SCHEMA: 'board_data',
      DATABASE_POOL_SIZE: '20',
      REDIS_URL: 'redis://cache:6379',
    })
    expect(config).toMatchObject({ databaseSchema: 'board_data', databasePoolSize: 20, redisPrefix: 'roundtable:' })
    let message = ''
    try {
      parseConfig({ DATABASE_URL: 'mysql://rt:hunter2@db/x', DATABASE_SCHEMA: 'Bad-Name' })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/DATABASE_URL: must be a URL like postgres:/)
    expect(message).toMatch(/DATABASE_SCHEMA/)
    expect(message).not.toContain('hunter2')
  })

  it('refuses REDIS_URL without DATABASE_URL: several servers need one shared database', () => {
    expect(() => parseConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(
      /REDIS_URL: several servers share one PostgreSQL database/,
    )
  })
})
