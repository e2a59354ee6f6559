/** The computed Dutch public holidays (src/services/public-holidays.ts) against date-holidays (NL, type public) as the reference. */
import Holidays from 'date-holidays';
import { dutchPublicHolidays, easterSunday } from '../../src/services/public-holidays';

const reference = new Holidays('NL', { types: ['public'] });
const referenceDates = (year: number) =>
  reference
    .getHolidays(year)
    .filter((h) => h.type === 'public')
    .map((h) => h.date.slice(0, 10))
    .sort();

test('every year from 1980 to 2200 gives the same dates as date-holidays', () => {
  for (let year = 1980; year <= 2200; year++) expect([year, dutchPublicHolidays(year)]).toEqual([year, referenceDates(year)]);
});

test('known dates: Easter, King’s Day on a Sunday, Queen’s Day', () => {
  expect(easterSunday(2026)).toEqual([4, 5]);
  expect(easterSunday(2038)).toEqual([4, 25]);
  expect(easterSunday(2285)).toEqual([3, 22]);
  expect(dutchPublicHolidays(2025)).toContain('2025-04-26'); // 27 April 2025 is a Sunday
  expect(dutchPublicHolidays(2025)).not.toContain('2025-04-27');
  expect(dutchPublicHolidays(2000)).toContain('2000-04-29'); // 30 April 2000 was a Sunday
  expect(dutchPublicHolidays(2026)).toEqual(['2026-01-01', '2026-04-05', '2026-04-06', '2026-04-27', '2026-05-14', '2026-05-24', '2026-05-25', '2026-12-25', '2026-12-26']);
  expect(dutchPublicHolidays(2030)).not.toContain('2030-05-05'); // Liberation Day, also in a lustrum year
});
