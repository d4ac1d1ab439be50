-- Deterministic seed for the lms app: two instructors, eight courses with sections and ~120
-- lessons, enrollments, progress, reviews and certificates.
insert into auth.users (id, email, raw_user_meta_data, created_at) values
    ('11111111-1111-4111-8111-111111111111', 'alice@example.com', '{"full_name": "Alice Moreau"}', '2024-01-01 09:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', 'bob@example.com', '{"full_name": "Bob Okafor", "avatar_url": "https://i.example.com/bob.png"}', '2024-01-02 09:00:00+00'),
    ('33333333-3333-4333-8333-333333333333', 'carol@example.com', '{"full_name": "Carol Nguyen"}', '2024-01-03 09:00:00+00'),
    ('44444444-4444-4444-8444-444444444444', 'dave@example.com', '{"full_name": "Dave Patel"}', '2024-01-04 09:00:00+00'),
    ('55555555-5555-4555-8555-555555555555', 'erin@example.com', '{"full_name": "Erin Schmidt"}', '2024-01-05 09:00:00+00'),
    ('66666666-6666-4666-8666-666666666666', 'frank@example.com', '{}', '2024-01-06 09:00:00+00');

update public.profiles set
    role = case substr(id::text, 1, 1) when '2' then 'instructor' when '3' then 'instructor' when '5' then 'admin' else 'student' end,
    headline = case substr(id::text, 1, 1) when '2' then 'Staff engineer, teaches databases' when '3' then 'Designer and illustrator' end,
    created_at = timestamptz '2024-01-01 09:00:00+00' + (substr(id::text, 1, 1)::int - 1) * interval '1 day';

insert into public.courses (id, slug, title, summary, instructor_id, level, price_cents, currency, tags, published, published_at, metadata, created_at, updated_at) values
    ('c0000000-0000-4000-8000-000000000001', 'postgres-101', 'Postgres 101', 'Tables, queries and indexes from scratch', '22222222-2222-4222-8222-222222222222', 'beginner', 0, 'usd', '{postgres,sql,databases}', true, '2024-01-15 10:00:00+00', '{"language": "en", "certificate": true}', '2024-01-10 10:00:00+00', '2024-01-15 10:00:00+00'),
    ('c0000000-0000-4000-8000-000000000002', 'advanced-sql', 'Advanced SQL', 'Window functions, CTEs and query plans', '22222222-2222-4222-8222-222222222222', 'advanced', 4900, 'usd', '{postgres,sql}', true, '2024-02-01 10:00:00+00', '{"language": "en", "certificate": true}', '2024-01-20 10:00:00+00', '2024-02-01 10:00:00+00'),
    ('c0000000-0000-4000-8000-000000000003', 'rls-in-practice', 'Row Level Security in Practice', 'Policies that scale for multi-tenant apps', '22222222-2222-4222-8222-222222222222', 'intermediate', 2900, 'usd', '{postgres,security,supabase}', true, '2024-02-15 10:00:00+00', '{"language": "en"}', '2024-02-01 10:00:00+00', '2024-02-15 10:00:00+00'),
    ('c0000000-0000-4000-8000-000000000004', 'figma-basics', 'Figma Basics', 'Frames, components and auto layout', '33333333-3333-4333-8333-333333333333', 'beginner', 1900, 'eur', '{design,figma}', true, '2024-01-25 10:00:00+00', '{"language": "en", "certificate": false}', '2024-01-18 10:00:00+00', '2024-01-25 10:00:00+00'),
    ('c0000000-0000-4000-8000-000000000005', 'design-systems', 'Design Systems', 'Tokens, components and documentation', '33333333-3333-4333-8333-333333333333', 'intermediate', 3900, 'eur', '{design,frontend}', true, '2024-03-01 10:00:00+00', '{"language": "fr", "certificate": true}', '2024-02-10 10:00:00+00', '2024-03-01 10:00:00+00'),
    ('c0000000-0000-4000-8000-000000000006', 'illustration-for-devs', 'Illustration for Developers', null, '33333333-3333-4333-8333-333333333333', 'beginner', 0, 'usd', '{design}', true, '2024-03-10 10:00:00+00', '{}', '2024-03-01 10:00:00+00', '2024-03-10 10:00:00+00'),
    ('c0000000-0000-4000-8000-000000000007', 'query-performance', 'Query Performance Deep Dive', 'EXPLAIN ANALYZE until it clicks', '22222222-2222-4222-8222-222222222222', 'advanced', 7900, 'usd', '{postgres,performance}', false, null, '{"language": "en"}', '2024-03-05 10:00:00+00', '2024-03-05 10:00:00+00'),
    ('c0000000-0000-4000-8000-000000000008', 'edge-functions', 'Edge Functions Crash Course', 'Deno, webhooks and background jobs', '22222222-2222-4222-8222-222222222222', 'intermediate', 1500, 'usd', '{supabase,typescript}', true, '2024-03-12 10:00:00+00', '{"language": "en", "certificate": true}', '2024-03-08 10:00:00+00', '2024-03-12 10:00:00+00');

-- three sections per course
insert into public.sections (id, course_id, title, position)
select (c - 1) * 3 + s, ('c0000000-0000-4000-8000-00000000000' || c)::uuid,
       (array['Getting started', 'Core concepts', 'Putting it together'])[s], s
from generate_series(1, 8) as c, generate_series(1, 3) as s;
select setval(pg_get_serial_sequence('public.sections', 'id'), 24);

-- five lessons per section
insert into public.lessons (id, course_id, section_id, slug, title, type, position, duration_seconds, "isPreview", video_url, content, created_at)
select n, ('c0000000-0000-4000-8000-00000000000' || c)::uuid, (c - 1) * 3 + s,
       'lesson-' || ((s - 1) * 5 + l),
       (array['Introduction', 'Setting up', 'Your first example', 'Common mistakes', 'Exercise'])[l] || ' ' || s || '.' || l,
       (case when l = 5 then 'quiz' when l = 4 and s = 3 then 'assignment' when l = 2 then 'article' else 'video' end)::public.lesson_type,
       (s - 1) * 5 + l,
       case when l = 2 then 0 else 180 + ((n * 37) % 900) end,
       s = 1 and l <= 2,
       case when l in (1, 3, 4) then 'https://video.example.com/' || c || '/' || n || '.m3u8' end,
       case when l = 2 then jsonb_build_object('markdown', '# Setting up ' || s, 'readingMinutes', 3 + n % 5)
            when l = 5 then jsonb_build_object('questions', 3 + n % 4, 'passMark', 70) end,
       timestamptz '2024-01-10 12:00:00+00' + n * interval '1 hour'
from (select row_number() over (order by c, s, l) as n, c, s, l
      from generate_series(1, 8) as c, generate_series(1, 3) as s, generate_series(1, 5) as l) x;
select setval(pg_get_serial_sequence('public.lessons', 'id'), 120);

insert into public.enrollments (id, course_id, user_id, status, enrolled_at, completed_at, expires_at) values
    (1, 'c0000000-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'completed', '2024-01-16 08:00:00+00', '2024-02-10 20:00:00+00', null),
    (2, 'c0000000-0000-4000-8000-000000000002', '11111111-1111-4111-8111-111111111111', 'active', '2024-02-11 08:00:00+00', null, '2025-02-11 08:00:00+00'),
    (3, 'c0000000-0000-4000-8000-000000000004', '11111111-1111-4111-8111-111111111111', 'active', '2024-02-20 08:00:00+00', null, null),
    (4, 'c0000000-0000-4000-8000-000000000003', '11111111-1111-4111-8111-111111111111', 'refunded', '2024-02-16 08:00:00+00', null, null),
    (5, 'c0000000-0000-4000-8000-000000000001', '44444444-4444-4444-8444-444444444444', 'active', '2024-01-20 08:00:00+00', null, null),
    (6, 'c0000000-0000-4000-8000-000000000003', '44444444-4444-4444-8444-444444444444', 'completed', '2024-02-16 09:00:00+00', '2024-03-01 18:00:00+00', null),
    (7, 'c0000000-0000-4000-8000-000000000005', '44444444-4444-4444-8444-444444444444', 'active', '2024-03-02 09:00:00+00', null, '2024-09-02 09:00:00+00'),
    (8, 'c0000000-0000-4000-8000-000000000001', '66666666-6666-4666-8666-666666666666', 'active', '2024-01-25 10:00:00+00', null, null),
    (9, 'c0000000-0000-4000-8000-000000000004', '66666666-6666-4666-8666-666666666666', 'completed', '2024-01-26 10:00:00+00', '2024-02-05 10:00:00+00', null),
    (10, 'c0000000-0000-4000-8000-000000000006', '66666666-6666-4666-8666-666666666666', 'active', '2024-03-11 10:00:00+00', null, null),
    (11, 'c0000000-0000-4000-8000-000000000002', '55555555-5555-4555-8555-555555555555', 'expired', '2024-02-02 10:00:00+00', null, '2024-03-02 10:00:00+00'),
    (12, 'c0000000-0000-4000-8000-000000000008', '55555555-5555-4555-8555-555555555555', 'active', '2024-03-13 10:00:00+00', null, null),
    (13, 'c0000000-0000-4000-8000-000000000005', '22222222-2222-4222-8222-222222222222', 'active', '2024-03-02 12:00:00+00', null, null),
    (14, 'c0000000-0000-4000-8000-000000000001', '33333333-3333-4333-8333-333333333333', 'completed', '2024-01-17 12:00:00+00', '2024-01-30 12:00:00+00', null),
    (15, 'c0000000-0000-4000-8000-000000000008', '11111111-1111-4111-8111-111111111111', 'active', '2024-03-14 08:00:00+00', null, null);
select setval(pg_get_serial_sequence('public.enrollments', 'id'), 15);

-- progress: the lessons of each enrollment, completed up to a point depending on the enrollment
insert into public.lesson_progress (user_id, lesson_id, seconds_watched, completed_at, updated_at)
select e.user_id, l.id, l.duration_seconds,
       case when e.status = 'completed' or l.position <= 2 + (e.id * 3) % 11 then e.enrolled_at + l.position * interval '1 day' end,
       e.enrolled_at + l.position * interval '1 day'
from public.enrollments e
join public.lessons l on l.course_id = e.course_id
where e.status = 'completed' or l.position <= 4 + (e.id * 3) % 11;

insert into public.reviews (id, course_id, user_id, rating, body, created_at) values
    (1, 'c0000000-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 5, 'Clear and practical, loved the exercises.', '2024-02-11 09:00:00+00'),
    (2, 'c0000000-0000-4000-8000-000000000001', '33333333-3333-4333-8333-333333333333', 4, 'Great intro, a bit slow in section 2.', '2024-01-31 09:00:00+00'),
    (3, 'c0000000-0000-4000-8000-000000000001', '44444444-4444-4444-8444-444444444444', 4, null, '2024-02-20 09:00:00+00'),
    (4, 'c0000000-0000-4000-8000-000000000003', '44444444-4444-4444-8444-444444444444', 5, 'Finally understood policies with joins.', '2024-03-02 09:00:00+00'),
    (5, 'c0000000-0000-4000-8000-000000000004', '66666666-6666-4666-8666-666666666666', 3, 'Good, but Figma changed since recording.', '2024-02-06 09:00:00+00'),
    (6, 'c0000000-0000-4000-8000-000000000004', '11111111-1111-4111-8111-111111111111', 4, 'Auto layout chapter is gold', '2024-03-01 09:00:00+00'),
    (7, 'c0000000-0000-4000-8000-000000000002', '55555555-5555-4555-8555-555555555555', 2, 'Too fast for me', '2024-02-25 09:00:00+00'),
    (8, 'c0000000-0000-4000-8000-000000000005', '22222222-2222-4222-8222-222222222222', 5, 'Tokens explained well', '2024-03-10 09:00:00+00');
select setval(pg_get_serial_sequence('public.reviews', 'id'), 8);

insert into public.certificates (id, enrollment_id, issued_at)
select ('ce000000-0000-4000-8000-0000000000' || lpad(e.id::text, 2, '0'))::uuid, e.id, e.completed_at
from public.enrollments e where e.status = 'completed';

refresh materialized view public.course_stats;
