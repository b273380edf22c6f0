import type { ClaimCategory } from '../api'

// The kinds of claim a labour dispute raises, in the order the forms offer them (ClaimCategory on the server).
export const claimCategories: ClaimCategory[] = ['LaborRemuneration', 'WorkInjuryMedicalExpenses', 'EconomicCompensation', 'Damages', 'SocialInsurance', 'ConfirmLaborRelation', 'Other']
