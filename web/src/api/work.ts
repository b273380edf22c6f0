import { call, client } from './client'

// A staff member's day, for the home page.
export const today = () => call(client.GET('/api/work'))
