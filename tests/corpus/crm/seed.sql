-- Deterministic seed for the crm app: six reps, two pipelines, 24 companies, 72 contacts,
-- 90 deals, 180 activities, notes and tags.
insert into auth.users (id, email, raw_user_meta_data, created_at) values
    ('11111111-1111-4111-8111-111111111111', 'alice@example.com', '{"full_name": "Alice Adams"}', '2024-01-01 09:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', 'bob@example.com', '{"full_name": "Bob Brown"}', '2024-01-02 09:00:00+00'),
    ('33333333-3333-4333-8333-333333333333', 'carol@example.com', '{"full_name": "Carol Chen"}', '2024-01-03 09:00:00+00'),
    ('44444444-4444-4444-8444-444444444444', 'dave@example.com', '{"full_name": "Dave Diaz"}', '2024-01-04 09:00:00+00'),
    ('55555555-5555-4555-8555-555555555555', 'erin@example.com', '{"full_name": "Erin Evans"}', '2024-01-05 09:00:00+00'),
    ('66666666-6666-4666-8666-666666666666', 'frank@example.com', '{}', '2024-01-06 09:00:00+00');

update public.profiles set
    title = case email when 'alice@example.com' then 'VP Sales' when 'frank@example.com' then null else 'Account Executive' end,
    is_manager = (email = 'alice@example.com'),
    quota = case email when 'alice@example.com' then 0 when 'frank@example.com' then 50000 else 120000 end,
    avatar_url = case when email in ('bob@example.com', 'erin@example.com') then 'https://i.example.com/' || split_part(email, '@', 1) || '.png' end,
    created_at = timestamptz '2024-01-01 09:00:00+00' + (substr(id::text, 1, 1)::int - 1) * interval '1 day';

insert into public.pipelines (id, name, is_default, created_at) values
    (1, 'New business', true, '2024-01-05 10:00:00+00'),
    (2, 'Renewals', false, '2024-01-05 10:05:00+00');
select setval(pg_get_serial_sequence('public.pipelines', 'id'), 2);

insert into public.companies (id, owner_id, parent_id, name, domain, industry, employee_count, annual_revenue, address, tags, created_at)
select
    n,
    (array['22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333',
           '44444444-4444-4444-8444-444444444444', '55555555-5555-4555-8555-555555555555'])[1 + n % 4]::uuid,
    case when n in (7, 13) then 1 when n = 20 then 2 end,
    (array['Acme Corp', 'Globex', 'Initech', 'Umbrella Health', 'Stark Industries', 'Wayne Logistics',
           'Acme Europe', 'Hooli', 'Vandelay Imports', 'Soylent Foods', 'Wonka Confectionery', 'Tyrell Robotics',
           'Acme Asia', 'Cyberdyne', 'Oscorp', 'Pied Piper', 'Massive Dynamic', 'Gringotts Bank',
           'Monarch Solutions', 'Globex Labs', 'Bluth Company', 'Dunder Mifflin', 'Prestige Worldwide', 'Sterling Cooper'])[n],
    lower(replace((array['Acme Corp', 'Globex', 'Initech', 'Umbrella Health', 'Stark Industries', 'Wayne Logistics',
           'Acme Europe', 'Hooli', 'Vandelay Imports', 'Soylent Foods', 'Wonka Confectionery', 'Tyrell Robotics',
           'Acme Asia', 'Cyberdyne', 'Oscorp', 'Pied Piper', 'Massive Dynamic', 'Gringotts Bank',
           'Monarch Solutions', 'Globex Labs', 'Bluth Company', 'Dunder Mifflin', 'Prestige Worldwide', 'Sterling Cooper'])[n], ' ', '')) || '.example',
    case when n % 7 = 0 then null else (array['software', 'manufacturing', 'healthcare', 'finance', 'retail', 'logistics'])[1 + n % 6] end,
    case when n % 5 = 0 then null else 10 * n * n end,
    case when n % 4 = 0 then null else round((n * 137500.25)::numeric, 2) end,
    jsonb_build_object('city', (array['Berlin', 'London', 'New York', 'Austin', 'Paris', 'Toronto'])[1 + n % 6],
                       'country', (array['DE', 'GB', 'US', 'US', 'FR', 'CA'])[1 + n % 6])
        || case when n % 3 = 0 then '{"street": "Main St 1"}'::jsonb else '{}'::jsonb end,
    case n % 4 when 0 then '{}'::text[] when 1 then '{enterprise}' when 2 then '{smb,inbound}' else '{enterprise,partner}' end,
    timestamptz '2024-01-10 08:00:00+00' + n * interval '17 hours'
from generate_series(1, 24) as n;
select setval(pg_get_serial_sequence('public.companies', 'id'), 24);

insert into public.contacts (id, company_id, owner_id, first_name, last_name, email, phone, title, lifecycle, last_contacted_at, custom, created_at)
select
    n,
    case when n % 9 = 0 then null else 1 + (n * 5) % 24 end,
    (array['22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333',
           '44444444-4444-4444-8444-444444444444', '55555555-5555-4555-8555-555555555555',
           '11111111-1111-4111-8111-111111111111'])[1 + n % 5]::uuid,
    (array['Ann', 'Ben', 'Cleo', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jon', 'Kemal', 'Lucia'])[1 + n % 12],
    case when n % 11 = 0 then null
         else (array['Smith', 'Okafor', 'Müller', 'Garcia', 'O''Brien', 'Nguyen', 'Rossi', 'Kowalski', 'Tanaka'])[1 + n % 9] end,
    case when n % 13 = 0 then null
         else lower((array['Ann', 'Ben', 'Cleo', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jon', 'Kemal', 'Lucia'])[1 + n % 12]) || n || '@mail.example' end,
    case when n % 3 = 0 then '+1-555-01' || lpad(n::text, 2, '0') end,
    (array['CTO', 'Head of Ops', 'Buyer', 'CEO', null, 'Engineer'])[1 + n % 6],
    (array['subscriber', 'lead', 'mql', 'sql', 'customer', 'churned', 'lead', 'customer'])[1 + n % 8]::public.contact_lifecycle,
    case when n % 4 = 0 then null else timestamptz '2024-03-01 09:00:00+00' + n * interval '7 hours 13 minutes' end,
    case n % 5 when 0 then '{}'::jsonb
               when 1 then '{"linkedin": "https://linkedin.example/in/x", "source": "webinar"}'::jsonb
               when 2 then '{"source": "referral", "nps": 9}'::jsonb
               when 3 then '{"source": "webinar", "nps": 6}'::jsonb
               else '{"source": "outbound"}'::jsonb end,
    timestamptz '2024-01-15 08:00:00+00' + n * interval '9 hours'
from generate_series(1, 72) as n;
select setval(pg_get_serial_sequence('public.contacts', 'id'), 72);

insert into public.tags (id, name, color) values
    (1, 'vip', 'gold'), (2, 'decision-maker', 'red'), (3, 'technical', 'blue'),
    (4, 'newsletter', 'gray'), (5, 'event-2024', 'green'), (6, 'do-not-call', 'black');
select setval(pg_get_serial_sequence('public.tags', 'id'), 6);

insert into public.contact_tags (contact_id, tag_id, added_at)
select c, t, timestamptz '2024-02-01 00:00:00+00' + (c * 6 + t) * interval '1 hour'
from generate_series(1, 72) as c, generate_series(1, 6) as t
where (c + t) % 5 = 0 or (c % 10 = 0 and t = 1);

insert into public.deals (id, pipeline_id, company_id, primary_contact_id, owner_id, title, stage, amount, currency,
                          probability, expected_close, closed_at, lost_reason, created_at, updated_at)
select
    n,
    case when n % 5 = 0 then 2 else 1 end,
    case when n % 17 = 0 then null else 1 + (n * 7) % 24 end,
    case when n % 6 = 0 then null else 1 + (n * 11) % 72 end,
    (array['22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333',
           '44444444-4444-4444-8444-444444444444', '55555555-5555-4555-8555-555555555555',
           '11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'])[1 + n % 6]::uuid,
    (array['Platform license', 'Pilot', 'Expansion', 'Support plan', 'Onboarding package', 'Annual renewal',
           'Data migration', 'Enterprise upgrade'])[1 + n % 8] || ' #' || n,
    (array['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost', 'qualified', 'won', 'proposal'])[1 + n % 9]::public.deal_stage,
    case when n % 10 = 3 then null else round((1500 + (n * 7919) % 98000 + (n % 7) * 0.25)::numeric, 2) end,
    case when n % 12 = 0 then 'EUR' else 'USD' end,
    case (array['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost', 'qualified', 'won', 'proposal'])[1 + n % 9]
        when 'lead' then 10 when 'qualified' then 25 when 'proposal' then 50 when 'negotiation' then 75
        when 'won' then 100 else 0 end,
    date '2024-03-01' + (n * 3) % 120,
    case when (array['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost', 'qualified', 'won', 'proposal'])[1 + n % 9] in ('won', 'lost')
         then timestamptz '2024-02-01 12:00:00+00' + n * interval '1 day 3 hours' end,
    case when n % 9 = 5 then (array['price', 'timing', 'competitor', null])[1 + n % 4] end,
    timestamptz '2024-01-20 09:00:00+00' + n * interval '13 hours',
    timestamptz '2024-03-20 09:00:00+00' + n * interval '29 minutes'
from generate_series(1, 90) as n;
select setval(pg_get_serial_sequence('public.deals', 'id'), 90);

insert into public.deal_contacts (deal_id, contact_id, role)
select d, c, case when c % 3 = 0 then 'champion' when c % 3 = 1 then 'economic buyer' end
from generate_series(1, 90) as d, generate_series(1, 72) as c
where (d * 5 + c) % 23 = 0;

insert into public.activities (id, type, subject, body, deal_id, contact_id, owner_id, due_at, done_at, duration_minutes, outcome, created_at)
select
    n,
    (array['call', 'email', 'meeting', 'task', 'call', 'email'])[1 + n % 6]::public.activity_type,
    (array['Intro call', 'Follow-up email', 'Demo', 'Send proposal', 'Pricing call', 'Check-in', 'Contract review'])[1 + n % 7],
    case when n % 4 = 0 then 'Discussed timeline and budget.' end,
    case when n % 5 = 4 then null else 1 + (n * 13) % 90 end,
    case when n % 3 = 2 then null else 1 + (n * 7) % 72 end,
    (array['22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333',
           '44444444-4444-4444-8444-444444444444', '55555555-5555-4555-8555-555555555555',
           '11111111-1111-4111-8111-111111111111'])[1 + n % 5]::uuid,
    timestamptz '2024-03-01 09:00:00+00' + n * interval '5 hours 30 minutes',
    case when n % 3 = 0 then null else timestamptz '2024-03-01 09:00:00+00' + n * interval '5 hours 30 minutes' + interval '20 minutes' end,
    case when (array['call', 'email', 'meeting', 'task', 'call', 'email'])[1 + n % 6] in ('call', 'meeting') then 15 + (n % 4) * 15 end,
    case when n % 3 = 0 then null else (array['connected', 'voicemail', 'no answer', 'scheduled next step'])[1 + n % 4] end,
    timestamptz '2024-02-25 09:00:00+00' + n * interval '5 hours'
from generate_series(1, 180) as n;
select setval(pg_get_serial_sequence('public.activities', 'id'), 180);

insert into public.notes (id, author_id, company_id, contact_id, deal_id, body, pinned, created_at)
select
    n,
    (array['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222',
           '33333333-3333-4333-8333-333333333333', '44444444-4444-4444-8444-444444444444'])[1 + n % 4]::uuid,
    case when n % 3 = 0 then 1 + n % 24 end,
    case when n % 3 = 1 then 1 + (n * 5) % 72 end,
    case when n % 3 = 2 then 1 + (n * 7) % 90 end,
    (array['Budget approved for Q2.', E'Call back\nTomorrow', 'Asked about SSO and SCIM.', 'Prefers email over calls.',
           'Competitor is offering 20% off.', 'Legal review pending.', '50% discount requested', 'O''Reilly intro'])[1 + n % 8],
    n % 7 = 0,
    timestamptz '2024-02-10 10:00:00+00' + n * interval '11 hours'
from generate_series(1, 48) as n;
select setval(pg_get_serial_sequence('public.notes', 'id'), 48);

insert into sales.quotas (owner_id, period_start, amount)
select p.id, q.period_start, case when p.quota = 0 then 25000 else p.quota / 4 end
from public.profiles p, (values (date '2024-01-01'), (date '2024-04-01')) as q (period_start)
where p.email <> 'frank@example.com';
