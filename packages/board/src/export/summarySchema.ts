import { ACTION_STATUSES } from '../session'

const isoTime = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' } as const
const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const
const count = { type: 'integer', minimum: 0 } as const
const nullable = <T extends object>(schema: T) => ({ anyOf: [schema, { type: 'null' }] })
const figureNames = ['ideas', 'dots', 'agreements', 'agreedActions'] as const
const figures = { ideas: count, dots: count, agreements: count, agreedActions: count } as const

/**
 * JSON Schema (draft 2020-12) of the session summary, version 1 (`SessionSummary`). Strict: it allows no fields
 * it does not name, so it is updated with every field added. docs/EXPORTS.md explains each field.
 */
export const SUMMARY_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:roundtable:session-summary:1',
  title: 'Roundtable session summary',
  description: 'What a co-production session agreed, and the ideas and votes behind it.',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'board', 'boards', 'rounds', 'actions'],
  properties: {
    schemaVersion: { const: 1 },
    board: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'title', 'createdAt', 'exportedAt'],
      properties: { id: { type: 'string' }, title: { type: 'string' }, createdAt: isoTime, exportedAt: isoTime },
    },
    boards: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'clusters'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          clusters: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['frameId', 'title', 'ideas'],
              properties: {
                frameId: nullable({ type: 'string' }),
                title: nullable({ type: 'string' }),
                ideas: {
                  type: 'array',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['id', 'text', 'colour', 'dotsByRound', 'totalDots', 'rank', 'tied'],
                    properties: {
                      id: { type: 'string' },
                      text: { type: 'string' },
                      colour: { type: 'string' },
                      dotsByRound: { type: 'object', additionalProperties: { type: 'integer', minimum: 1 } },
                      totalDots: count,
                      rank: nullable({ type: 'integer', minimum: 1 }),
                      tied: { type: 'boolean' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    rounds: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [
          'id',
          'number',
          'boardId',
          'boardName',
          'status',
          'startedAt',
          'closedAt',
          'dotsPerPerson',
          'maxPerIdea',
          'voters',
          'abstained',
          'dotsCast',
          'resultsVisible',
          'results',
        ],
        properties: {
          id: { type: 'string' },
          number: { type: 'integer', minimum: 1 },
          boardId: { type: 'string' },
          boardName: nullable({ type: 'string' }),
          status: { enum: ['open', 'closed'] },
          startedAt: isoTime,
          closedAt: nullable(isoTime),
          dotsPerPerson: { type: 'integer', minimum: 1 },
          maxPerIdea: nullable({ type: 'integer', minimum: 1 }),
          voters: count,
          abstained: count,
          dotsCast: count,
          resultsVisible: { type: 'boolean' },
          results: nullable({
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['ideaId', 'text', 'dots', 'rank', 'tied'],
              properties: {
                ideaId: { type: 'string' },
                text: nullable({ type: 'string' }),
                dots: { type: 'integer', minimum: 1 },
                rank: { type: 'integer', minimum: 1 },
                tied: { type: 'boolean' },
              },
            },
          }),
        },
      },
    },
    actions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [
          'id',
          'what',
          'who',
          'due',
          'status',
          'statusChangedAt',
          'note',
          'createdAt',
          'idea',
          'agree',
          'concern',
          'agreedBy',
          'concerns',
        ],
        properties: {
          id: { type: 'string' },
          what: { type: 'string' },
          who: { type: 'string' },
          due: nullable(isoDate),
          status: { enum: [...ACTION_STATUSES] },
          statusChangedAt: nullable(isoTime),
          note: { type: 'string' },
          createdAt: isoTime,
          idea: nullable({
            type: 'object',
            additionalProperties: false,
            required: ['id', 'text', 'dots'],
            properties: { id: { type: 'string' }, text: nullable({ type: 'string' }), dots: count },
          }),
          agree: count,
          concern: count,
          agreedBy: { type: 'array', items: { type: 'string' } },
          concerns: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name', 'note'],
              properties: { name: nullable({ type: 'string' }), note: { type: 'string' } },
            },
          },
          // Only on actions marked done with a note (so not required).
          outcome: {
            type: 'object',
            additionalProperties: false,
            required: ['note', 'at', 'boardId'],
            properties: { note: { type: 'string' }, at: isoTime, boardId: { type: 'string' } },
          },
        },
      },
    },
    // Added after the first release of version 1, so not required: older summaries have no such field.
    evidence: nullable({
      type: 'object',
      additionalProperties: false,
      required: ['threshold', 'groups', 'others'],
      properties: {
        threshold: { type: 'integer', minimum: 2 },
        groups: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['label', 'people', ...figureNames],
            properties: { label: { type: 'string' }, people: count, ...figures },
          },
        },
        others: nullable({
          type: 'object',
          additionalProperties: false,
          required: ['people', ...figureNames],
          properties: { people: nullable(count), ...figures },
        }),
      },
    }),
  },
} as const
