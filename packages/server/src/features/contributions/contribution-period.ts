/** A contribution period of the employee scheme: a month, yyyy-MM. */
export const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
