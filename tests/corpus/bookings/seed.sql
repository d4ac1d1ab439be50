-- Deterministic seed for the bookings app.
insert into auth.users (id, email, created_at) values
    ('11111111-1111-4111-8111-111111111111', 'alice@example.com', '2024-01-01 09:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', 'bob@example.com', '2024-01-02 09:00:00+00'),
    ('33333333-3333-4333-8333-333333333333', 'carol@example.com', '2024-01-03 09:00:00+00'),
    ('44444444-4444-4444-8444-444444444444', 'dave@example.com', '2024-01-04 09:00:00+00'),
    ('55555555-5555-4555-8555-555555555555', 'erin@example.com', '2024-01-05 09:00:00+00'),
    ('66666666-6666-4666-8666-666666666666', 'frank@example.com', '2024-01-06 09:00:00+00');

insert into public.locations (id, name, timezone, address) values
    ('10000000-0000-4000-8000-000000000001', 'Berlin HQ', 'Europe/Berlin', '{"street": "Torstr. 1", "city": "Berlin"}'),
    ('10000000-0000-4000-8000-000000000002', 'Lisbon Hub', 'Europe/Lisbon', '{"street": "Rua Augusta 10", "city": "Lisbon"}'),
    ('10000000-0000-4000-8000-000000000003', 'Remote', 'UTC', null);

insert into public.resources (id, location_id, name, "type", capacity, hourly_rate, features, active)
overriding system value values
    (1, '10000000-0000-4000-8000-000000000001', 'Atlas', 'room', 12, 40.00, '{projector,whiteboard,video}', true),
    (2, '10000000-0000-4000-8000-000000000001', 'Borealis', 'room', 6, 25.00, '{whiteboard}', true),
    (3, '10000000-0000-4000-8000-000000000001', 'Desk 1', 'desk', 1, 5.00, '{monitor}', true),
    (4, '10000000-0000-4000-8000-000000000001', 'Desk 2', 'desk', 1, 5.00, '{}', true),
    (5, '10000000-0000-4000-8000-000000000002', 'Tejo', 'room', 8, 30.00, '{video,whiteboard}', true),
    (6, '10000000-0000-4000-8000-000000000002', 'Camera kit', 'equipment', 1, null, '{}', true),
    (7, '10000000-0000-4000-8000-000000000002', 'Old room', 'room', 4, 10.00, '{}', false);

insert into public.bookings (id, resource_id, booked_by, title, during, status, attendees, notes, created_at)
overriding system value
select i,
       1 + (i % 6),
       (array['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333',
              '44444444-4444-4444-8444-444444444444', '55555555-5555-4555-8555-555555555555'])[1 + i % 5]::uuid,
       (array['Standup', 'Planning', 'Interview', 'Workshop', 'Focus time', '1:1', 'Retro'])[1 + i % 7],
       tstzrange(timestamptz '2024-03-04 08:00:00+00' + ((i / 6) * 3 || ' hours')::interval,
                 timestamptz '2024-03-04 08:00:00+00' + ((i / 6) * 3 + 1 + i % 2 || ' hours')::interval),
       (case when i % 10 = 0 then 'cancelled' when i % 7 = 0 then 'tentative' else 'confirmed' end)::booking_status,
       1 + i % 8,
       case when i % 5 = 0 then 'bring laptop' end,
       timestamptz '2024-03-01 00:00:00+00' + (i || ' minutes')::interval
from generate_series(1, 36) as i;

insert into public.opening_hours (location_id, weekday, opens, closes)
select l, d, case when l = '10000000-0000-4000-8000-000000000002' then '09:30' else '08:00' end::time, '18:00'::time
from (values ('10000000-0000-4000-8000-000000000001'::uuid), ('10000000-0000-4000-8000-000000000002'::uuid)) as ls(l),
     generate_series(1, 5) as d;

select setval(pg_get_serial_sequence('public.resources', 'id'), 7);
select setval(pg_get_serial_sequence('public.bookings', 'id'), 36);
