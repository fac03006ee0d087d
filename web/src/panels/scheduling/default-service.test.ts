import { describe, expect, it } from 'vitest';
import type { Doctor, Service } from './api';
import { defaultService } from './default-service';

const service = (id: string, active = true) => ({ id, name: id, active }) as Service;
const doctor = (id: string, offers: string[]) =>
  ({
    id,
    services: offers.map((serviceId) => ({ serviceId, durationMin: null, priceMinor: null })),
  }) as Doctor;

const services = [service('consult'), service('followup'), service('retired', false), service('online')];
const doctors = [doctor('reed', ['consult', 'followup', 'retired']), doctor('ali', ['online'])];

describe('the booking form’s default service', () => {
  it('is the doctor’s only service', () => {
    expect(defaultService(services, doctors, [], 'ali')).toBe('online');
  });

  it('is the doctor’s most booked service, counting only that doctor’s visits', () => {
    const usage = [
      { doctorId: 'reed', serviceId: 'followup', booked: 3 },
      { doctorId: 'reed', serviceId: 'consult', booked: 2 },
      { doctorId: 'ali', serviceId: 'consult', booked: 9 },
    ];
    expect(defaultService(services, doctors, usage, 'reed')).toBe('followup');
    // Any doctor: everyone's visits count.
    expect(defaultService(services, doctors, usage)).toBe('consult');
  });

  it('keeps the list order with no history, and never picks a retired service', () => {
    expect(defaultService(services, doctors, [], 'reed')).toBe('consult');
    expect(
      defaultService(services, doctors, [{ doctorId: 'reed', serviceId: 'retired', booked: 50 }], 'reed'),
    ).toBe('consult');
  });

  it('takes the calendar’s chosen service when the doctor offers it', () => {
    expect(defaultService(services, doctors, [], 'reed', 'followup')).toBe('followup');
    expect(defaultService(services, doctors, [], 'ali', 'followup')).toBe('online');
  });

  it('is nothing for a doctor who offers nothing', () => {
    expect(defaultService(services, [...doctors, doctor('new', [])], [], 'new')).toBeNull();
    expect(defaultService(services, doctors, [], 'unknown')).toBeNull();
  });
});
