import { call, client } from './client'
import type { components } from './schema'

// Staff accounts (platform and organization admins manage them) and the mediator roster.
type S = components['schemas']

export const list = () => call(client.GET('/api/staff'))
export const create = (body: S['NewStaffAccount']) => call(client.POST('/api/staff', { body }))
export const disable = (userId: string) => call(client.POST('/api/staff/{userId}/disable', { params: { path: { userId } } }))
export const enable = (userId: string) => call(client.POST('/api/staff/{userId}/enable', { params: { path: { userId } } }))
export const roster = () => call(client.GET('/api/roster'))
export const updateRoster = (userId: string, body: S['RosterUpdate']) => call(client.PUT('/api/roster/{userId}', { params: { path: { userId } }, body }))
