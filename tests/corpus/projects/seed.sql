-- Deterministic seed for the projects app: two workspaces, four projects, cycles, ~150 issues
-- with labels, comments and time entries over three monthly partitions.
insert into auth.users (id, email, raw_user_meta_data, created_at) values
    ('11111111-1111-4111-8111-111111111111', 'alice@example.com', '{"full_name": "Alice Adams"}', '2024-01-01 09:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', 'bob@example.com', '{"full_name": "Bob Brown"}', '2024-01-02 09:00:00+00'),
    ('33333333-3333-4333-8333-333333333333', 'carol@example.com', '{"full_name": "Carol Chen", "avatar_url": "https://i.example.com/carol.png"}', '2024-01-03 09:00:00+00'),
    ('44444444-4444-4444-8444-444444444444', 'dave@example.com', '{"full_name": "Dave Diaz"}', '2024-01-04 09:00:00+00'),
    ('55555555-5555-4555-8555-555555555555', 'erin@example.com', '{"full_name": "Erin Evans"}', '2024-01-05 09:00:00+00'),
    ('66666666-6666-4666-8666-666666666666', 'frank@example.com', '{}', '2024-01-06 09:00:00+00');

update public.profiles set
    "timeZone" = case email when 'alice@example.com' then 'Europe/London' when 'bob@example.com' then 'Europe/Berlin'
                            when 'carol@example.com' then 'America/New_York' else 'UTC' end,
    created_at = timestamptz '2024-01-01 09:00:00+00' + (substr(id::text, 1, 1)::int - 1) * interval '1 day';

insert into public.workspaces (id, name, slug, settings, created_by, created_at) values
    ('a0000000-0000-4000-8000-000000000001', 'Acme Inc', 'acme', '{"issuePrefix": true, "weekStartsOn": 1, "plan": "pro"}', '11111111-1111-4111-8111-111111111111', '2024-01-10 10:00:00+00'),
    ('a0000000-0000-4000-8000-000000000002', 'Side Project', 'side-project', '{"issuePrefix": false, "weekStartsOn": 0}', '33333333-3333-4333-8333-333333333333', '2024-01-20 10:00:00+00');

insert into public.workspace_members (workspace_id, user_id, role, joined_at) values
    ('a0000000-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'owner', '2024-01-10 10:00:00+00'),
    ('a0000000-0000-4000-8000-000000000001', '22222222-2222-4222-8222-222222222222', 'admin', '2024-01-11 10:00:00+00'),
    ('a0000000-0000-4000-8000-000000000001', '33333333-3333-4333-8333-333333333333', 'member', '2024-01-12 10:00:00+00'),
    ('a0000000-0000-4000-8000-000000000001', '44444444-4444-4444-8444-444444444444', 'member', '2024-01-13 10:00:00+00'),
    ('a0000000-0000-4000-8000-000000000001', '66666666-6666-4666-8666-666666666666', 'guest', '2024-02-01 10:00:00+00'),
    ('a0000000-0000-4000-8000-000000000002', '33333333-3333-4333-8333-333333333333', 'owner', '2024-01-20 10:00:00+00'),
    ('a0000000-0000-4000-8000-000000000002', '11111111-1111-4111-8111-111111111111', 'member', '2024-01-21 10:00:00+00'),
    ('a0000000-0000-4000-8000-000000000002', '55555555-5555-4555-8555-555555555555', 'admin', '2024-01-22 10:00:00+00');

insert into public.projects (id, workspace_id, key, name, description, color, lead_id, position, archived_at, created_at)
overriding system value values
    (1, 'a0000000-0000-4000-8000-000000000001', 'ENG', 'Engineering', 'Platform and product engineering', '#6366f1', '22222222-2222-4222-8222-222222222222', 1, null, '2024-01-10 11:00:00+00'),
    (2, 'a0000000-0000-4000-8000-000000000001', 'DES', 'Design', 'Design system and research', '#ec4899', '33333333-3333-4333-8333-333333333333', 2, null, '2024-01-10 11:05:00+00'),
    (3, 'a0000000-0000-4000-8000-000000000001', 'OPS', 'Operations', null, '#f59e0b', null, 3, '2024-03-01 00:00:00+00', '2024-01-15 11:00:00+00'),
    (4, 'a0000000-0000-4000-8000-000000000002', 'APP', 'Mobile app', 'The iOS and Android app', '#10b981', '55555555-5555-4555-8555-555555555555', 1, null, '2024-01-20 11:00:00+00');
select setval(pg_get_serial_sequence('public.projects', 'id'), 4);

insert into public.cycles (id, project_id, number, name, starts_on, ends_on)
overriding system value
select (p - 1) * 3 + c, p, c, case when c = 2 then 'Launch prep' end,
       date '2024-02-05' + (c - 1) * 14, date '2024-02-05' + c * 14
from generate_series(1, 4) as p, generate_series(1, 3) as c;
select setval(pg_get_serial_sequence('public.cycles', 'id'), 12);

-- 150 issues: 60 in ENG, 30 in DES, 20 in OPS, 40 in APP
insert into public.issues (id, project_id, number, title, description, type, status, priority, estimate,
                           assignee_id, creator_id, cycle_id, parent_id, due_date, "sortOrder", metadata, created_at, updated_at)
overriding system value
select
    n,
    proj,
    num,
    (array['Fix login redirect loop', 'Add dark mode toggle', 'Crash when uploading large avatar', 'Migrate billing to new API',
           'Improve search relevance', 'Onboarding checklist', 'Slow dashboard on Safari', 'Export issues to CSV',
           'Keyboard shortcuts for triage', 'Flaky test in CI pipeline', 'Rate limit the public API', 'Update privacy policy page'])[1 + n % 12]
        || case when n > 12 then ' (' || n || ')' else '' end,
    case when n % 3 = 0 then 'Steps to reproduce are in the linked thread.' end,
    (array['bug', 'feature', 'task', 'chore'])[1 + n % 4]::public.issue_type,
    (array['backlog', 'todo', 'in_progress', 'in_review', 'done', 'done', 'canceled', 'todo'])[1 + n % 8]::public.issue_status,
    (array['none', 'urgent', 'high', 'medium', 'low'])[1 + n % 5]::public.issue_priority,
    (array[null, 1, 2, 3, 5, 8]::smallint[])[1 + n % 6],
    case when n % 7 = 6 then null
         else (array['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222',
                     '33333333-3333-4333-8333-333333333333', '44444444-4444-4444-8444-444444444444'])[1 + n % 4]::uuid end,
    (array['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222',
           '33333333-3333-4333-8333-333333333333'])[1 + n % 3]::uuid,
    case when n % 4 = 0 then null else (proj - 1) * 3 + 1 + n % 3 end,
    null,
    case when n % 5 = 0 then date '2024-03-01' + (n % 30) end,
    (n % 17) * 1.5,
    case when n % 10 = 0 then jsonb_build_object('github', jsonb_build_object('pr', 1000 + n, 'merged', n % 20 = 0))
         when n % 10 = 1 then '{"source": "intercom"}'::jsonb
         else '{}'::jsonb end,
    timestamptz '2024-02-01 08:00:00+00' + n * interval '7 hours',
    timestamptz '2024-02-01 08:00:00+00' + n * interval '7 hours' + (n % 13) * interval '1 day'
from (
    select n,
           case when n <= 60 then 1 when n <= 90 then 2 when n <= 110 then 3 else 4 end as proj,
           n - case when n <= 60 then 0 when n <= 90 then 60 when n <= 110 then 90 else 110 end as num
    from generate_series(1, 150) as n
) s;
select setval(pg_get_serial_sequence('public.issues', 'id'), 150);

-- sub-issues, and deterministic completion/update stamps
alter table public.issues disable trigger issues_touch_updated_at;
update public.issues set parent_id = id - 1 where id in (5, 6, 7, 31, 32, 122);
update public.issues set completed_at = updated_at where status = 'done';
alter table public.issues enable trigger issues_touch_updated_at;

insert into public.labels (id, workspace_id, name, color) overriding system value values
    (1, 'a0000000-0000-4000-8000-000000000001', 'bug', '#ef4444'),
    (2, 'a0000000-0000-4000-8000-000000000001', 'frontend', '#3b82f6'),
    (3, 'a0000000-0000-4000-8000-000000000001', 'backend', '#22c55e'),
    (4, 'a0000000-0000-4000-8000-000000000001', 'customer', '#f97316'),
    (5, 'a0000000-0000-4000-8000-000000000001', 'tech-debt', '#a855f7'),
    (6, 'a0000000-0000-4000-8000-000000000002', 'ios', '#111827'),
    (7, 'a0000000-0000-4000-8000-000000000002', 'android', '#84cc16'),
    (8, 'a0000000-0000-4000-8000-000000000002', 'bug', '#ef4444');
select setval(pg_get_serial_sequence('public.labels', 'id'), 8);

insert into public.issue_labels (issue_id, label_id)
select i.id, l.id from public.issues i
join public.projects p on p.id = i.project_id
join public.labels l on l.workspace_id = p.workspace_id
where (i.id + l.id * 3) % 4 = 0;

insert into public.comments (id, issue_id, author_id, body, reactions, created_at, edited_at) overriding system value
select n, 1 + (n * 7) % 60,
    (array['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222',
           '33333333-3333-4333-8333-333333333333', '44444444-4444-4444-8444-444444444444'])[1 + n % 4]::uuid,
    (array['Can reproduce on staging.', 'PR is up, needs review', 'Blocked on the API change',
           'Moved to next cycle', 'Customer reported this again', 'Fixed in latest build'])[1 + n % 6],
    case when n % 5 = 0 then '{"+1": 2, "eyes": 1}'::jsonb else '{}'::jsonb end,
    timestamptz '2024-02-10 09:00:00+00' + n * interval '3 hours',
    case when n % 9 = 0 then timestamptz '2024-02-10 10:00:00+00' + n * interval '3 hours' end
from generate_series(1, 90) as n;
select setval(pg_get_serial_sequence('public.comments', 'id'), 90);

insert into public.time_entries (id, issue_id, user_id, started_at, minutes, note, billable) overriding system value
select n, 1 + (n * 5) % 110,
    (array['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222',
           '33333333-3333-4333-8333-333333333333', '44444444-4444-4444-8444-444444444444'])[1 + n % 4]::uuid,
    timestamptz '2024-02-01 09:00:00+00' + n * interval '13 hours',
    15 * (1 + n % 8),
    case when n % 4 = 0 then 'pairing' when n % 6 = 0 then 'code review' end,
    n % 5 <> 0
from generate_series(1, 140) as n;
select setval(pg_get_serial_sequence('public.time_entries', 'id'), 140);
