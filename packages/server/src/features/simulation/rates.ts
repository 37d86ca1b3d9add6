/**
 * The rates a simulated region is drawn with. docs/simulation.md gives each with its source; in
 * short: the employee utilisation rates are those of NHSA's 2023 statistical bulletin
 * (《2023年全国医疗保障事业发展统计公报》: 37,095万 employees; 21.8亿 ordinary outpatient visits,
 * 2.7亿 chronic/special-disease outpatient visits, 0.8亿 admissions, 23亿 pharmacy purchases;
 * hospitalisation rate 21.86%, in service 11.93%, retirees 49.02%; 12,175 yuan and 9.8 days per
 * admission). The population mix follows ../shared/domain/DOMAIN.md (Kunming: 1.81 m employees
 * and 3.97 m residents, i.e. 31% / 69%). The resident rates and everything marked "assumed" are
 * assumptions of the same order, not sourced figures.
 */

/** Shares of the insured at the start of the year. */
export const MIX = {
  employees: 0.31, // DOMAIN.md, Kunming 1.81 m of 5.78 m
  retireesOfEmployees: 0.28, // assumed (national retirees are a little over a quarter of employees)
  flexibleOfWorking: 0.15, // 灵活就业, assumed
  childrenOfResidents: 0.27, // under 18, assumed
  elderlyOfResidents: 0.25, // 60 and over, assumed
  // medical-assistance categories (civil affairs), of residents; assumed for a Yunnan city
  assistance: { tk: 0.006, db: 0.03, jc: 0.012 },
  residentsNotPaying: 0.015, // enrolled but did not pay the year's premium: not insured (assumed)
  employeesPerEmployer: 12, // assumed
};

/** Events of the year, per person (China 2023: births 6.39‰, deaths 7.87‰, National Bureau of Statistics). */
export const LIFE = {
  births: 0.0064,
  deaths: 0.0079,
  transfersOut: 0.01, // 转移接续 out of the region, assumed
  transfersIn: 0.01, // and in, assumed
};

/** Care per person-year by group (NHSA 2023 bulletin for employees; residents assumed). */
export const UTILISATION = {
  working: { outpatient: 4.5, chronic: 0.3, inpatient: 0.1193, pharmacy: 5.5 },
  retiree: { outpatient: 9.5, chronic: 1.85, inpatient: 0.4902, pharmacy: 8.0 },
  child: { outpatient: 2.0, chronic: 0.02, inpatient: 0.08, pharmacy: 0 },
  adult: { outpatient: 1.8, chronic: 0.18, inpatient: 0.12, pharmacy: 0 },
  elderly: { outpatient: 3.2, chronic: 0.6, inpatient: 0.35, pharmacy: 0 },
};
export type CareGroup = keyof typeof UTILISATION;

/** Share of chronic-disease patients who hold a 门诊慢特病 recognition, by group (their visits are 14). */
export const CHRONIC_SHARE: Record<CareGroup, number> = {
  working: 0.05,
  retiree: 0.31,
  child: 0.004,
  adult: 0.03,
  elderly: 0.1,
};

/** Where care is sought, by institution level 1/2/3 (assumed; primary care takes most outpatient visits). */
export const WHERE = {
  outpatient: [0.45, 0.3, 0.25],
  chronic: [0.2, 0.45, 0.35],
  inpatient: [0.12, 0.43, 0.45],
};

/** Share of inpatient stays outside the province, claimed by manual reimbursement (零星报销), assumed. */
export const OUT_OF_PROVINCE_STAYS = 0.012;
/** Share of settlements a hospital reverses (冲正) and settles again, assumed. */
export const REVERSALS = 0.002;
/** Employers that skip a month's payment (arrears), and how many of them pay it with the next month. */
export const ARREARS = { employerMonth: 0.02, paidNextMonth: 0.6, flexibleMonth: 0.04 };

/** Mean bill by level 1/2/3 in yuan (inpatient: the 2023 bulletin's 12,175 yuan at a tertiary-heavy mix). */
export const MEAN_BILL = {
  outpatient: [60, 160, 260],
  chronic: [220, 420, 560],
  pharmacy: 95,
  inpatient: [3_200, 6_200, 11_500],
};
/** Inpatient length of stay: median days and the spread of its log (the bulletin's mean 9.8 days). */
export const STAY = { medianDays: 7.5, sigma: 0.55, maxDays: 60 };

/** The fund's side (assumed): opening reserves, transfers, finance subsidies, interest. */
export const FUND = {
  /** opening accumulated balance as months of the expected expenditure (期初结余) */
  openingMonths: { "310100": 10, "390100": 6, "330100": 4, "390200": 4, "610100": 2 } as Record<
    string,
    number
  >,
  /** the resident pool funds critical-illness insurance per insured resident a year (yuan) */
  criticalIllnessPerResident: 65,
  /** the employee pool funds the large-amount subsidy per insured employee a month (yuan) */
  largeAmountPerEmployeeMonth: 6,
  /** finance pays the assistance fund: this share of the month's expected assistance spending */
  assistanceFinanceShare: 1.05,
  /** yearly interest on the pools' balances (a time-deposit rate) */
  interestRate: 0.015,
  /** personal-account balances carried in at the start of the year, by group (yuan, median) */
  openingAccount: { working: 1_200, retiree: 2_500 },
};

/**
 * The budget set at the start of the year (and the expected figures the opening reserves and the
 * finance subsidy are set from): planning figures per insured person and year in yuan, by fund, as
 * the fund page counts them (income and expenditure gross of the transfers between funds: the
 * employee pool's credits to the personal accounts are its expenditure and the accounts' income).
 * Calibrated on this simulator's own outturn (100,000 insured, 2025, seed 7: the pool 7,073 and
 * 3,958 yuan per employee, the accounts 1,664 and 1,534, the resident fund 1,064 and 1,315 per
 * resident, critical illness 65 and 7, assistance 95 and 36), as an agency budgets from last
 * year's: a year lands near its budget, and a warning says something moved.
 */
export const PLAN_PER_INSURED = {
  employeeIncome: 7_070, // per employee: contributions, interest
  employeeExpenditure: 3_950, // settlements, hospital payments, credits to the personal accounts
  accountIncome: 1_660,
  accountExpenditure: 1_530,
  residentIncome: 1_065, // per resident: premium and finance subsidy, interest
  residentExpenditure: 1_315,
  largeAmountIncome: 72,
  largeAmountExpenditure: 5, // few employees pass the pool's annual cap
  criticalIllnessIncome: 65,
  criticalIllnessExpenditure: 8,
  assistanceIncome: 38, // per resident: the finance subsidy (assistanceFinanceShare of the expenditure)
  assistanceExpenditure: 36,
  drgDipPerAdmission: 6_300, // fund paid per inpatient case at DRG/DIP hospitals
};
