import { DateTime } from 'luxon';
import { planAftercare } from '../../src/services/aftercare-plan';
test('prof', () => {
  const first = DateTime.fromISO('2027-01-01T00:00', { zone: 'Europe/Amsterdam' });
  const t0 = Date.now();
  for (let i = 0; i < 14205; i++) planAftercare(first.plus({ minutes: i * 37 }).toJSDate(), { category: 'threat', firstResponse: true, supportRequested: true });
  console.log('module ms', Date.now() - t0);
});
