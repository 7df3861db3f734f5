/** Call centre numbers and operator hours (DOMAIN.md, "Hours and maintenance"). */
export const CALL_CENTRE = {
  number: '0120-24-0365',
  womensLine: '0120-86-2634',
  operatorHours: 'weekdays 09:00-18:00',
} as const;
