-- Deterministic seed for the analytics app: 240 events over January-March 2024 and April (default partition).
insert into auth.users (id, email, created_at) values
    ('11111111-1111-4111-8111-111111111111', 'alice@example.com', '2024-01-01 09:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', 'bob@example.com', '2024-01-02 09:00:00+00'),
    ('33333333-3333-4333-8333-333333333333', 'carol@example.com', '2024-01-03 09:00:00+00'),
    ('44444444-4444-4444-8444-444444444444', 'dave@example.com', '2024-01-04 09:00:00+00'),
    ('55555555-5555-4555-8555-555555555555', 'erin@example.com', '2024-01-05 09:00:00+00'),
    ('66666666-6666-4666-8666-666666666666', 'frank@example.com', '2024-01-06 09:00:00+00');

insert into public.projects (id, owner_id, name, domain, api_key, created_at) values
    ('20000000-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'Marketing site', 'www.example.com', 'key-www', '2023-12-01 00:00:00+00'),
    ('20000000-0000-4000-8000-000000000002', '11111111-1111-4111-8111-111111111111', 'Web app', 'app.example.com', 'key-app', '2023-12-15 00:00:00+00'),
    ('20000000-0000-4000-8000-000000000003', '33333333-3333-4333-8333-333333333333', 'Docs', 'docs.example.org', 'key-docs', '2024-01-10 00:00:00+00');

insert into public.events (project_id, "type", name, "userId", session_id, url, referrer, properties, revenue, country, created_at)
select ('20000000-0000-4000-8000-00000000000' || (1 + i % 3))::uuid,
       (case when i % 17 = 0 then 'purchase' when i % 11 = 0 then 'signup' when i % 4 = 0 then 'click' when i % 29 = 0 then 'custom' else 'pageview' end)::event_type,
       case when i % 17 = 0 then 'checkout_completed' when i % 11 = 0 then 'account_created' when i % 4 = 0 then 'cta_clicked'
            when i % 29 = 0 then 'video_played' else 'page_view' end,
       case when i % 13 = 0 then null else 'u' || (i % 23) end,
       ('30000000-0000-4000-8000-0000000000' || lpad((i % 40)::text, 2, '0'))::uuid,
       (array['/', '/pricing', '/docs', '/blog', '/signup', '/docs/getting-started'])[1 + i % 6],
       (array['https://google.com', null, 'https://news.ycombinator.com', null, 'https://twitter.com'])[1 + i % 5],
       jsonb_build_object('browser', (array['firefox', 'chrome', 'safari'])[1 + i % 3], 'mobile', i % 2 = 0)
           || case when i % 17 = 0 then jsonb_build_object('plan', (array['pro', 'team'])[1 + i % 2]) else '{}'::jsonb end,
       case when i % 17 = 0 then (19 + (i % 3) * 20)::numeric + 0.99 end,
       (array['DE', 'FR', 'US', 'PT', null, 'US'])[1 + i % 6],
       timestamptz '2024-01-01 00:00:00+00' + (i * 9 || ' hours')::interval + (i % 60 || ' minutes')::interval
from generate_series(1, 260) as i;

insert into public.goals (project_id, name, event_name, target_value, "interval") values
    ('20000000-0000-4000-8000-000000000001', 'Signups', 'account_created', 10, '7 days'),
    ('20000000-0000-4000-8000-000000000001', 'Revenue', 'checkout_completed', 500, '30 days'),
    ('20000000-0000-4000-8000-000000000002', 'Activation', 'cta_clicked', 25, '1 day'),
    ('20000000-0000-4000-8000-000000000003', 'Reads', 'page_view', 100, '7 days');

refresh materialized view public.daily_stats;
