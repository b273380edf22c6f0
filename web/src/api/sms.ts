import { call, client } from './client'

// The development SMS outbox (Development only).
export const outbox = () => call(client.GET('/api/dev/sms'))
