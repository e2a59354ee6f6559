/**
 * The Dutch national public holidays (*officiële feestdagen*) that the working calendar skips, computed: New Year,
 * Easter Sunday and Monday, King's Day, Ascension Day, Whit Sunday and Monday, Christmas Day and Boxing Day. Not
 * Good Friday and not Liberation Day (5 May): neither is a national day off, also not in lustrum years
 * (src/services/aftercare-plan.ts says why). The same list as the `date-holidays` package gives for country NL and
 * type `public` (test/unit/public-holidays.test.ts compares them year by year), without loading that package's
 * data for every country at start-up (docs/operations.md, "Start-up").
 *
 * Years from 1980 on: King's Day is 27 April since 2014 (26 April when the 27th is a Sunday); before, Queen's Day
 * was 30 April (29 April when the 30th was a Sunday).
 */

/** Easter Sunday of a Gregorian year (the anonymous Gregorian computus, Meeus/Jones/Butcher): [month 1-12, day]. */
export function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

const DAY_MS = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The public holidays of `year` as local calendar dates "YYYY-MM-DD". */
export function dutchPublicHolidays(year: number): string[] {
  if (!Number.isInteger(year)) throw new Error(`dutchPublicHolidays: not a year: ${year}`);
  const [month, day] = easterSunday(year);
  const easter = Date.UTC(year, month - 1, day);
  const afterEaster = (days: number) => isoDate(easter + days * DAY_MS);
  // King's (Queen's) Day moves back a day when it falls on a Sunday.
  const kingsDay = Date.UTC(year, 3, year >= 2014 ? 27 : 30);
  const kingsDayObserved = new Date(kingsDay).getUTCDay() === 0 ? kingsDay - DAY_MS : kingsDay;
  return [
    isoDate(Date.UTC(year, 0, 1)),
    afterEaster(0),
    afterEaster(1),
    isoDate(kingsDayObserved),
    afterEaster(39), // Ascension Day
    afterEaster(49), // Whit Sunday
    afterEaster(50), // Whit Monday
    isoDate(Date.UTC(year, 11, 25)),
    isoDate(Date.UTC(year, 11, 26)),
  ].sort();
}
