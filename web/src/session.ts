import { ref } from 'vue'
import { access, ApiError, type Me, type SignInNotice } from './api'

// Who is signed in. The server decides; the app only asks.
export const me = ref<Me | null>(null)

// Wrong passwords tried on this account from elsewhere since its holder last signed in: told once, after sign-in.
export const signInNotice = ref<SignInNotice | null>(null)

export async function loadMe(): Promise<Me | null> {
  try {
    me.value = await access.me()
  } catch (e) {
    if (e instanceof ApiError && (e.problem.status === 401 || e.problem.status === 403)) me.value = null
    else throw e
  }
  return me.value
}

export async function signOut(): Promise<void> {
  await access.signOut()
  me.value = null
}

export function hasRole(role: string): boolean {
  return me.value?.roles.includes(role) ?? false
}
