import { call, client } from './client'
import type { components } from './schema'

// Who is signed in, staff sign-in (with the second factor), and the account's own security.
type S = components['schemas']

export const me = () => call(client.GET('/api/auth/me'))
export const signIn = (body: S['SignInRequest']) => call(client.POST('/api/auth/sign-in', { body }))
export const signInWithCode = (body: S['TwoFactorSignInRequest']) => call(client.POST('/api/auth/sign-in/two-factor', { body }))
export const signInWithRecoveryCode = (body: S['RecoveryCodeSignInRequest']) => call(client.POST('/api/auth/sign-in/recovery-code', { body }))
export const signOut = () => call(client.POST('/api/auth/sign-out'))
export const twoFactor = () => call(client.GET('/api/account/two-factor'))
export const enableTwoFactor = (code: string) => call(client.POST('/api/account/two-factor/enable', { body: { code } }))
export const disableTwoFactor = (code: string) => call(client.POST('/api/account/two-factor/disable', { body: { code } }))
export const changePassword = (body: S['ChangePasswordRequest']) => call(client.POST('/api/account/password', { body }))
