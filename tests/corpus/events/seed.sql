-- Deterministic seed for the events app: six users (three organizers), eight venues, 24 events,
-- ticket types, 60 orders with their tickets, check-ins, RSVPs with answers, a waitlist,
-- promo codes and payouts.
insert into auth.users (id, email, raw_user_meta_data, created_at) values
    ('11111111-1111-4111-8111-111111111111', 'alice@example.com', '{"full_name": "Alice Adams"}', '2024-01-01 09:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', 'bob@example.com', '{"full_name": "Bob Brown"}', '2024-01-02 09:00:00+00'),
    ('33333333-3333-4333-8333-333333333333', 'carol@example.com', '{"full_name": "Carol Chen"}', '2024-01-03 09:00:00+00'),
    ('44444444-4444-4444-8444-444444444444', 'dave@example.com', '{"full_name": "Dave Diaz"}', '2024-01-04 09:00:00+00'),
    ('55555555-5555-4555-8555-555555555555', 'erin@example.com', '{"full_name": "Erin Evans"}', '2024-01-05 09:00:00+00'),
    ('66666666-6666-4666-8666-666666666666', 'frank@example.com', '{}', '2024-01-06 09:00:00+00');

insert into public.profiles (id, display_name, email, avatar_url, bio, is_organizer, marketing_opt_in, created_at) values
    ('11111111-1111-4111-8111-111111111111', 'Alice Adams', 'alice@example.com', 'https://i.example.com/alice.png', 'Runs the Berlin Rust meetup', true, true, '2024-01-01 09:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', 'Bob Brown', 'bob@example.com', null, 'Jazz nights and open mics', true, false, '2024-01-02 09:00:00+00'),
    ('33333333-3333-4333-8333-333333333333', 'Carol Chen', 'carol@example.com', 'https://i.example.com/carol.png', null, true, null, '2024-01-03 09:00:00+00'),
    ('44444444-4444-4444-8444-444444444444', 'Dave Diaz', 'dave@example.com', null, null, false, true, '2024-01-04 09:00:00+00'),
    ('55555555-5555-4555-8555-555555555555', 'Erin Evans', 'erin@example.com', 'https://i.example.com/erin.png', 'Photographer', false, null, '2024-01-05 09:00:00+00'),
    ('66666666-6666-4666-8666-666666666666', 'frank', 'frank@example.com', null, null, false, false, '2024-01-06 09:00:00+00');

insert into public.venues (id, name, address, city, country, lat, lng, location, max_capacity, is_accessible, created_by, created_at) values
    (1, 'Kulturbrauerei', 'Schönhauser Allee 36', 'Berlin', 'DE', 52.538900, 13.412900, point(13.4129, 52.5389), 800, true, '11111111-1111-4111-8111-111111111111', '2024-01-10 10:00:00+00'),
    (2, 'c-base', 'Rungestraße 20', 'Berlin', 'DE', 52.512900, 13.420100, point(13.4201, 52.5129), 150, false, '11111111-1111-4111-8111-111111111111', '2024-01-10 10:05:00+00'),
    (3, 'Jazzkeller', 'Kleine Bockenheimer Str. 18a', 'Frankfurt', 'DE', 50.114200, 8.673900, point(8.6739, 50.1142), 120, false, '22222222-2222-4222-8222-222222222222', '2024-01-11 10:00:00+00'),
    (4, 'Betahaus', 'Rudi-Dutschke-Straße 23', 'Berlin', 'DE', 52.506700, 13.391300, null, 200, true, '33333333-3333-4333-8333-333333333333', '2024-01-12 10:00:00+00'),
    (5, 'Factory Görlitzer Park', 'Lohmühlenstraße 65', 'Berlin', 'DE', 52.495400, 13.446100, point(13.4461, 52.4954), 400, true, '33333333-3333-4333-8333-333333333333', '2024-01-12 10:30:00+00'),
    (6, 'Moth Club', 'Valette Street', 'London', 'GB', 51.546000, -0.052800, point(-0.0528, 51.546), 300, false, '22222222-2222-4222-8222-222222222222', '2024-01-13 10:00:00+00'),
    (7, 'Impact Hub', 'Gotzinger Str. 8', 'Munich', 'DE', 48.116400, 11.546900, null, 180, true, '11111111-1111-4111-8111-111111111111', '2024-01-14 10:00:00+00'),
    (8, 'Werkstatt', null, 'Hamburg', 'DE', null, null, null, null, false, null, '2024-01-15 10:00:00+00');
select setval(pg_get_serial_sequence('public.venues', 'id'), 8);

insert into public.events (id, organizer_id, venue_id, title, slug, description, starts_at, ends_at, status, capacity, tags, price, is_online, "externalId", cover_url, created_at)
select
    format('e0000000-0000-4000-8000-%s', lpad(n::text, 12, '0'))::uuid,
    (array['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222',
           '33333333-3333-4333-8333-333333333333'])[1 + n % 3]::uuid,
    case when n % 5 = 0 then null else 1 + n % 8 end,
    (array['Rust Berlin', 'Jazz Night', 'Design Systems Meetup', 'Open Mic', 'Postgres Day', 'Founders Breakfast',
           'Photo Walk', 'Indie Game Jam', 'Rust Berlin', 'Jazz Night', 'Data Engineering Summit', 'Yoga in the Park',
           'Pitch Night', 'Vinyl Swap', 'Rust Berlin', 'Jazz Night', 'Supabase Launch Party', 'Open Mic',
           'Postgres Day', 'Hack the Planet', 'Photo Walk', 'Board Game Night', 'Rust Berlin', 'Winter Market'])[n]
        || ' #' || n,
    format('event-%s', n),
    case when n % 4 = 0 then null else 'Edition ' || n || ' of our community event.' end,
    case when n <= 14 then timestamptz '2024-02-01 18:00:00+00' + n * interval '6 days'
         else timestamptz '2031-03-01 18:00:00+00' + (n - 14) * interval '9 days' end,
    case when n % 3 = 0 then null
         else (case when n <= 14 then timestamptz '2024-02-01 21:00:00+00' + n * interval '6 days'
                    else timestamptz '2031-03-01 21:30:00+00' + (n - 14) * interval '9 days' end) end,
    (case when n % 6 = 0 then 'cancelled' when n % 7 = 0 then 'draft' when n <= 12 then 'completed' else 'published' end)::public.event_status,
    case when n % 4 = 0 then null else 20 * (1 + n % 5) end,
    string_to_array((array['rust,programming', 'music,jazz', 'design', 'music,comedy',
           'databases,postgres,programming', 'startups', 'photography,outdoor', 'games,programming'])[1 + n % 8], ','),
    ((n % 3) * 12.5)::numeric(10,2),
    n % 5 = 0,
    case when n % 3 = 0 then null else 'mu-' || (1000 + n) end,
    case when n % 2 = 0 then 'https://cdn.example.com/events/' || n || '.jpg' end,
    timestamptz '2024-01-20 12:00:00+00' + n * interval '1 hour'
from generate_series(1, 24) as n;

insert into public.ticket_types (id, event_id, name, price, quantity, sold, sales_end, position)
select n, format('e0000000-0000-4000-8000-%s', lpad(n::text, 12, '0'))::uuid, 'General', 10 + (n % 4) * 5, 40 + n, 0,
       case when n % 2 = 0 then timestamptz '2024-02-01 12:00:00+00' + n * interval '6 days' end, 1
from generate_series(1, 24) as n
union all
select 100 + n, format('e0000000-0000-4000-8000-%s', lpad(n::text, 12, '0'))::uuid, 'VIP', 45 + n, 10, 0, null, 2
from generate_series(2, 24, 2) as n
union all
select 200 + n, format('e0000000-0000-4000-8000-%s', lpad(n::text, 12, '0'))::uuid, 'Early bird', 7.5, 15, 0,
       timestamptz '2024-01-25 00:00:00+00' + n * interval '3 days', 0
from generate_series(3, 24, 3) as n;
select setval(pg_get_serial_sequence('public.ticket_types', 'id'), 300);

insert into public.orders (id, event_id, buyer_id, status, total, currency, promo_code, created_at, paid_at)
select
    format('a0000000-0000-4000-8000-%s', lpad(m::text, 12, '0'))::uuid,
    format('e0000000-0000-4000-8000-%s', lpad((1 + (m * 7) % 24)::text, 12, '0'))::uuid,
    (array['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222',
           '33333333-3333-4333-8333-333333333333', '44444444-4444-4444-8444-444444444444',
           '55555555-5555-4555-8555-555555555555', '66666666-6666-4666-8666-666666666666'])[1 + m % 6]::uuid,
    (case when m % 10 = 0 then 'refunded' when m % 7 = 0 then 'pending' when m % 13 = 0 then 'cancelled' else 'paid' end)::public.order_status,
    0,
    case when m % 11 = 0 then 'GBP' else 'EUR' end,
    case when m % 8 = 0 then 'EARLY10' end,
    timestamptz '2024-01-25 08:00:00+00' + m * interval '9 hours',
    case when m % 7 <> 0 and m % 13 <> 0 then timestamptz '2024-01-25 08:05:00+00' + m * interval '9 hours' end
from generate_series(1, 60) as m;

insert into public.tickets (id, order_id, ticket_type_id, event_id, holder_name, holder_email, code, transferred, issued_at)
select
    format('b0000000-0000-4000-8000-%s', lpad((m * 10 + k)::text, 12, '0'))::uuid,
    format('a0000000-0000-4000-8000-%s', lpad(m::text, 12, '0'))::uuid,
    case when k = 2 and (1 + (m * 7) % 24) % 2 = 0 then 100 + 1 + (m * 7) % 24 else 1 + (m * 7) % 24 end,
    format('e0000000-0000-4000-8000-%s', lpad((1 + (m * 7) % 24)::text, 12, '0'))::uuid,
    case when k = 3 then null else 'Guest ' || m || '-' || k end,
    case when k = 1 then 'guest' || m || '@mail.example' end,
    'TCK-' || lpad(m::text, 3, '0') || '-' || k,
    case m % 4 when 0 then true when 1 then false end,
    timestamptz '2024-01-25 08:05:00+00' + m * interval '9 hours'
from generate_series(1, 60) as m, generate_series(1, 1 + m % 3) as k;

update public.orders o set total = s.total
from (select t.order_id, sum(tt.price) as total
      from public.tickets t join public.ticket_types tt on tt.id = t.ticket_type_id
      group by t.order_id) s
where s.order_id = o.id;

update public.ticket_types tt set sold = s.sold
from (select ticket_type_id, count(*) as sold from public.tickets group by ticket_type_id) s
where s.ticket_type_id = tt.id;

insert into public.check_ins (id, ticket_id, scanned_by, gate, checked_in_at)
select row_number() over (order by t.code), t.id,
       (array['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'])[1 + length(t.code) % 2]::uuid,
       case when right(t.code, 1) = '1' then 'A' when right(t.code, 1) = '2' then 'B' end,
       e.starts_at + (substr(t.code, 5, 3)::int) * interval '1 minute'
from public.tickets t
join public.orders o on o.id = t.order_id
join public.events e on e.id = t.event_id
where o.status = 'paid' and e.starts_at < timestamptz '2025-01-01' and substr(t.code, 5, 3)::int % 3 <> 0;
select setval(pg_get_serial_sequence('public.check_ins', 'id'), (select max(id) from public.check_ins));

insert into public.rsvps (event_id, user_id, response, guests, note, responded_at)
select
    format('e0000000-0000-4000-8000-%s', lpad(n::text, 12, '0'))::uuid,
    (array['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222',
           '33333333-3333-4333-8333-333333333333', '44444444-4444-4444-8444-444444444444',
           '55555555-5555-4555-8555-555555555555', '66666666-6666-4666-8666-666666666666'])[u]::uuid,
    (case (n * u) % 5 when 3 then 'maybe' when 4 then 'not_going' else 'going' end)::public.rsvp_response,
    (n + u) % 3,
    case when u = 2 then 'Bringing a friend' when u = 5 and n % 2 = 0 then 'Might be late' end,
    timestamptz '2024-01-28 10:00:00+00' + n * interval '1 day' + u * interval '1 hour'
from generate_series(1, 24) as n, generate_series(1, 6) as u
where (n + u) % 3 <> 0;

insert into public.rsvp_answers (event_id, user_id, question, answer)
select r.event_id, r.user_id, q.question,
       case q.question
           when 'dietary' then (array['vegetarian', 'vegan', 'none', null])[1 + (extract(day from r.responded_at)::int % 4)]
           else (array['S', 'M', 'L', 'XL'])[1 + (extract(hour from r.responded_at)::int % 4)]
       end
from public.rsvps r
cross join (values ('dietary'), ('tshirt')) as q(question)
where r.response = 'going' and r.user_id in ('11111111-1111-4111-8111-111111111111', '33333333-3333-4333-8333-333333333333',
                                              '55555555-5555-4555-8555-555555555555');

insert into public.waitlist (id, event_id, user_id, position, joined_at, notified_at)
select row_number() over (order by n, u),
       format('e0000000-0000-4000-8000-%s', lpad(n::text, 12, '0'))::uuid,
       (array['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222',
              '33333333-3333-4333-8333-333333333333', '44444444-4444-4444-8444-444444444444',
              '55555555-5555-4555-8555-555555555555', '66666666-6666-4666-8666-666666666666'])[u]::uuid,
       u - 2,
       timestamptz '2024-03-01 10:00:00+00' + n * interval '1 day' + u * interval '10 minutes',
       case when u = 3 then timestamptz '2024-03-05 10:00:00+00' + n * interval '1 day' end
from generate_series(15, 19) as n, generate_series(3, 6) as u;
select setval(pg_get_serial_sequence('public.waitlist', 'id'), 20);

insert into box_office.promo_codes (code, event_id, discount_pct, max_uses, used, expires_at, created_at) values
    ('EARLY10', 'e0000000-0000-4000-8000-000000000015', 10, 100, 12, '2031-02-01 00:00:00+00', '2024-01-20 12:00:00+00'),
    ('FRIENDS', 'e0000000-0000-4000-8000-000000000015', 25, 20, 20, null, '2024-01-21 12:00:00+00'),
    ('JAZZ50', 'e0000000-0000-4000-8000-000000000016', 50, null, 3, '2024-06-01 00:00:00+00', '2024-01-22 12:00:00+00'),
    ('PRESS', 'e0000000-0000-4000-8000-000000000017', 100, 10, 0, null, '2024-01-23 12:00:00+00'),
    ('STUDENT', 'e0000000-0000-4000-8000-000000000019', 30, 50, 7, '2031-05-01 00:00:00+00', '2024-01-24 12:00:00+00');

insert into box_office.payouts (id, organizer_id, amount, currency, period_start, period_end, paid_at) values
    (1, '11111111-1111-4111-8111-111111111111', 412.50, 'EUR', '2024-02-01', '2024-02-29', '2024-03-05 09:00:00+00'),
    (2, '22222222-2222-4222-8222-222222222222', 180.00, 'EUR', '2024-02-01', '2024-02-29', '2024-03-05 09:00:00+00'),
    (3, '11111111-1111-4111-8111-111111111111', 655.00, 'EUR', '2024-03-01', '2024-03-31', null),
    (4, '33333333-3333-4333-8333-333333333333', 90.25, 'GBP', '2024-03-01', '2024-03-31', null);
select setval(pg_get_serial_sequence('box_office.payouts', 'id'), 4);
