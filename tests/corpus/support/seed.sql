-- Deterministic seed for the support app: three teams, five agents, 30 customers (frank is one
-- of them), 120 tickets with messages, ratings, shifts and two months of audit log.
insert into auth.users (id, email, raw_user_meta_data, created_at) values
    ('11111111-1111-4111-8111-111111111111', 'alice@example.com', '{"full_name": "Alice Adams"}', '2024-01-01 09:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', 'bob@example.com', '{"full_name": "Bob Brown"}', '2024-01-02 09:00:00+00'),
    ('33333333-3333-4333-8333-333333333333', 'carol@example.com', '{"full_name": "Carol Chen"}', '2024-01-03 09:00:00+00'),
    ('44444444-4444-4444-8444-444444444444', 'dave@example.com', '{"full_name": "Dave Diaz"}', '2024-01-04 09:00:00+00'),
    ('55555555-5555-4555-8555-555555555555', 'erin@example.com', '{"full_name": "Erin Evans"}', '2024-01-05 09:00:00+00'),
    ('66666666-6666-4666-8666-666666666666', 'frank@example.com', '{}', '2024-01-06 09:00:00+00');

insert into public.teams (id, name, email_alias, "timeZone", created_at) values
    (1, 'Tier 1', 'help@example.com', 'Europe/London', '2024-01-10 09:00:00+00'),
    (2, 'Billing', 'billing@example.com', 'America/New_York', '2024-01-10 09:05:00+00'),
    (3, 'Platform', null, 'UTC', '2024-01-10 09:10:00+00');
select setval(pg_get_serial_sequence('public.teams', 'id'), 3);

insert into public.agents (id, team_id, "displayName", email, role, is_active, max_open_tickets, skills, created_at) values
    ('11111111-1111-4111-8111-111111111111', 3, 'Alice A.', 'alice@example.com', 'admin', true, 10, '{api,sso}', '2024-01-11 09:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', 1, 'Bob B.', 'bob@example.com', 'lead', true, 30, '{billing,german}', '2024-01-11 09:10:00+00'),
    ('33333333-3333-4333-8333-333333333333', 1, 'Carol C.', 'carol@example.com', 'agent', true, 25, '{mobile}', '2024-01-11 09:20:00+00'),
    ('44444444-4444-4444-8444-444444444444', 2, 'Dave D.', 'dave@example.com', 'agent', true, 25, '{billing,refunds}', '2024-01-11 09:30:00+00'),
    ('55555555-5555-4555-8555-555555555555', 3, 'Erin E.', 'erin@example.com', 'agent', false, 20, '{}', '2024-01-11 09:40:00+00');

insert into public.agent_shifts (id, agent_id, during, note)
select
    (d - 1) * 4 + a,
    (array['22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333',
           '44444444-4444-4444-8444-444444444444', '11111111-1111-4111-8111-111111111111'])[a]::uuid,
    tstzrange(timestamptz '2024-04-01 00:00:00+00' + (d - 1) * interval '1 day' + (6 + a * 2) * interval '1 hour',
              timestamptz '2024-04-01 00:00:00+00' + (d - 1) * interval '1 day' + (14 + a * 2) * interval '1 hour'),
    case when a = 4 and d % 2 = 0 then 'on call' end
from generate_series(1, 7) as d, generate_series(1, 4) as a;
select setval(pg_get_serial_sequence('public.agent_shifts', 'id'), 28);

insert into public.customers (customer_id, name, email, plan, "user", company, created_at)
select
    n,
    (array['Hana', 'Igor', 'Jade', 'Kofi', 'Lena', 'Marco', 'Nora', 'Omar', 'Pia', 'Quinn'])[1 + n % 10]
        || ' ' || (array['Lee', 'Novak', 'Silva', 'Mensah', 'Berg', 'Rossi'])[1 + n % 6],
    'customer' || n || '@client.example',
    (array['free', 'pro', 'enterprise', 'free', 'pro'])[1 + n % 5],
    case when n = 7 then '66666666-6666-4666-8666-666666666666'::uuid end,
    case when n % 4 = 0 then null else (array['Northwind', 'Contoso', 'Fabrikam', 'Tailspin'])[1 + n % 4] end,
    timestamptz '2024-01-15 10:00:00+00' + n * interval '1 day 2 hours'
from generate_series(1, 30) as n;
select setval(pg_get_serial_sequence('public.customers', 'customer_id'), 30);

insert into public.customer_settings (customer_id, locale, "allowEmail", first_response, resolution)
select n, (array['en', 'de', 'fr', 'en'])[1 + n % 4], n % 6 <> 0,
       case (array['free', 'pro', 'enterprise', 'free', 'pro'])[1 + n % 5] when 'enterprise' then interval '1 hour'
            when 'pro' then interval '4 hours' else interval '1 day' end,
       case (array['free', 'pro', 'enterprise', 'free', 'pro'])[1 + n % 5] when 'enterprise' then interval '8 hours'
            when 'pro' then interval '2 days' else interval '5 days' end
from generate_series(1, 30) as n
where n % 5 <> 4;

insert into public.sla_policies (priority, first_response, resolution) values
    ('low', interval '2 days', interval '10 days'),
    ('normal', interval '8 hours', interval '3 days'),
    ('high', interval '2 hours', interval '1 day'),
    ('urgent', interval '30 minutes', interval '4 hours');

insert into public.tickets (id, customer_id, team_id, assignee_id, subject, status, priority, channel, tags, custom_fields,
                            first_responded_at, solved_at, created_at, updated_at)
select
    n,
    1 + (n * 7) % 30,
    case when n % 11 = 0 then null else 1 + n % 3 end,
    case when n % 8 = 0 then null
         else (array['22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333',
                     '44444444-4444-4444-8444-444444444444', '11111111-1111-4111-8111-111111111111',
                     '55555555-5555-4555-8555-555555555555'])[1 + n % 5]::uuid end,
    (array['Cannot log in', 'Refund request', 'App crashes on start', 'Invoice shows wrong VAT', 'How do I export data?',
           'SSO setup help', 'Password reset email never arrives', 'Upgrade to Pro', 'API returns 500', 'Delete my account'])[1 + n % 10]
        || case when n > 10 then ' #' || n else '' end,
    (array['new', 'open', 'pending', 'open', 'solved', 'closed', 'on_hold', 'solved', 'open'])[1 + n % 9]::public.ticket_status,
    (array['normal', 'low', 'high', 'normal', 'urgent', 'normal', 'high'])[1 + n % 7]::public.ticket_priority,
    (array['email', 'chat', 'web', 'phone', 'email'])[1 + n % 5]::public.ticket_channel,
    case n % 6 when 0 then '{}'::text[] when 1 then '{billing}' when 2 then '{bug,mobile}' when 3 then '{how-to}'
               when 4 then '{bug}' else '{vip,billing}' end,
    case n % 4 when 0 then '{}'::jsonb
               when 1 then jsonb_build_object('order_id', 'ORD-' || (1000 + n), 'app_version', '2.' || (n % 5) || '.0')
               when 2 then jsonb_build_object('app_version', '3.' || (n % 3) || '.1', 'platform', 'ios')
               else jsonb_build_object('platform', 'android', 'vip', true) end,
    case when n % 9 = 0 then null else timestamptz '2024-03-01 08:00:00+00' + n * interval '14 hours' + (n % 13) * interval '25 minutes' end,
    case when (array['new', 'open', 'pending', 'open', 'solved', 'closed', 'on_hold', 'solved', 'open'])[1 + n % 9] in ('solved', 'closed')
         then timestamptz '2024-03-01 08:00:00+00' + n * interval '14 hours' + (1 + n % 4) * interval '1 day' end,
    timestamptz '2024-03-01 08:00:00+00' + n * interval '14 hours',
    timestamptz '2024-04-20 08:00:00+00' + n * interval '7 minutes'
from generate_series(1, 120) as n;
select setval(pg_get_serial_sequence('public.tickets', 'id'), 120);

insert into public.ticket_messages (id, ticket_id, author_agent_id, author_customer_id, body, is_internal, created_at)
select
    (t - 1) * 3 + k,
    t,
    case when k = 2 then (array['22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333',
                                '44444444-4444-4444-8444-444444444444'])[1 + t % 3]::uuid end,
    case when k <> 2 then 1 + (t * 7) % 30 end,
    case k
        when 1 then (array['I cannot log in since the update, password reset does nothing.',
                           'Please refund the duplicate charge on my card.',
                           'The app crashes right after the splash screen on my phone.',
                           'Our invoice lists the wrong VAT number.',
                           'How can I export all our data as CSV?'])[1 + t % 5]
        when 2 then (array['Thanks for reaching out, we are looking into it.',
                           'Internal: looks like the known crash in 3.1, linking the bug.',
                           'I have issued the refund, it takes 5-10 business days.'])[1 + t % 3]
        else 'Any update on this? It is still broken.' end,
    k = 2 and t % 3 = 1,
    timestamptz '2024-03-01 08:00:00+00' + t * interval '14 hours' + (k - 1) * interval '3 hours'
from generate_series(1, 120) as t, generate_series(1, 3) as k
where k < 3 or t % 4 = 0;
select setval(pg_get_serial_sequence('public.ticket_messages', 'id'), 360);

insert into public.satisfaction_ratings (ticket_id, score, comment, created_at)
select t, 1 + (t * 3) % 5, case when t % 3 = 0 then (array['Great help!', 'Slow answer', 'Solved quickly'])[1 + t % 3] end,
       timestamptz '2024-03-01 08:00:00+00' + t * interval '14 hours' + interval '5 days'
from generate_series(1, 120) as t
where (array['new', 'open', 'pending', 'open', 'solved', 'closed', 'on_hold', 'solved', 'open'])[1 + t % 9] in ('solved', 'closed');

insert into public.ticket_audit (id, ticket_id, actor, action, old_value, new_value, created_at)
select
    n,
    1 + (n * 13) % 120,
    (array['22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333',
           '44444444-4444-4444-8444-444444444444', null])[1 + n % 4]::uuid,
    (array['status_changed', 'assigned', 'priority_changed', 'tagged'])[1 + n % 4],
    case n % 4 when 0 then '{"status": "new"}'::jsonb when 1 then '{"assignee": null}'::jsonb
               when 2 then '{"priority": "normal"}'::jsonb else null end,
    case n % 4 when 0 then '{"status": "open"}'::jsonb when 1 then '{"assignee": "bob"}'::jsonb
               when 2 then '{"priority": "urgent"}'::jsonb else '{"tags": ["vip"]}'::jsonb end,
    timestamptz '2024-03-02 00:00:00+00' + n * interval '5 hours 17 minutes'
from generate_series(1, 200) as n;
select setval(pg_get_serial_sequence('public.ticket_audit', 'id'), 200);

insert into helpdesk.macros (id, team_id, title, body, position, set_status) values
    (1, 1, 'Password reset', 'Please use the "Forgot password" link on the sign-in page.', 1, 'pending'),
    (2, 1, 'Need more info', 'Could you send us a screenshot of the error?', 2, 'pending'),
    (3, 2, 'Refund issued', 'We have issued your refund.', 1, 'solved'),
    (4, 2, 'VAT fix', 'We corrected the VAT number on your invoice.', 2, 'solved'),
    (5, 3, 'Known incident', 'This is a known incident, follow the status page.', 1, 'on_hold'),
    (6, null, 'Closing', 'Closing this ticket, reply to reopen.', 9, 'closed');
select setval(pg_get_serial_sequence('helpdesk.macros', 'id'), 6);
