-- Deterministic seed for the blog app.
insert into auth.users (id, email, created_at) values
    ('11111111-1111-4111-8111-111111111111', 'alice@example.com', '2024-01-01 09:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', 'bob@example.com', '2024-01-02 09:00:00+00'),
    ('33333333-3333-4333-8333-333333333333', 'carol@example.com', '2024-01-03 09:00:00+00'),
    ('44444444-4444-4444-8444-444444444444', 'dave@example.com', '2024-01-04 09:00:00+00'),
    ('55555555-5555-4555-8555-555555555555', 'erin@example.com', '2024-01-05 09:00:00+00'),
    ('66666666-6666-4666-8666-666666666666', 'frank@example.com', '2024-01-06 09:00:00+00');

insert into public.authors (id, "displayName", bio, twitter_handle, created_at) values
    ('11111111-1111-4111-8111-111111111111', 'Alice Archer', 'Writes about databases', 'alice_db', '2024-01-01 10:00:00+00'),
    ('22222222-2222-4222-8222-222222222222', 'Bob Baker', 'Frontend and design', null, '2024-01-02 10:00:00+00'),
    ('33333333-3333-4333-8333-333333333333', 'Carol Chen', null, 'carolc', '2024-01-03 10:00:00+00');

insert into public.tags (id, name, color) values
    (1, 'postgres', 'blue'), (2, 'rust', 'orange'), (3, 'css', 'pink'), (4, 'performance', null),
    (5, 'tutorial', 'green'), (6, 'career', null), (7, 'unused', 'grey');
select setval(pg_get_serial_sequence('public.tags', 'id'), 7);

insert into public.posts (id, author_id, title, slug, excerpt, body, status, tags, meta, view_count, published_at, updated_at)
select i,
       (array['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'])[1 + i % 3]::uuid,
       (array['Indexing jsonb', 'Fearless concurrency', 'Grid layouts', 'Faster queries', 'Getting started with Rust',
              'Interviewing tips', 'Row level security', 'Borrow checker stories', 'Flexbox in practice', 'Vacuum explained',
              'Async Rust', 'Leaving a job well'])[1 + (i - 1) % 12] || case when i > 12 then ' part 2' else '' end,
       'post-' || i,
       case when i % 4 <> 0 then 'An excerpt for post ' || i end,
       repeat('word ', 150 * (1 + i % 5)) || (array['postgres index', 'rust threads', 'css grid', 'query plan', 'cargo', 'hiring', 'policies', 'lifetimes', 'flex', 'autovacuum', 'tokio', 'resignation'])[1 + (i - 1) % 12],
       (case when i in (5, 17) then 'draft' when i = 11 then 'scheduled' when i = 3 then 'archived' else 'published' end)::post_status,
       string_to_array((array['postgres,performance', 'rust', 'css', 'postgres,performance', 'rust,tutorial',
              'career', 'postgres,tutorial', 'rust', 'css,tutorial', 'postgres',
              'rust,performance', 'career'])[1 + (i - 1) % 12], ','),
       jsonb_build_object('featured', i % 5 = 0, 'series', case when i > 12 then 'part-2' end),
       (i * 137) % 1000,
       case when i not in (5, 17, 11) then timestamptz '2024-01-01 08:00:00+00' + (i * 5 || ' days')::interval end,
       '2024-03-01 00:00:00+00'
from generate_series(1, 18) as i;
select setval(pg_get_serial_sequence('public.posts', 'id'), 18);

insert into public.post_tags (post_id, tag_id)
select p.id, t.id from public.posts p join public.tags t on t.name = any(p.tags);

insert into public.comments (id, post_id, parent_id, user_id, author_name, content, is_approved, created_at)
select i, 1 + (i * 5) % 18, case when i % 4 = 0 then i - 1 end,
       case when i % 3 = 0 then null else (array['44444444-4444-4444-8444-444444444444', '55555555-5555-4555-8555-555555555555', '66666666-6666-4666-8666-666666666666'])[1 + i % 3]::uuid end,
       case when i % 3 = 0 then 'guest' || i end,
       'Comment number ' || i || case when i % 7 = 0 then ' with a link http://spam.example' else '' end,
       i % 7 <> 0,
       timestamptz '2024-02-01 00:00:00+00' + (i * 7 || ' hours')::interval
from generate_series(1, 30) as i;
select setval(pg_get_serial_sequence('public.comments', 'id'), 30);
